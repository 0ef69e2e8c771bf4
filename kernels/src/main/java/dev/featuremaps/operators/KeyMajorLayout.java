package dev.featuremaps.operators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Where every entry of a multi-feature batch goes in the key-major layout: for key {@code k}
 * of the {@code keys} argument and example {@code e}, group {@code k * B + e} holds the entries
 * of example {@code e} whose feature id is {@code k}, in input order; entries of other ids are
 * dropped.
 *
 * <p>Made at plan time (the output sizes depend on it) by a stable counting sort of the entries
 * by key alone: the input is example-major, so within a key the entries stay in (example, input)
 * order, which is the key-major order. One pass finds each entry's key and counts entries and
 * values per key; a scan of the K counts gives each key's first entry and first value; a second
 * pass places each kept entry (its example-major value start, its key-major value offset) and
 * adds its run to its group's length. Counting per key rather than per group keeps the counters
 * in K slots instead of K·B, which for a batch of fewer entries than groups was most of the work.
 * What the copies need is then in key-major order, so the forward gathers runs into an output
 * written front to back and the gradient scatters them back. Kept in the plan; the tables grow to
 * the largest batch seen and are reused.
 *
 * <p>Fixed-width scalar features ({@code direct}) skip the second pass: each entry is one value,
 * so a copy needs only its key, and executing moves the values through one cursor per key, as the
 * plain loops do, instead of placing every entry at plan time and gathering runs of one.
 */
final class KeyMajorLayout {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    final KeyIndex index = new KeyIndex();
    /** Per key: its entries, then (after the scan) the next key-major position of one. */
    private long[] keyEntries = new long[0];
    /** Per key: its values, then (after the scan) the next key-major value offset. */
    private long[] keyValues = new long[0];
    /** Per group {@code k * B + e}: its number of values (the forward's lengths output). */
    private MemorySegment groupLengths = MemorySegment.NULL;
    /** Per input entry: its position in key-major order, or -1 when dropped. */
    private MemorySegment target = MemorySegment.NULL;
    /** Per kept entry in key-major order: where its run starts in the example-major values. */
    private MemorySegment starts = MemorySegment.NULL;
    /** Key-major offsets of the kept runs: {@code kept + 1} entries. */
    private MemorySegment bounds = MemorySegment.NULL;
    /** Per key, for a direct layout: the key-major position its next value goes to, per call. */
    private long[] cursors = new long[0];

    long batch;
    int keyCount;
    long entries;
    /** Entries kept. */
    long kept;
    /** Values in the kept runs: the size of the key-major values. */
    long values;

    /**
     * Checks the {@code keys} argument and lays the entries out.
     *
     * @param lengths int32[B] entries per example (validated)
     * @param keys int64[F] feature id per entry (validated)
     * @param valuesLengths int32[F] run length per entry (validated), or {@code null} when every
     *     entry is one value (scalar features)
     * @param groups whether to count each group's values, for {@link #writeLengths}
     * @param direct whether the values are fixed-width scalars moved by {@link #moveScalars}:
     *     then {@link #target} gives each entry's key, and {@link #starts}/{@link #bounds} are not made
     */
    void build(Check check, long[] ids, MemorySegment lengths, long batch, MemorySegment keys, long entries,
               MemorySegment valuesLengths, boolean groups, boolean direct) {
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
        long groupCount = (long) ids.length * batch;
        if (groupCount > check.maxTotal()) {
            // Only here is the message built: concatenated up front, it allocated at every plan.
            check.total(groupCount, "key-major lengths (" + ids.length + " keys times " + batch + " examples)", 0);
        }
        int keyCount = ids.length;
        this.batch = batch;
        this.keyCount = keyCount;
        this.entries = entries;
        if (keyEntries.length < keyCount) {
            keyEntries = new long[keyCount];
            keyValues = new long[keyCount];
            cursors = new long[keyCount];
        }
        target = Segments.atLeast(target, entries * Integer.BYTES);
        long[] keyEntries = this.keyEntries;
        long[] keyValues = this.keyValues;
        for (int k = 0; k < keyCount; k++) {
            keyEntries[k] = 0;
            keyValues[k] = 0;
        }
        if (groups) {
            groupLengths = Segments.atLeast(groupLengths, groupCount * Integer.BYTES);
            groupLengths.asSlice(0, groupCount * Integer.BYTES).fill((byte) 0);
        }
        if (direct) {
            countScalars(lengths, keys, groups);
            return;
        }
        boolean runs = valuesLengths != null;
        for (long f = 0; f < entries; f++) {
            int k = index.find(keys.get(LONG, f << 3));
            target.set(INT, f << 2, k);
            if (k >= 0) {
                keyEntries[k]++;
                keyValues[k] += runs ? valuesLengths.get(INT, f << 2) : 1;
            }
        }
        long entry = 0;
        long value = 0;
        for (int k = 0; k < keyCount; k++) {
            long n = keyEntries[k];
            long v = keyValues[k];
            keyEntries[k] = entry;
            keyValues[k] = value;
            entry += n;
            value += v;
        }
        kept = entry;
        values = value;
        starts = Segments.atLeast(starts, kept * Long.BYTES);
        bounds = Segments.atLeast(bounds, (kept + 1) * Long.BYTES);
        long f = 0;
        long from = 0;
        for (long e = 0; e < batch; e++) {
            int n = lengths.get(INT, e << 2);
            for (int t = 0; t < n; t++, f++) {
                int run = runs ? valuesLengths.get(INT, f << 2) : 1;
                int k = target.get(INT, f << 2);
                if (k >= 0) {
                    long i = keyEntries[k]++;
                    long at = keyValues[k];
                    keyValues[k] = at + run;
                    target.set(INT, f << 2, (int) i);
                    starts.set(LONG, i << 3, from);
                    bounds.set(LONG, i << 3, at);
                    if (groups) {
                        long g = (k * batch + e) << 2;
                        groupLengths.set(INT, g, groupLengths.get(INT, g) + run);
                    }
                }
                from += run;
            }
        }
        bounds.set(LONG, kept << 3, values);
    }

