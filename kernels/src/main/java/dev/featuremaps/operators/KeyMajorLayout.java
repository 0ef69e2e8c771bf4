package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Where every entry of a multi-feature batch goes in the key-major layout: for key {@code k}
 * of the {@code keys} argument and example {@code e}, group {@code k * B + e} holds the entries
 * of example {@code e} whose feature id is {@code k}, in input order; entries of other ids are
 * dropped.
 *
 * <p>Made at plan time (the output sizes depend on it) by a counting sort of the entries by
 * group: count per group, an exclusive scan, then one pass that places each kept entry. What
 * the copies need is then in key-major order: each kept entry's example-major value start and
 * run length, and the key-major offsets of the runs, so the forward gathers runs into an output
 * written front to back and the gradient scatters them back. Kept in the plan; the tables grow
 * to the largest batch seen and are reused.
 */
final class KeyMajorLayout {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    final KeyIndex index = new KeyIndex();
    /** Per group, after {@link #build}: the end of its entries in key-major order. */
    private MemorySegment groupEnds = MemorySegment.NULL;
    /** Per input entry: its position in key-major order, or -1 when dropped. */
    private MemorySegment target = MemorySegment.NULL;
    /** Per kept entry in key-major order: where its run starts in the example-major values. */
    private MemorySegment starts = MemorySegment.NULL;
    /** Per kept entry in key-major order: its run length. */
    private MemorySegment runLengths = MemorySegment.NULL;
    /** Key-major offsets of the kept runs: {@code kept + 1} entries. */
    private MemorySegment bounds = MemorySegment.NULL;
    /** Example-major offsets of every entry's run (list and map): {@code entries + 1} entries. */
    private MemorySegment valueStarts = MemorySegment.NULL;

    long batch;
    int keyCount;
    long entries;
    /** Entries kept. */
    long kept;
    /** Values in the kept runs: the size of the key-major values. */
    long values;
    private boolean runs;

    /**
     * Checks the {@code keys} argument and lays the entries out.
     *
     * @param lengths int32[B] entries per example (validated)
     * @param keys int64[F] feature id per entry (validated)
     * @param valuesLengths int32[F] run length per entry (validated), or {@code null} when every
     *     entry is one value (scalar features)
     */
    void build(Check check, FeatureKernels kernels, long[] ids, MemorySegment lengths, long batch,
               MemorySegment keys, long entries, MemorySegment valuesLengths) {
        if (ids == null) {
            throw check.fail("argument keys is missing: expected the int64 feature ids to keep, in output order");
        }
        int repeated = index.build(ids);
        if (repeated >= 0) {
            int first = 0;
            while (ids[first] != ids[repeated]) {
                first++;
            }
            throw check.fail("argument keys repeats key " + ids[repeated] + " at positions " + first + " and "
                    + repeated);
        }
        long groups = (long) ids.length * batch;
        if (groups > check.maxTotal()) {
            // Only here is the message built: concatenated up front, it allocated at every plan.
            check.total(groups, "key-major lengths (" + ids.length + " keys times " + batch + " examples)", 0);
        }
        this.batch = batch;
        this.keyCount = ids.length;
        this.entries = entries;
        this.runs = valuesLengths != null;
        groupEnds = Segments.atLeast(groupEnds, (groups + 1) * Long.BYTES);
        target = Segments.atLeast(target, entries * Integer.BYTES);
        starts = Segments.atLeast(starts, entries * Long.BYTES);
        runLengths = Segments.atLeast(runLengths, entries * Integer.BYTES);
        bounds = Segments.atLeast(bounds, (entries + 1) * Long.BYTES);
        for (long g = 0; g < groups; g++) {
            groupEnds.set(LONG, g << 3, 0L);
        }
        if (runs) {
            valueStarts = Segments.atLeast(valueStarts, (entries + 1) * Long.BYTES);
            kernels.prefixSum(valuesLengths, null, entries, valueStarts);
        }
        long f = 0;
        for (long e = 0; e < batch; e++) {
            int n = lengths.get(INT, e << 2);
            for (int t = 0; t < n; t++, f++) {
                int k = index.find(keys.get(LONG, f << 3));
                target.set(INT, f << 2, k);
                if (k >= 0) {
                    long at = (k * batch + e) << 3;
                    groupEnds.set(LONG, at, groupEnds.get(LONG, at) + 1);
                }
            }
        }
        kept = kernels.exclusiveScan(groupEnds, groups);
        f = 0;
        for (long e = 0; e < batch; e++) {
            int n = lengths.get(INT, e << 2);
            for (int t = 0; t < n; t++, f++) {
                int k = target.get(INT, f << 2);
                if (k < 0) {
                    continue;
                }
                long at = (k * batch + e) << 3;
                long i = groupEnds.get(LONG, at);
                groupEnds.set(LONG, at, i + 1);
                target.set(INT, f << 2, (int) i);
                starts.set(LONG, i << 3, runs ? valueStarts.get(LONG, f << 3) : f);
                runLengths.set(INT, i << 2, runs ? valuesLengths.get(INT, f << 2) : 1);
            }
        }
        values = kernels.prefixSum(runLengths, null, kept, bounds);
    }

    /** Writes {@code lengths[k * B + e]}: the values of group {@code k * B + e}. */
    void writeLengths(MemorySegment out) {
        long groups = (long) keyCount * batch;
        long prev = 0;
        for (long g = 0; g < groups; g++) {
            long end = groupEnds.get(LONG, g << 3);
            out.set(INT, g << 2, (int) (bounds.get(LONG, end << 3) - bounds.get(LONG, prev << 3)));
            prev = end;
        }
    }

    MemorySegment starts() {
        return starts;
    }

    MemorySegment bounds() {
        return bounds;
    }

    /** @return the key-major position of input entry {@code f}, or -1 when it was dropped */
    long target(long f) {
        return target.get(INT, f << 2);
    }

    /** @return where input entry {@code f}'s run starts in the example-major values */
    long valueStart(long f) {
        return runs ? valueStarts.get(LONG, f << 3) : f;
    }

    /** @return the key-major offset of kept run {@code i} */
    long bound(long i) {
        return bounds.get(LONG, i << 3);
    }
}
