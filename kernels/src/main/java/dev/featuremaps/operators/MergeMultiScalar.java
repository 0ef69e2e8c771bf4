package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * {@code MergeMultiScalarFeatureTensors}: inputs (lengths int32[B], keys int64[F_j], values
 * T[F_j]) per input; outputs lengths, keys, values: for each example, each input's next
 * {@code lengths_j[e]} (key, value) pairs, inputs in order.
 *
 * <p>Fixed-width values are merged example-major, in output order, from a prefix sum of each
 * input's lengths: one run per (example, input), which the kernels copy as whole vector blocks
 * when short. String values go by columns: each input's runs to per-example cursors.
 */
final class MergeMultiScalar extends AbstractOperator {
    static final String NAME = "MergeMultiScalarFeatureTensors";

    MergeMultiScalar(FeatureKernels kernels) {
        super(NAME, kernels, new String[] {"lengths", "keys", "values"}, null, "lengths", "keys", "values");
    }

    @Override
    void validate(Check check, Plan plan) {
        Tensor[] in = plan.inputs;
        int m = check.groups(3, 0, "3 per input (lengths, keys, values), at least 1 input");
        long batch = in[0].count();
        long total = 0;
        long bytes = 0;
        for (int j = 0; j < m; j++) {
            int l = 3 * j;
            check.lengths(l, "lengths", batch, "the batch size, from input 0 (lengths)");
            long features = check.sumLengths(l, "lengths");
            check.dtype(l + 1, "keys", DType.INT64);
            check.size(l + 1, "keys", features, "the sum of the lengths of input", l);
            check.sameType(l + 2, "values", 2);
            check.size(l + 2, "values", features, "the sum of the lengths of input", l);
            bytes += stringBytes(check, in, l + 2, "values");
            total += features;
            check.total(total, "features", l);
        }
        plan.batch = batch;
        plan.groups = m;
        plan.valueType = in[2].dtype();
        plan.addOutput(DType.INT32, batch, 0);
        plan.addOutput(DType.INT64, total, 0);
        plan.addOutput(plan.valueType, total, bytes);
        if (plan.valueType != DType.STRING) {
            Scratch s = plan.scratch(Scratch.class, Scratch::new);
            s.bounds.reserve(m, batch);
            s.keys = Segments.inputs(s.keys, in, 1, 3, m);
            s.values = Segments.inputs(s.values, in, 2, 3, m);
        }
    }

    /** Kept in the plan: each input's offsets and sources for the example-major copies. */
    static final class Scratch {
        final Segments.Tables bounds = new Segments.Tables();
        MemorySegment[] keys = Segments.NONE;
        MemorySegment[] values = Segments.NONE;
    }

    @Override
    void compute(Plan plan, Tensor[] in, Tensor[] out) {
        long batch = plan.batch;
        int m = plan.groups;
        MemorySegment lengths = out[0].data();
        lengths.fill((byte) 0);
        if (plan.valueType != DType.STRING) {
            Scratch s = plan.scratch(Scratch.class, Scratch::new);
            MemorySegment[] bounds = s.bounds.get();
            for (int j = 0; j < m; j++) {
                kernels.addLengths(in[3 * j].data(), null, batch, lengths);
                kernels.prefixSum(in[3 * j].data(), null, batch, bounds[j]);
            }
            kernels.interleaveRunPairs(s.keys, s.values, bounds, m, batch, out[1].data(), Long.BYTES,
                    out[2].data(), width(out[2]));
            return;
        }
        for (int j = 0; j < m; j++) {
            kernels.addLengths(in[3 * j].data(), null, batch, lengths);
        }
        MemorySegment cursors = plan.cursors();
        MemorySegment bounds = plan.bounds();
        kernels.prefixSum(lengths, null, batch, cursors);
        for (int j = 0; j < m; j++) {
            kernels.prefixSum(in[3 * j].data(), null, batch, bounds);
            kernels.scatterRuns(in[3 * j + 1].data(), bounds, batch, out[1].data(), cursors, Long.BYTES);
            scatterRuns(plan, j, in[3 * j + 2], bounds, out[2], cursors);
            kernels.advance(cursors, bounds, batch);
        }
        if (plan.valueType == DType.STRING) {
            plan.strings.finish(out[2], in, 2, 3);
        }
    }
}
