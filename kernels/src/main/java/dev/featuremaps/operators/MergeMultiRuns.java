package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * {@code MergeMultiListFeatureTensors} (inputs lengths, keys, values.lengths, values.values per
 * input) and {@code MergeMultiMapFeatureTensors} (with values.keys before values.values). For
 * each example, each input's next {@code lengths_j[e]} features with their run lengths and runs.
 *
 * <p>Fixed-width types are merged example-major, in output order: per input, a prefix sum of
 * its lengths bounds its feature-level runs and a segmented prefix sum of its values.lengths its
 * value runs; then each output is written front to back, one run per (example, input), which
 * lets the kernels copy short runs as whole vector blocks. Strings take the column-order path:
 * per input, its runs go to per-example cursors.
 */
final class MergeMultiRuns extends AbstractOperator {
    static final String LIST = "MergeMultiListFeatureTensors";
    static final String MAP = "MergeMultiMapFeatureTensors";

    private final boolean map;
    private final int stride;

    MergeMultiRuns(FeatureKernels kernels, boolean map) {
        super(map ? MAP : LIST, kernels, map
                ? new String[] {"lengths", "keys", "values.lengths", "values.keys", "values.values"}
                : new String[] {"lengths", "keys", "values.lengths", "values.values"}, null, map
                ? new String[] {"lengths", "keys", "values.lengths", "values.keys", "values.values"}
                : new String[] {"lengths", "keys", "values.lengths", "values.values"});
        this.map = map;
        this.stride = map ? 5 : 4;
    }

    private static final String LENGTHS = "the sum of the lengths of input";
    private static final String VALUES_LENGTHS = "the sum of the values.lengths of input";

    @Override
    void validate(Check check, Plan plan) {
        Tensor[] in = plan.inputs;
        int m = check.groups(stride, 0, map
                ? "5 per input (lengths, keys, values.lengths, values.keys, values.values), at least 1 input"
                : "4 per input (lengths, keys, values.lengths, values.values), at least 1 input");
        long batch = in[0].count();
        long features = 0;
        long total = 0;
        long keyBytes = 0;
        long valueBytes = 0;
        for (int j = 0; j < m; j++) {
            int l = stride * j;
            int vv = l + stride - 1;
            check.lengths(l, "lengths", batch, "the batch size, from input 0 (lengths)");
            long f = check.sumLengths(l, "lengths");
            check.dtype(l + 1, "keys", DType.INT64);
            check.size(l + 1, "keys", f, LENGTHS, l);
            check.dtype(l + 2, "values.lengths", DType.INT32);
            check.size(l + 2, "values.lengths", f, LENGTHS, l);
            long v = check.sumLengths(l + 2, "values.lengths");
            if (map) {
                check.sameType(l + 3, "values.keys", 3);
                check.size(l + 3, "values.keys", v, VALUES_LENGTHS, l + 2);
                keyBytes += stringBytes(check, in, l + 3, "values.keys");
            }
            check.sameType(vv, "values.values", stride - 1);
            check.size(vv, "values.values", v, VALUES_LENGTHS, l + 2);
            valueBytes += stringBytes(check, in, vv, "values.values");
            features += f;
            total += v;
            check.total(features, "features", l);
            check.total(total, "values", l + 2);
        }
        plan.batch = batch;
        plan.groups = m;
        plan.valueType = in[stride - 1].dtype();
        plan.addOutput(DType.INT32, batch, 0);
        plan.addOutput(DType.INT64, features, 0);
        plan.addOutput(DType.INT32, features, 0);
        if (map) {
            plan.addOutput(in[3].dtype(), total, keyBytes);
        }
        plan.addOutput(plan.valueType, total, valueBytes);
        if (plan.valueType != DType.STRING && !(map && in[3].dtype() == DType.STRING)) {
            Scratch s = plan.scratch(Scratch.class, Scratch::new);
            s.featureBounds.reserve(m, batch);
            s.valueBounds.reserve(m, batch);
            s.keys = Segments.inputs(s.keys, in, 1, stride, m);
            s.valuesLengths = Segments.inputs(s.valuesLengths, in, 2, stride, m);
            if (map) {
                s.valuesKeys = Segments.inputs(s.valuesKeys, in, 3, stride, m);
            }
            s.values = Segments.inputs(s.values, in, stride - 1, stride, m);
        }
    }