    /** The one pass of a direct layout: each entry's key, and the entries per key and per group. */
    private void countScalars(MemorySegment lengths, MemorySegment keys, boolean groups) {
        long[] keyEntries = this.keyEntries;
        long f = 0;
        for (long e = 0; e < batch; e++) {
            int n = lengths.get(INT, e << 2);
            for (int t = 0; t < n; t++, f++) {
                int k = index.find(keys.get(LONG, f << 3));
                target.set(INT, f << 2, k);
                if (k >= 0) {
                    keyEntries[k]++;
                    if (groups) {
                        long g = (k * batch + e) << 2;
                        groupLengths.set(INT, g, groupLengths.get(INT, g) + 1);
                    }
                }
            }
        }
        long first = 0;
        for (int k = 0; k < keyCount; k++) {
            long n = keyEntries[k];
            keyEntries[k] = first;
            first += n;
        }
        kept = first;
        values = first;
    }

    /**
     * Moves the values of a direct layout, {@code width} bytes each: to key-major order ({@code
     * forward}: {@code dst[i] = src[f]} for kept entry {@code f} at key-major position {@code i}),
     * or back ({@code dst[f] = src[i]}, and zero bits for a dropped entry).
     */
    void moveScalars(MemorySegment src, MemorySegment dst, int width, boolean forward) {
        long[] cursors = this.cursors;
        System.arraycopy(keyEntries, 0, cursors, 0, keyCount);
        switch (width) {
            case Long.BYTES -> {
                for (long f = 0; f < entries; f++) {
                    int k = target.get(INT, f << 2);
                    if (forward) {
                        if (k >= 0) {
                            dst.set(LONG, cursors[k]++ << 3, src.get(LONG, f << 3));
                        }
                    } else {
                        dst.set(LONG, f << 3, k < 0 ? 0L : src.get(LONG, cursors[k]++ << 3));
                    }
                }
            }
            case Integer.BYTES -> {
                for (long f = 0; f < entries; f++) {
                    int k = target.get(INT, f << 2);
                    if (forward) {
                        if (k >= 0) {
                            dst.set(INT, cursors[k]++ << 2, src.get(INT, f << 2));
                        }
                    } else {
                        dst.set(INT, f << 2, k < 0 ? 0 : src.get(INT, cursors[k]++ << 2));
                    }
                }
            }
            default -> {
                for (long f = 0; f < entries; f++) {
                    int k = target.get(INT, f << 2);
                    if (forward) {
                        if (k >= 0) {
                            dst.set(ValueLayout.JAVA_BYTE, cursors[k]++, src.get(ValueLayout.JAVA_BYTE, f));
                        }
                    } else {
                        dst.set(ValueLayout.JAVA_BYTE, f, k < 0 ? 0 : src.get(ValueLayout.JAVA_BYTE, cursors[k]++));
                    }
                }
            }
        }
    }

    /**
     * Writes {@code lengths[k * B + e]}: the values of group {@code k * B + e}. Only for a layout
     * built with {@code groups}.
     */
    void writeLengths(MemorySegment out) {
        MemorySegment.copy(groupLengths, 0, out, 0, (long) keyCount * batch * Integer.BYTES);
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

    /** @return the key-major offset of kept run {@code i} */
    long bound(long i) {
        return bounds.get(LONG, i << 3);
    }
}
