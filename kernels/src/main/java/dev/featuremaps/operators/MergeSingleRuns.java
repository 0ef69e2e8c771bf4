package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * {@code MergeSingleListFeatureTensors} (inputs lengths, values, presence per feature; outputs
 * lengths, keys, values.lengths, values.values) and {@code MergeSingleMapFeatureTensors} (inputs
 * lengths, keys, values, presence; outputs with values.keys too). For each example, each present
 * feature in order appends its id, its run length and its run.
 *
 * <p>Two phases: the per-feature entries (keys, values.lengths), merged as the scalar merge merges
 * values ({@link PresentColumns}, whatever the run's element type), then the runs. Fixed-width
 * runs are gathered entry by entry in output order, from each entry's feature and a cursor per
 * feature, which lets the kernels copy short runs as whole vector blocks;
 * string runs go by columns, to cursors from a segmented prefix sum of the merged run lengths.
 */
final class MergeSingleRuns extends AbstractOperator {
    static final String LIST = "MergeSingleListFeatureTensors";
    static final String MAP = "MergeSingleMapFeatureTensors";

    private final boolean map;
    private final int stride;

    MergeSingleRuns(FeatureKernels kernels, boolean map) {
        super(map ? MAP : LIST, kernels, map
                ? new String[] {"lengths", "keys", "values", "presence"}
                : new String[] {"lengths", "values", "presence"}, null, map
                ? new String[] {"lengths", "keys", "values.lengths", "values.keys", "values.values"}
                : new String[] {"lengths", "keys", "values.lengths", "values.values"});
        this.map = map;
        this.stride = map ? 4 : 3;
    }

    private int valuesInput(int i) {
        return stride * i + stride - 2;
    }

    @Override
    void validate(Check check, Plan plan) {
        Tensor[] in = plan.inputs;
        int n = check.groups(stride, 0, map
                ? "4 per feature (lengths, keys, values, presence), at least 1 feature"
                : "3 per feature (lengths, values, presence), at least 1 feature");
        check.featureIds(plan.featureIds, n, "feature");
        long batch = in[0].count();
        long features = 0;
        long total = 0;
        long valueBytes = 0;
        long keyBytes = 0;
        for (int i = 0; i < n; i++) {
            int l = stride * i;
            int v = valuesInput(i);
            int p = l + stride - 1;
            check.lengths(l, "lengths", batch, "the batch size, from input 0 (lengths)");
            features += check.presence(p, batch, "the batch size, from input 0 (lengths)");
            long run = check.sumPresentLengths(l, p);
            if (map) {
                check.sameType(l + 1, "keys", 1);
                check.size(l + 1, "keys", run, "the sum of the present lengths of input", l);
                keyBytes += stringBytes(check, in, l + 1, "keys");
            }
            check.sameType(v, "values", valuesInput(0));
            check.size(v, "values", run, "the sum of the present lengths of input", l);
            valueBytes += stringBytes(check, in, v, "values");
            total += run;
            check.total(features, "features", p);
            check.total(total, "values", l);
        }
        plan.batch = batch;
        plan.groups = n;
        plan.valueType = in[valuesInput(0)].dtype();
        plan.addOutput(DType.INT32, batch, 0);
        plan.addOutput(DType.INT64, features, 0);
        plan.addOutput(DType.INT32, features, 0);
        if (map) {
            plan.addOutput(in[1].dtype(), total, keyBytes);
        }
        plan.addOutput(plan.valueType, total, valueBytes);
        Scratch s = plan.scratch(Scratch.class, Scratch::new);
        s.entries.plan(plan, n, 0, stride - 1, stride);
        if (!strings(plan)) {
            s.byEntry = RunOrder.choose(features, (long) n * batch) == RunOrder.BY_ENTRY;
            if (s.byEntry) {
                s.entries.planEntryColumns(n);
                s.entryColumns = Segments.atLeast(s.entryColumns, features * Integer.BYTES);
                s.cursors = Segments.atLeast(s.cursors, (long) n * Long.BYTES);
            } else {
                s.bounds.reserve(n, batch);
            }
            if (map) {
                s.keys = Segments.inputs(s.keys, in, 1, stride, n);
            }
            s.values = Segments.inputs(s.values, in, stride - 2, stride, n);
        }
    }

    /**
     * Kept in the plan: the per-feature entries' tiles, then for the runs each entry's input,
     * a cursor per input and the inputs' segments.
     */
    static final class Scratch {
        final PresentColumns entries = new PresentColumns();
        final Segments.Tables bounds = new Segments.Tables();
        boolean byEntry;
        MemorySegment entryColumns = MemorySegment.NULL;
        MemorySegment cursors = MemorySegment.NULL;
        MemorySegment[] keys = Segments.NONE;
        MemorySegment[] values = Segments.NONE;
    }

    private boolean strings(Plan plan) {
        return plan.valueType == DType.STRING || (map && plan.inputs[1].dtype() == DType.STRING);
    }

    @Override
    void compute(Plan plan, Tensor[] in, Tensor[] out) {
        long batch = plan.batch;
        int n = plan.groups;
        MemorySegment lengths = out[0].data();
        MemorySegment valuesLengths = out[2].data();
        Tensor outValues = out[map ? 4 : 3];
        Tensor outKeys = map ? out[3] : null;

        Scratch s = plan.scratch(Scratch.class, Scratch::new);
        if (!strings(plan) && !s.byEntry) {
            s.entries.merge(kernels, plan, lengths, out[1].data(), valuesLengths, Integer.BYTES, MemorySegment.NULL);
            MemorySegment[] bounds = s.bounds.get();
            for (int i = 0; i < n; i++) {
                kernels.prefixSum(in[stride * i].data(), in[stride * i + stride - 1].data(), batch, bounds[i]);
            }
            if (map) {
                kernels.interleaveRunPairs(s.keys, s.values, bounds, n, batch, outKeys.data(), width(outKeys),
                        outValues.data(), width(outValues));
            } else {
                kernels.interleaveRuns(s.values, bounds, n, batch, outValues.data(), 0, width(outValues));
            }
            return;
        }
        if (!strings(plan)) {
            // Entry by entry, in output order: only present runs cost a step, and each input's
            // next run is at its cursor, where the example-major loop over every (example,
            // input) read two bounds from a table per input.
            MemorySegment columns = s.entryColumns;
            s.entries.merge(kernels, plan, lengths, out[1].data(), valuesLengths, Integer.BYTES, columns);
            long features = out[1].count();
            long total = outValues.count();
            if (map) {
                s.cursors.fill((byte) 0);
                kernels.gatherEntryRuns(s.keys, columns, valuesLengths, features, s.cursors, outKeys.data(), 0,
                        total, width(outKeys));
            }
            s.cursors.fill((byte) 0);
            kernels.gatherEntryRuns(s.values, columns, valuesLengths, features, s.cursors, outValues.data(), 0,
                    total, width(outValues));
            return;
        }
        s.entries.merge(kernels, plan, lengths, out[1].data(), valuesLengths, Integer.BYTES, MemorySegment.NULL);
        // String runs: each example's value cursor from the merged run lengths, then column by column.
        MemorySegment cursors = plan.cursors();
        kernels.segmentedPrefixSum(valuesLengths, lengths, batch, cursors);
        MemorySegment bounds = plan.bounds();
        for (int i = 0; i < n; i++) {
            int l = stride * i;
            kernels.prefixSum(in[l].data(), in[l + stride - 1].data(), batch, bounds);
            if (map) {
                scatterRuns(plan, i, in[l + 1], bounds, outKeys, cursors);
            }
            // With string keys and values both, the second call records the same sources again.
            scatterRuns(plan, i, in[valuesInput(i)], bounds, outValues, cursors);
            kernels.advance(cursors, bounds, batch);
        }
        if (map && outKeys.dtype() == DType.STRING) {
            plan.strings.finish(outKeys, in, 1, stride);
        }
        if (outValues.dtype() == DType.STRING) {
            plan.strings.finish(outValues, in, valuesInput(0), stride);
        }
    }
}
