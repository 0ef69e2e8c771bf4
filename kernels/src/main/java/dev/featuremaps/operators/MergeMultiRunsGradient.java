package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * {@code MergeMultiListFeatureTensorsGradient} and {@code MergeMultiMapFeatureTensorsGradient}
 * (one computation): inputs (lengths, values.lengths) per input, then values.values_grad; output
 * per input the gradient of its values.values, taken back in forward order.
 *
 * <p>Fixed-width gradients are read front to back, one run per (example, input), each written to
 * its output at a segmented prefix sum of that input's values.lengths; every output is written in
 * increasing order, which lets the kernels copy short runs as whole vector blocks.
 */
final class MergeMultiRunsGradient extends AbstractOperator {
    static final String LIST = "MergeMultiListFeatureTensorsGradient";
    static final String MAP = "MergeMultiMapFeatureTensorsGradient";

    MergeMultiRunsGradient(FeatureKernels kernels, boolean map) {
        super(map ? MAP : LIST, kernels, new String[] {"lengths", "values.lengths"}, "values.values_grad",
                "values_grad");
    }

    @Override
    void validate(Check check, Plan plan) {
        Tensor[] in = plan.inputs;
        int m = check.groups(2, 1, "2 per input (lengths, values.lengths), then values.values_grad");
        long batch = in[0].count();
        long total = 0;
        for (int j = 0; j < m; j++) {
            int l = 2 * j;
            check.lengths(l, "lengths", batch, "the batch size, from input 0 (lengths)");
            long f = check.sumLengths(l, "lengths");
            check.dtype(l + 1, "values.lengths", DType.INT32);
            check.size(l + 1, "values.lengths", f, "the sum of the lengths of input", l);
            long v = check.sumLengths(l + 1, "values.lengths");
            plan.addOutput(null, v, 0);
            total += v;
            check.total(total, "values", l + 1);
        }
        int g = 2 * m;
        check.size(g, "values.values_grad", total, "the sum of all values.lengths");
        check.strings(g, "values.values_grad");
        plan.batch = batch;
        plan.groups = m;
        plan.valueType = in[g].dtype();
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
            kernels.segmentedPrefixSum(in[2 * j + 1].data(), in[2 * j].data(), plan.batch, bounds[j]);
            outputs[j] = out[j].data();
        }
        kernels.deinterleaveRuns(in[2 * m].data(), 0, outputs, bounds, m, plan.batch, width(in[2 * m]));
    }

    private void walk(Plan plan, Tensor[] in, Tensor[] out) {
        long batch = plan.batch;
        int m = plan.groups;
        MemorySegment cursors = plan.cursors();
        MemorySegment bounds = plan.bounds();
        // Values per example over all inputs, then their exclusive scan: where each example's
        // gradient run starts. The per-input offsets are recomputed below rather than kept, so
        // scratch stays O(B) whatever M is.
        plan.clearCursors(batch);
        for (int j = 0; j < m; j++) {
            kernels.segmentedPrefixSum(in[2 * j + 1].data(), in[2 * j].data(), batch, bounds);
            kernels.advance(cursors, bounds, batch);
        }
        kernels.exclusiveScan(cursors, batch);
        Tensor grad = in[2 * m];
        for (int j = 0; j < m; j++) {
            kernels.segmentedPrefixSum(in[2 * j + 1].data(), in[2 * j].data(), batch, bounds);
            gatherRuns(plan, grad, cursors, out == null ? null : out[j], bounds, j);
            kernels.advance(cursors, bounds, batch);
        }
    }
}
