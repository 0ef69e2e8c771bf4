package dev.featuremaps.kernels;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;

/**
 * Plain Java kernels: correct on every JVM, no incubator module needed. The reference the
 * vectorized family is tested against.
 */
public final class ScalarFeatureKernels implements FeatureKernels {
    /** The shared, stateless instance. */
    public static final ScalarFeatureKernels INSTANCE = new ScalarFeatureKernels();

    /** Runs up to this many elements are moved one by one rather than by a bulk copy. */
    private static final long SHORT_RUN = 4;

    private ScalarFeatureKernels() {
    }

    static int lengthAt(MemorySegment s, long i) {
        return s.get(JAVA_INT_UNALIGNED, i << 2);
    }

    static long longAt(MemorySegment s, long i) {
        return s.get(JAVA_LONG_UNALIGNED, i << 3);
    }

    static void setLong(MemorySegment s, long i, long v) {
        s.set(JAVA_LONG_UNALIGNED, i << 3, v);
    }

    static byte byteAt(MemorySegment s, long i) {
        return s.get(JAVA_BYTE, i);
    }

    /**
     * Moves one element of {@code width} bytes. Typed accesses: a bulk copy per element costs
     * several times more than the move itself.
     */
    static void move(MemorySegment src, long from, MemorySegment dst, long to, int width) {
        switch (width) {
            case 8 -> dst.set(JAVA_LONG_UNALIGNED, to << 3, src.get(JAVA_LONG_UNALIGNED, from << 3));
            case 4 -> dst.set(JAVA_INT_UNALIGNED, to << 2, src.get(JAVA_INT_UNALIGNED, from << 2));
            case 1 -> dst.set(JAVA_BYTE, to, src.get(JAVA_BYTE, from));
            default -> throw new IllegalArgumentException("width " + width + ": expected 1, 4 or 8");
        }
    }

    @Override
    public long countPresent(MemorySegment presence, long from, long n) {
        long count = 0;
        int bits = 0;
        for (long i = from, end = from + n; i < end; i++) {
            byte b = byteAt(presence, i);
            count += b;
            bits |= b;
        }
        return (bits & ~1) == 0 ? count : -1;
    }

    @Override
    public long sumLengths(MemorySegment lengths, long n) {
        long sum = 0;
        int sign = 0;
        for (long e = 0; e < n; e++) {
            int len = lengthAt(lengths, e);
            sum += len;
            sign |= len;
        }
        return sign < 0 ? -1 : sum;
    }

    @Override
    public long sumPresentLengths(MemorySegment lengths, MemorySegment presence, long n) {
        long sum = 0;
        int sign = 0;
        for (long e = 0; e < n; e++) {
            // presence is 0 or 1, so the mask is 0 or all ones: absent lengths drop out.
            int len = lengthAt(lengths, e) & -byteAt(presence, e);
            sum += len;
            sign |= len;
        }
        return sign < 0 ? -1 : sum;
    }

    @Override
    public long prefixSum(MemorySegment lengths, MemorySegment presence, long n, MemorySegment bounds) {
        long sum = 0;
        if (presence == null) {
            for (long e = 0; e < n; e++) {
                setLong(bounds, e, sum);
                sum += lengthAt(lengths, e);
            }
        } else {
            for (long e = 0; e < n; e++) {
                setLong(bounds, e, sum);
                sum += lengthAt(lengths, e) & -byteAt(presence, e);
            }
        }
        setLong(bounds, n, sum);
        return sum;
    }

    @Override
    public long segmentedPrefixSum(MemorySegment runLengths, MemorySegment segmentLengths, long n,
                                   MemorySegment bounds) {
        long sum = 0;
        long run = 0;
        for (long e = 0; e < n; e++) {
            setLong(bounds, e, sum);
            for (long end = run + lengthAt(segmentLengths, e); run < end; run++) {
                sum += lengthAt(runLengths, run);
            }
        }
        setLong(bounds, n, sum);
        return sum;
    }

    @Override
    public void addPresence(MemorySegment presence, long n, MemorySegment counts) {
        for (long e = 0; e < n; e++) {
            counts.set(JAVA_INT_UNALIGNED, e << 2, lengthAt(counts, e) + byteAt(presence, e));
        }
    }

    @Override
    public void addLengths(MemorySegment lengths, MemorySegment presence, long n, MemorySegment counts) {
        if (presence == null) {
            for (long e = 0; e < n; e++) {
                counts.set(JAVA_INT_UNALIGNED, e << 2, lengthAt(counts, e) + lengthAt(lengths, e));
            }
        } else {
            for (long e = 0; e < n; e++) {
                int len = lengthAt(lengths, e) & -byteAt(presence, e);
                counts.set(JAVA_INT_UNALIGNED, e << 2, lengthAt(counts, e) + len);
            }
        }
    }

