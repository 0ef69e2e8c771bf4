package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * {@code MergeSingleScalarFeatureTensorsGradient}: inputs presence_1..presence_N, values_grad;
 * outputs grad_i T[B]: the gradient of each merged value goes back to its feature and example,
 * absent entries get the type's default (0, false, "").
 *
 * <p>Fixed-width gradients: tiles of examples, presence transposed to rows, the merged
 * gradient expanded into the tile by it and the tile transposed back to the outputs (see
 * {@link PresentColumns#split}). Strings feature by feature, from per-example cursors.
 */
final class MergeSingleScalarGradient extends AbstractOperator {
    static final String NAME = "MergeSingleScalarFeatureTensorsGradient";

    MergeSingleScalarGradient(FeatureKernels kernels) {
        super(NAME, kernels, new String[] {"presence"}, "values_grad", "values_grad");
    }

    @Override
    void validate(Check check, Plan plan) {
        Tensor[] in = plan.inputs;
        int n = check.groups(1, 1, "N presence tensors, then values_grad (N >= 1)");
        long batch = in[0].count();
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += check.presence(i, batch, "the batch size, from input 0 (presence)");
            check.total(total, "features", i);
        }
        check.size(n, "values_grad", total, "the number of present entries");
        check.strings(n, "values_grad");
        plan.batch = batch;
        plan.groups = n;
        plan.valueType = in[n].dtype();
        for (int i = 0; i < n; i++) {
            plan.addOutput(plan.valueType, batch, 0);
        }
        if (plan.valueType == DType.STRING) {
            plan.reserve(batch);
            walk(plan, in, null);
        } else {
            PresentColumns.of(plan).planSplit(plan, n, 0, 1);
        }
    }

    @Override
    void compute(Plan plan, Tensor[] in, Tensor[] out) {
        if (plan.valueType == DType.STRING) {
            walk(plan, in, out);
            return;
        }
        PresentColumns.of(plan).split(kernels, plan, in[plan.groups].data(), out, width(in[plan.groups]));
    }

    /** Writes string outputs, or with {@code out == null} records the string bytes of each. */
    private void walk(Plan plan, Tensor[] in, Tensor[] out) {
        long batch = plan.batch;
        int n = plan.groups;
        Tensor grad = in[n];
        plan.clearCounts(batch);
        MemorySegment counts = plan.counts();
        for (int i = 0; i < n; i++) {
            kernels.addPresence(in[i].data(), batch, counts);
        }
        MemorySegment cursors = plan.cursors();
        kernels.prefixSum(counts, null, batch, cursors);
        for (int i = 0; i < n; i++) {
            MemorySegment presence = in[i].data();
            long bytes = StringValues.gatherPresent(grad, cursors, presence, batch, out == null ? null : out[i]);
            if (out == null) {
                plan.setOutputBytes(i, bytes);
            }
            kernels.advancePresent(cursors, presence, batch);
        }
    }
}
