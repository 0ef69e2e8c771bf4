package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * {@code MergeMultiScalarFeatureTensorsGradient}: inputs lengths_1..lengths_M, values_grad;
 * outputs values_grad_j of {@code sum(lengths_j)} elements, taken back in forward order.
 *
 * <p>Fixed-width gradients are read front to back, one run per (example, input), each written to
 * its output at a prefix sum of that input's lengths; every output is written in increasing
 * order, which lets the kernels copy short runs as whole vector blocks.
 */
final class MergeMultiScalarGradient extends AbstractOperator {
    static final String NAME = "MergeMultiScalarFeatureTensorsGradient";

    MergeMultiScalarGradient(FeatureKernels kernels) {
        super(NAME, kernels, new String[] {"lengths"}, "values_grad", "values_grad");
    }

    @Override
    void validate(Check check, Plan plan) {
        Tensor[] in = plan.inputs;
        int m = check.groups(1, 1, "M lengths tensors, then values_grad (M >= 1)");
        long batch = in[0].count();
        long total = 0;
        for (int j = 0; j < m; j++) {
            check.lengths(j, "lengths", batch, "the batch size, from input 0 (lengths)");
            long features = check.sumLengths(j, "lengths");
            plan.addOutput(null, features, 0);
            total += features;
            check.total(total, "features", j);
        }
        check.size(m, "values_grad", total, "the sum of all lengths");
        check.strings(m, "values_grad");
        plan.batch = batch;
        plan.groups = m;
        plan.valueType = in[m].dtype();
        plan.setOutputTypes(plan.valueType);
        if (plan.valueType == DType.STRING) {
            plan.reserve(batch);
            walk(plan, in, null);
        } else {
            Segments.RunOutputs s = Segments.RunOutputs.of(plan);
            s.bounds.reserve(m, batch);
            s.outputs = Segments.sized(s.outputs, m);
        }
    }


    @Override
    void compute(Plan plan, Tensor[] in, Tensor[] out) {
        if (plan.valueType == DType.STRING) {
            walk(plan, in, out);
            return;
        }
        int m = plan.groups;
        Segments.RunOutputs s = Segments.RunOutputs.of(plan);
        MemorySegment[] bounds = s.bounds.get();
        MemorySegment[] outputs = s.outputs;
        for (int j = 0; j < m; j++) {
            kernels.prefixSum(in[j].data(), null, plan.batch, bounds[j]);
            outputs[j] = out[j].data();
        }
        kernels.deinterleaveRuns(in[m].data(), 0, outputs, bounds, m, plan.batch, width(in[m]));
    }

    private void walk(Plan plan, Tensor[] in, Tensor[] out) {
        long batch = plan.batch;
        int m = plan.groups;
        plan.clearCounts(batch);
        MemorySegment counts = plan.counts();
        for (int j = 0; j < m; j++) {
            kernels.addLengths(in[j].data(), null, batch, counts);
        }
        MemorySegment cursors = plan.cursors();
        MemorySegment bounds = plan.bounds();
        kernels.prefixSum(counts, null, batch, cursors);
        for (int j = 0; j < m; j++) {
            kernels.prefixSum(in[j].data(), null, batch, bounds);
            gatherRuns(plan, in[m], cursors, out == null ? null : out[j], bounds, j);
            kernels.advance(cursors, bounds, batch);
        }
    }
}