    @Override
    public long exclusiveScan(MemorySegment values, long n) {
        long sum = 0;
        for (long e = 0; e < n; e++) {
            long v = longAt(values, e);
            setLong(values, e, sum);
            sum += v;
        }
        return sum;
    }

    @Override
    public void advance(MemorySegment cursors, MemorySegment bounds, long n) {
        long prev = longAt(bounds, 0);
        for (long e = 0; e < n; e++) {
            long next = longAt(bounds, e + 1);
            setLong(cursors, e, longAt(cursors, e) + next - prev);
            prev = next;
        }
    }

    @Override
    public void advancePresent(MemorySegment cursors, MemorySegment presence, long n) {
        for (long e = 0; e < n; e++) {
            setLong(cursors, e, longAt(cursors, e) + byteAt(presence, e));
        }
    }

    @Override
    public long compact(MemorySegment src, long srcIndex, MemorySegment presence, long presenceIndex,
                        long n, MemorySegment dst, long dstIndex, int width) {
        long j = dstIndex;
        for (long i = 0; i < n; i++) {
            if (byteAt(presence, presenceIndex + i) != 0) {
                move(src, srcIndex + i, dst, j, width);
                j++;
            }
        }
        return j - dstIndex;
    }

    @Override
    public void scatterConstant(long value, MemorySegment presence, long n, MemorySegment dst,
                                MemorySegment starts) {
        for (long e = 0; e < n; e++) {
            if (byteAt(presence, e) != 0) {
                setLong(dst, longAt(starts, e), value);
            }
        }
    }

    @Override
    public void scatterRuns(MemorySegment src, MemorySegment bounds, long n, MemorySegment dst,
                            MemorySegment starts, int width) {
        long from = longAt(bounds, 0);
        for (long e = 0; e < n; e++) {
            long to = longAt(bounds, e + 1);
            copyRun(src, from, dst, longAt(starts, e), to - from, width);
            from = to;
        }
    }

    // The transposes dispatch on the width once, outside their loops, into one loop nest per
    // width. A switch inside the column loop put every width's accesses in branches of
    // one loop body; C2 hoists the checks of frequent branches out of the loop (profiled loop
    // predication) and evaluates them whatever the width: a 4-byte read at the last offset of a
    // tile of bytes fails such a check, deoptimizes, and the next compilation hoists it again.

    @Override
    public void transposeColumns(MemorySegment[] columns, int count, long from, int rows, MemorySegment tile,
                                 int width) {
        switch (width) {
            case Integer.BYTES -> transposeColumnsInts(columns, count, from, rows, tile);
            case Long.BYTES -> transposeColumnsLongs(columns, count, from, rows, tile);
            case 1 -> transposeColumnsBytes(columns, count, from, rows, tile);
            default -> throw new IllegalArgumentException("width " + width + ": expected 1, 4 or 8");
        }
    }

    private static void transposeColumnsInts(MemorySegment[] columns, int count, long from, int rows,
                                             MemorySegment tile) {
        long stride = (long) count << 2;
        for (int i = 0; i < count; i++) {
            MemorySegment column = columns[i];
            long at = (long) i << 2;
            for (int r = 0; r < rows; r++) {
                tile.set(JAVA_INT_UNALIGNED, at + r * stride, column.get(JAVA_INT_UNALIGNED, (from + r) << 2));
            }
        }
    }

    private static void transposeColumnsLongs(MemorySegment[] columns, int count, long from, int rows,
                                              MemorySegment tile) {
        long stride = (long) count << 3;
        for (int i = 0; i < count; i++) {
            MemorySegment column = columns[i];
            long at = (long) i << 3;
            for (int r = 0; r < rows; r++) {
                tile.set(JAVA_LONG_UNALIGNED, at + r * stride, column.get(JAVA_LONG_UNALIGNED, (from + r) << 3));
            }
        }
    }

    private static void transposeColumnsBytes(MemorySegment[] columns, int count, long from, int rows,
                                              MemorySegment tile) {
        for (int i = 0; i < count; i++) {
            MemorySegment column = columns[i];
            for (int r = 0; r < rows; r++) {
                tile.set(JAVA_BYTE, i + (long) r * count, column.get(JAVA_BYTE, from + r));
            }
        }
    }

    @Override
    public void transposeRows(MemorySegment tile, int rows, int count, MemorySegment[] columns, long from,
                              int width) {
        switch (width) {
            case Integer.BYTES -> transposeRowsInts(tile, rows, count, columns, from);
            case Long.BYTES -> transposeRowsLongs(tile, rows, count, columns, from);
            case 1 -> transposeRowsBytes(tile, rows, count, columns, from);
            default -> throw new IllegalArgumentException("width " + width + ": expected 1, 4 or 8");
        }
    }