    /** Kept in the plan: each input's entry and value offsets, and its sources by role. */
    static final class Scratch {
        final Segments.Tables featureBounds = new Segments.Tables();
        final Segments.Tables valueBounds = new Segments.Tables();
        MemorySegment[] keys = Segments.NONE;
        MemorySegment[] valuesLengths = Segments.NONE;
        MemorySegment[] valuesKeys = Segments.NONE;
        MemorySegment[] values = Segments.NONE;
    }

    @Override
    void compute(Plan plan, Tensor[] in, Tensor[] out) {
        Tensor outValues = out[map ? 4 : 3];
        if (outValues.dtype() == DType.STRING || (map && out[3].dtype() == DType.STRING)) {
            computeByColumns(plan, in, out);
            return;
        }
        long batch = plan.batch;
        int m = plan.groups;
        MemorySegment lengths = out[0].data();
        lengths.fill((byte) 0);
        Scratch s = plan.scratch(Scratch.class, Scratch::new);
        MemorySegment[] featureBounds = s.featureBounds.get();
        MemorySegment[] valueBounds = s.valueBounds.get();
        for (int j = 0; j < m; j++) {
            MemorySegment inLengths = in[stride * j].data();
            kernels.addLengths(inLengths, null, batch, lengths);
            kernels.prefixSum(inLengths, null, batch, featureBounds[j]);
            kernels.segmentedPrefixSum(in[stride * j + 2].data(), inLengths, batch, valueBounds[j]);
        }
        kernels.interleaveRunPairs(s.keys, s.valuesLengths, featureBounds, m, batch, out[1].data(), Long.BYTES,
                out[2].data(), Integer.BYTES);
        // The value runs are a whole example's features long, copied in bulk: interleaved in one
        // pass, two long copies alternate between four streams, and the multi map merge took 30
        // to 60 % longer on training than with a pass each.
        if (map) {
            kernels.interleaveRuns(s.valuesKeys, valueBounds, m, batch, out[3].data(), 0, width(out[3]));
        }
        kernels.interleaveRuns(s.values, valueBounds, m, batch, outValues.data(), 0, width(outValues));
    }

    private void computeByColumns(Plan plan, Tensor[] in, Tensor[] out) {
        long batch = plan.batch;
        int m = plan.groups;
        MemorySegment lengths = out[0].data();
        Tensor outValues = out[map ? 4 : 3];
        Tensor outKeys = map ? out[3] : null;

        lengths.fill((byte) 0);
        for (int j = 0; j < m; j++) {
            kernels.addLengths(in[stride * j].data(), null, batch, lengths);
        }
        MemorySegment cursors = plan.cursors();
        MemorySegment bounds = plan.bounds();
        kernels.prefixSum(lengths, null, batch, cursors);
        for (int j = 0; j < m; j++) {
            int l = stride * j;
            kernels.prefixSum(in[l].data(), null, batch, bounds);
            kernels.scatterRuns(in[l + 1].data(), bounds, batch, out[1].data(), cursors, Long.BYTES);
            kernels.scatterRuns(in[l + 2].data(), bounds, batch, out[2].data(), cursors, Integer.BYTES);
            kernels.advance(cursors, bounds, batch);
        }

        kernels.segmentedPrefixSum(out[2].data(), lengths, batch, cursors);
        boolean strings = outValues.dtype() == DType.STRING || (map && outKeys.dtype() == DType.STRING);
        for (int j = 0; j < m; j++) {
            int l = stride * j;
            kernels.segmentedPrefixSum(in[l + 2].data(), in[l].data(), batch, bounds);
            if (map) {
                scatterRuns(plan, j, in[l + 3], bounds, outKeys, cursors);
            }
            scatterRuns(plan, j, in[l + stride - 1], bounds, outValues, cursors);
            kernels.advance(cursors, bounds, batch);
        }
        if (strings) {
            if (map && outKeys.dtype() == DType.STRING) {
                plan.strings.finish(outKeys, in, 3, stride);
            }
            if (outValues.dtype() == DType.STRING) {
                plan.strings.finish(outValues, in, stride - 1, stride);
            }
        }
    }
}
