package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * {@code MergeSingleScalarFeatureTensors}: inputs (values T[B], presence bool[B]) per feature;
 * outputs lengths int32[B], keys int64[F], values T[F]. For each example, for each feature in
 * order, a present value is appended with its feature id.
 *
 * <p>Fixed-width values: see {@link PresentColumns}, tiles of examples transposed and compacted.
 * Strings feature by feature: presence counts give the output lengths, their prefix sum a write
 * cursor per example, and each feature's present values are scattered to the cursors.
 */
final class MergeSingleScalar extends AbstractOperator {
    static final String NAME = "MergeSingleScalarFeatureTensors";

    MergeSingleScalar(FeatureKernels kernels) {
        super(NAME, kernels, new String[] {"values", "presence"}, null, "lengths", "keys", "values");
    }

    @Override
    void validate(Check check, Plan plan) {
        Tensor[] in = plan.inputs;
        int n = check.groups(2, 0, "2 per feature (values, presence), at least 1 feature");
        check.featureIds(plan.featureIds, n, "feature");
        long batch = in[1].count();
        long total = 0;
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            int v = 2 * i;
            check.sameType(v, "values", 0);
            check.size(v, "values", batch, "the batch size, from input 1 (presence)");
            total += check.presence(v + 1, batch, "the batch size, from input 1 (presence)");
            check.total(total, "features", v + 1);
            if (in[v].dtype() == DType.STRING) {
                check.strings(v, "values");
                bytes += presentStringBytes(in[v], in[v + 1]);
            }
        }
        plan.batch = batch;
        plan.groups = n;
        plan.valueType = in[0].dtype();
        plan.addOutput(DType.INT32, batch, 0);
        plan.addOutput(DType.INT64, total, 0);
        plan.addOutput(plan.valueType, total, bytes);
        if (plan.valueType != DType.STRING) {
            PresentColumns.of(plan).plan(plan, n, 0, 1, 2);
        }
    }

    static long presentStringBytes(Tensor values, Tensor presence) {
        long bytes = 0;
        for (long e = 0; e < values.count(); e++) {
            if (presence.getBoolean(e)) {
                bytes += values.stringOffset(e + 1) - values.stringOffset(e);
            }
        }
        return bytes;
    }

    @Override
    void compute(Plan plan, Tensor[] in, Tensor[] out) {
        if (plan.valueType != DType.STRING) {
            PresentColumns.of(plan).merge(kernels, plan, out[0].data(), out[1].data(), out[2].data(), width(out[2]),
                    MemorySegment.NULL);
            return;
        }
        long batch = plan.batch;
        MemorySegment lengths = out[0].data();
        MemorySegment keys = out[1].data();
        Tensor values = out[2];
        lengths.fill((byte) 0);
        for (int i = 0; i < plan.groups; i++) {
            kernels.addPresence(in[2 * i + 1].data(), batch, lengths);
        }
        MemorySegment cursors = plan.cursors();
        kernels.prefixSum(lengths, null, batch, cursors);
        // Strings only: fixed-width values took the tiled path above.
        for (int i = 0; i < plan.groups; i++) {
            MemorySegment presence = in[2 * i + 1].data();
            plan.strings.scatterPresent(i, presence, batch, cursors);
            kernels.scatterConstant(plan.featureIds[i], presence, batch, keys, cursors);
            kernels.advancePresent(cursors, presence, batch);
        }
        plan.strings.finish(values, in, 0, 2);
    }
}