    private static void transposeRowsInts(MemorySegment tile, int rows, int count, MemorySegment[] columns,
                                          long from) {
        long stride = (long) count << 2;
        for (int i = 0; i < count; i++) {
            MemorySegment column = columns[i];
            long at = (long) i << 2;
            for (int r = 0; r < rows; r++) {
                column.set(JAVA_INT_UNALIGNED, (from + r) << 2, tile.get(JAVA_INT_UNALIGNED, at + r * stride));
            }
        }
    }

    private static void transposeRowsLongs(MemorySegment tile, int rows, int count, MemorySegment[] columns,
                                           long from) {
        long stride = (long) count << 3;
        for (int i = 0; i < count; i++) {
            MemorySegment column = columns[i];
            long at = (long) i << 3;
            for (int r = 0; r < rows; r++) {
                column.set(JAVA_LONG_UNALIGNED, (from + r) << 3, tile.get(JAVA_LONG_UNALIGNED, at + r * stride));
            }
        }
    }

    private static void transposeRowsBytes(MemorySegment tile, int rows, int count, MemorySegment[] columns,
                                           long from) {
        for (int i = 0; i < count; i++) {
            MemorySegment column = columns[i];
            for (int r = 0; r < rows; r++) {
                column.set(JAVA_BYTE, from + r, tile.get(JAVA_BYTE, i + (long) r * count));
            }
        }
    }

    // Branch-free, as random presence would mispredict: every element reads src at the read
    // cursor (clamped to the segment's last element, where it may run past the present ones)
    // and masks the value to zero when absent.
    @Override
    public long expand(MemorySegment src, long srcIndex, MemorySegment presence, long presenceIndex, long n,
                       MemorySegment dst, long dstIndex, int width) {
        long last = src.byteSize() / width - 1;
        if (last < srcIndex) {
            dst.asSlice(dstIndex * width, n * width).fill((byte) 0);
            return 0;
        }
        long j = srcIndex;
        switch (width) {
            case Integer.BYTES -> {
                for (long x = 0; x < n; x++) {
                    int p = presence.get(JAVA_BYTE, presenceIndex + x);
                    int v = src.get(JAVA_INT_UNALIGNED, Math.min(j, last) << 2);
                    dst.set(JAVA_INT_UNALIGNED, (dstIndex + x) << 2, v & -p);
                    j += p;
                }
            }
            case Long.BYTES -> {
                for (long x = 0; x < n; x++) {
                    int p = presence.get(JAVA_BYTE, presenceIndex + x);
                    long v = src.get(JAVA_LONG_UNALIGNED, Math.min(j, last) << 3);
                    dst.set(JAVA_LONG_UNALIGNED, (dstIndex + x) << 3, v & -(long) p);
                    j += p;
                }
            }
            case 1 -> {
                for (long x = 0; x < n; x++) {
                    int p = presence.get(JAVA_BYTE, presenceIndex + x);
                    byte v = src.get(JAVA_BYTE, Math.min(j, last));
                    dst.set(JAVA_BYTE, dstIndex + x, (byte) (v & -p));
                    j += p;
                }
            }
            default -> throw new IllegalArgumentException("width " + width + ": expected 1, 4 or 8");
        }
        return j - srcIndex;
    }

    @Override
    public long interleaveRuns(MemorySegment[] sources, MemorySegment[] bounds, int inputs, long n,
                               MemorySegment dst, long dstIndex, int width) {
        long to = dstIndex;
        for (long e = 0; e < n; e++) {
            for (int j = 0; j < inputs; j++) {
                long from = longAt(bounds[j], e);
                long len = longAt(bounds[j], e + 1) - from;
                copyRun(sources[j], from, dst, to, len, width);
                to += len;
            }
        }
        return to;
    }

    @Override
    public long interleaveRunPairs(MemorySegment[] keys, MemorySegment[] values, MemorySegment[] bounds,
                                   int inputs, long n, MemorySegment dstKeys, int keyWidth,
                                   MemorySegment dstValues, int valueWidth) {
        long to = 0;
        for (long e = 0; e < n; e++) {
            for (int j = 0; j < inputs; j++) {
                long from = longAt(bounds[j], e);
                long len = longAt(bounds[j], e + 1) - from;
                copyRun(keys[j], from, dstKeys, to, len, keyWidth);
                copyRun(values[j], from, dstValues, to, len, valueWidth);
                to += len;
            }
        }
        return to;
    }

    @Override
    public void gatherEntryRuns(MemorySegment[] sources, MemorySegment columns, MemorySegment lengths, long count,
                                MemorySegment cursors, MemorySegment dst, long dstIndex, long total, int width) {
        long to = dstIndex;
        for (long t = 0; t < count; t++) {
            int j = columns.getAtIndex(JAVA_INT_UNALIGNED, t);
            long len = lengths.getAtIndex(JAVA_INT_UNALIGNED, t);
            long from = longAt(cursors, j);
            copyRun(sources[j], from, dst, to, len, width);
            cursors.setAtIndex(JAVA_LONG_UNALIGNED, j, from + len);
            to += len;
        }
    }

    @Override
    public long deinterleaveRuns(MemorySegment src, long srcIndex, MemorySegment[] destinations,
                                 MemorySegment[] bounds, int inputs, long n, int width) {
        long from = srcIndex;
        for (long e = 0; e < n; e++) {
            for (int j = 0; j < inputs; j++) {
                long to = longAt(bounds[j], e);
                long len = longAt(bounds[j], e + 1) - to;
                copyRun(src, from, destinations[j], to, len, width);
                from += len;
            }
        }
        return from;
    }

    @Override
    public void gatherRuns(MemorySegment src, MemorySegment starts, MemorySegment bounds, long n, MemorySegment dst,
                           int width) {
        for (long e = 0; e < n; e++) {
            long to = longAt(bounds, e);
            copyRun(src, longAt(starts, e), dst, to, longAt(bounds, e + 1) - to, width);
        }
    }

    /** Short runs element by element: a bulk copy's fixed cost dominates below a few elements. */
    private static void copyRun(MemorySegment src, long from, MemorySegment dst, long to, long len, int width) {
        if (len <= SHORT_RUN) {
            for (long t = 0; t < len; t++) {
                move(src, from + t, dst, to + t, width);
            }
        } else {
            MemorySegment.copy(src, from * width, dst, to * width, len * width);
        }
    }

    /** Writes one zero element of {@code width} bytes: a value a padded row cut off. */
    private static void clear(MemorySegment dst, long to, int width) {
        switch (width) {
            case 8 -> dst.set(JAVA_LONG_UNALIGNED, to << 3, 0L);
            case 4 -> dst.set(JAVA_INT_UNALIGNED, to << 2, 0);
            case 1 -> dst.set(JAVA_BYTE, to, (byte) 0);
            default -> throw new IllegalArgumentException("width " + width + ": expected 1, 4 or 8");
        }
    }

    @Override
    public void padRuns(MemorySegment src, MemorySegment bounds, long n, MemorySegment dst, long rowLength,
                        long padding, int width) {
        for (long e = 0; e < n; e++) {
            long from = longAt(bounds, e);
            long len = Math.min(longAt(bounds, e + 1) - from, rowLength);
            long row = e * rowLength;
            copyRun(src, from, dst, row, len, width);
            for (long c = len; c < rowLength; c++) {
                put(dst, row + c, padding, width);
            }
        }
    }

    @Override
    public void unpadRuns(MemorySegment src, long rowLength, MemorySegment bounds, long n, MemorySegment dst,
                          int width) {
        for (long e = 0; e < n; e++) {
            long to = longAt(bounds, e);
            long len = longAt(bounds, e + 1) - to;
            long kept = Math.min(len, rowLength);
            copyRun(src, e * rowLength, dst, to, kept, width);
            for (long c = kept; c < len; c++) {
                clear(dst, to + c, width);
            }
        }
    }

    /** Writes the low {@code width} bytes of {@code bits} as one element. */
    private static void put(MemorySegment dst, long to, long bits, int width) {
        switch (width) {
            case 8 -> dst.set(JAVA_LONG_UNALIGNED, to << 3, bits);
            case 4 -> dst.set(JAVA_INT_UNALIGNED, to << 2, (int) bits);
            default -> dst.set(JAVA_BYTE, to, (byte) bits);
        }
    }

    @Override
    public void lengthsFromOffsets(MemorySegment offsets, long from, long n, MemorySegment lengths) {
        int prev = lengthAt(offsets, from);
        for (long e = 0; e < n; e++) {
            int next = lengthAt(offsets, from + e + 1);
            lengths.set(JAVA_INT_UNALIGNED, e << 2, next - prev);
            prev = next;
        }
    }

    @Override
    public void expandBits(MemorySegment bits, long bitIndex, long n, MemorySegment presence) {
        for (long e = 0; e < n; e++) {
            long k = bitIndex + e;
            presence.set(JAVA_BYTE, e, (byte) (byteAt(bits, k >>> 3) >>> (k & 7) & 1));
        }
    }

    @Override
    public void packBits(MemorySegment bytes, long n, MemorySegment bits) {
        for (long from = 0; from < n; from += 8) {
            int packed = 0;
            int m = (int) Math.min(8, n - from);
            for (int i = 0; i < m; i++) {
                packed |= (bytes.get(JAVA_BYTE, from + i) != 0 ? 1 : 0) << i;
            }
            bits.set(JAVA_BYTE, from >>> 3, (byte) packed);
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
