package dev.featuremaps.kernels.panama;

import static dev.featuremaps.kernels.panama.PanamaConstants.BIT_LANES;
import static dev.featuremaps.kernels.panama.PanamaConstants.BIT_SELECT;
import static dev.featuremaps.kernels.panama.PanamaConstants.BIT_SPREAD;
import static dev.featuremaps.kernels.panama.PanamaConstants.BYTES;
import static dev.featuremaps.kernels.panama.PanamaConstants.BYTE_BITS_MAGIC;
import static dev.featuremaps.kernels.panama.PanamaConstants.COMPACT_BYTES;
import static dev.featuremaps.kernels.panama.PanamaConstants.COMPACT_INTS;
import static dev.featuremaps.kernels.panama.PanamaConstants.COMPACT_LONGS;
import static dev.featuremaps.kernels.panama.PanamaConstants.INTS;
import static dev.featuremaps.kernels.panama.PanamaConstants.INT_LANES;
import static dev.featuremaps.kernels.panama.PanamaConstants.LONGS;
import static dev.featuremaps.kernels.panama.PanamaConstants.LONG_LANES;
import static dev.featuremaps.kernels.panama.PanamaConstants.ORDER;
import static dev.featuremaps.kernels.panama.PanamaConstants.PACK_BYTES;
import static dev.featuremaps.kernels.panama.PanamaConstants.PRESENCE;
import static dev.featuremaps.kernels.panama.PanamaConstants.PRESENCE_WORD;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.kernels.ScalarFeatureKernels;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link FeatureKernels} on the Vector API ({@code jdk.incubator.vector}).
 *
 * <p>What is vectorized, and how:
 * <ul>
 *   <li>{@code countPresent}: byte lanes add presence bytes and are widened to the total every
 *       255 vectors, before a lane can wrap; an OR of all bytes catches values other than 0/1.
 *   <li>{@code sumLengths}, {@code sumPresentLengths}: int lanes add the low and high 16-bit
 *       halves of each length separately, so a lane cannot overflow before it is flushed to a
 *       long; an OR of all (masked) lengths catches negative ones.
 *   <li>{@code addPresence}, {@code addLengths}, {@code advancePresent}, {@code advance}: plain
 *       lane-wise adds, presence bytes widened to int or long lanes and used as a 0/-1 mask.
 *   <li>{@code compact}: eight presence bytes become an 8-bit mask (one multiply); a table row
 *       of lane indices per mask permutes a whole vector of elements, which is stored whole and
 *       the cursor advanced by the mask's bit count. 8-byte elements are permuted as pairs of
 *       int lanes. A whole store writes garbage past the cursor, so whole stores are used only
 *       while at least eight present elements remain: the stores after them overwrite it. The
 *       rest is copied exactly.
 *   <li>{@code lengthsFromOffsets}: two overlapping loads of the offset table, subtracted.
 *   <li>{@code expandBits}: a long of the bitmap is broadcast, each byte lane picks its
 *       bitmap byte (one rearrange) and tests its bit (one AND, one compare).
 *   <li>{@code packBits}: a byte vector compared with zero gives a mask whose {@code toLong()}
 *       is the lanes' bits (one compare, one move of the mask); the masks of 64 bytes are
 *       stored as one long.
 * </ul>
 * Scalar where vectors do not pay: prefix sums (a vector scan ties or loses to the chain of
 * dependent adds on AVX2); the per-element scatters and gathers by index (AVX2 has no scatter,
 * and gathers lose), which run branch-free so that random presence costs no mispredictions; and
 * scattered run copies ({@code scatterRuns}), one {@link MemorySegment#copy} per run. Runs written
 * in increasing destination order ({@code interleaveRuns}, {@code deinterleaveRuns}) are copied
 * as blocks of whole vectors when short: the spill past the run is overwritten by later
 * runs, and runs near the end are exact. The single-feature merges go through small
 * tiles ({@code transposeColumns}, {@code compact}, {@code expand}, {@code transposeRows}).
 *
 * <p>Hot loops count with an {@code int} to a precomputed {@code loopBound}, then finish with an
 * explicit scalar tail; arguments of {@code long} size are processed in chunks of at most
 * 2^30 elements for that. Obtain the instance through {@code KernelProvider}; {@link
 * #create()} exists for it.
 */
public final class PanamaFeatureKernels implements FeatureKernels {
    private static final FeatureKernels SCALAR = ScalarFeatureKernels.INSTANCE;

    /** Elements per inner loop, so that inner loops count with an {@code int}. */
    private static final int CHUNK = 1 << 30;

    private static final PanamaFeatureKernels INSTANCE = new PanamaFeatureKernels(CHUNK);
    /** Presence vectors added in byte lanes before a lane (at most 255) could wrap. */
    private static final int COUNT_FLUSH_VECTORS = 255;
    /**
     * Lengths added in int lanes between flushes: all lanes together then hold at most 16384
     * halves of 16 bits, so neither a lane nor their reduction reaches 2^31.
     */
    private static final int SUM_FLUSH_ELEMENTS = 16384;
    /** Bytes short runs are copied in: two 256-bit or four 128-bit vectors. */
    private static final int RUN_BLOCK_BYTES = 64;
    /** Runs up to this many bytes are copied as blocks; longer ones by MemorySegment.copy. */
    private static final int SHORT_RUN_BYTES = 256;

    /**
     * Elements per chunk: {@link #CHUNK}, or fewer in tests, where batches of 2^30 elements
     * would be needed to see a chunk end.
     */
    private final int chunk;

    private PanamaFeatureKernels(int chunk) {
        this.chunk = chunk;
    }

    /**
     * Kernels that cut their work into chunks of {@code chunk} elements, for tests of the chunk
     * boundaries: results are the same for any chunk that is a positive multiple of 8 (the bitmap
     * kernels start every chunk on a byte).
     */
    static FeatureKernels chunked(int chunk) {
        if (chunk <= 0 || chunk % Byte.SIZE != 0) {
            throw new IllegalArgumentException("chunk " + chunk + " is not a positive multiple of 8");
        }
        return new PanamaFeatureKernels(chunk);
    }

    /**
     * The kernels, for {@code KernelProvider}, which loads this class by name only when the
     * incubator module is present.
     *
     * @return the shared, stateless instance
     * @throws UnsupportedOperationException when the platform's vectors are too narrow to pay
     */
    public static FeatureKernels create() {
        String why = PanamaConstants.unsupportedReason();
        if (why != null) {
            throw new UnsupportedOperationException(why);
        }
        return INSTANCE;
    }

    /**
     * Why these kernels, though they load, should not be chosen by default on this CPU level.
     *
     * @return a sentence, or {@code null} when they should be chosen
     */
    public static String unprofitableReason() {
        return PanamaConstants.unprofitableReason();
    }

    /** @return the vector size in bits these kernels use on this JVM */
    public static int vectorBitSize() {
        return PanamaConstants.VECTOR_BITS;
    }

    // ---------------------------------------------------------------- validation sums

    @Override
    public long countPresent(MemorySegment presence, long from, long n) {
        long count = 0;
        for (long done = 0; done < n; done += chunk) {
            long c = countPresent(presence, from + done, (int) Math.min(chunk, n - done));
            if (c < 0) {
                return -1;
            }
            count += c;
        }
        return count;
    }

    private static long countPresent(MemorySegment presence, long from, int n) {
        int lanes = BYTES.length();
        int bound = BYTES.loopBound(n);
        long count = 0;
        ByteVector bits = ByteVector.zero(BYTES);
        int i = 0;
        while (i < bound) {
            int flushAt = Math.min(bound, i + COUNT_FLUSH_VECTORS * lanes);
            ByteVector sums = ByteVector.zero(BYTES);
            for (; i < flushAt; i += lanes) {
                ByteVector v = ByteVector.fromMemorySegment(BYTES, presence, from + i, ORDER);
                sums = sums.add(v);
                bits = bits.or(v);
            }
            count += sumUnsignedBytes(sums);
        }
        int tailBits = 0;
        for (; i < n; i++) {
            byte b = presence.get(JAVA_BYTE, from + i);
            count += b;
            tailBits |= b;
        }
        tailBits |= bits.reduceLanes(VectorOperators.OR);
        return (tailBits & ~1) == 0 ? count : -1;
    }

    /** Sum of byte lanes read as unsigned: pairs of lanes add in 16-bit lanes, then reduce. */
    private static int sumUnsignedBytes(ByteVector sums) {
        ShortVector pairs = sums.reinterpretAsShorts();
        // at most 2 * 255 per lane, 16 lanes * 510 fits a short
        ShortVector added = pairs.and((short) 0xFF).add(pairs.lanewise(VectorOperators.LSHR, 8));
        return added.reduceLanes(VectorOperators.ADD) & 0xFFFF;
    }

    @Override
    public long sumLengths(MemorySegment lengths, long n) {
        long sum = 0;
        for (long done = 0; done < n; done += chunk) {
            long s = sumLengths(lengths, done, (int) Math.min(chunk, n - done));
            if (s < 0) {
                return -1;
            }
            sum += s;
        }
        return sum;
    }

    private static long sumLengths(MemorySegment lengths, long from, int n) {
        int bound = INTS.loopBound(n);
        long sum = 0;
        IntVector sign = IntVector.zero(INTS);
        int i = 0;
        while (i < bound) {
            int flushAt = Math.min(bound, i + SUM_FLUSH_ELEMENTS);
            IntVector low = IntVector.zero(INTS);
            IntVector high = IntVector.zero(INTS);
            for (; i < flushAt; i += INT_LANES) {
                IntVector v = IntVector.fromMemorySegment(INTS, lengths, (from + i) << 2, ORDER);
                sign = sign.or(v);
                low = low.add(v.and(0xFFFF));
                high = high.add(v.lanewise(VectorOperators.LSHR, 16));
            }
            sum += halvesSum(low, high);
        }
        int tailSign = sign.reduceLanes(VectorOperators.OR);
        for (; i < n; i++) {
            int len = lengths.get(JAVA_INT_UNALIGNED, (from + i) << 2);
            sum += len;
            tailSign |= len;
        }
        return tailSign < 0 ? -1 : sum;
    }

    private static long halvesSum(IntVector low, IntVector high) {
        return low.reduceLanes(VectorOperators.ADD) + ((long) high.reduceLanes(VectorOperators.ADD) << 16);
    }

    @Override
    public long sumPresentLengths(MemorySegment lengths, MemorySegment presence, long n) {
        long sum = 0;
        for (long done = 0; done < n; done += chunk) {
            long s = sumPresentLengths(lengths, presence, done, (int) Math.min(chunk, n - done));
            if (s < 0) {
                return -1;
            }
            sum += s;
        }
        return sum;
    }

    private static long sumPresentLengths(MemorySegment lengths, MemorySegment presence, long from, int n) {
        int bound = presenceLoopBound(n, INT_LANES);
        long sum = 0;
        IntVector sign = IntVector.zero(INTS);
        int i = 0;
        while (i < bound) {
            int flushAt = Math.min(bound, i + SUM_FLUSH_ELEMENTS);
            IntVector low = IntVector.zero(INTS);
            IntVector high = IntVector.zero(INTS);
            for (; i < flushAt; i += INT_LANES) {
                IntVector v = IntVector.fromMemorySegment(INTS, lengths, (from + i) << 2, ORDER)
                        .and(presenceInts(presence, from + i).neg());
                sign = sign.or(v);
                low = low.add(v.and(0xFFFF));
                high = high.add(v.lanewise(VectorOperators.LSHR, 16));
            }
            sum += halvesSum(low, high);
        }
        int tailSign = sign.reduceLanes(VectorOperators.OR);
        for (; i < n; i++) {
            long e = from + i;
            int len = lengths.get(JAVA_INT_UNALIGNED, e << 2) & -presence.get(JAVA_BYTE, e);
            sum += len;
            tailSign |= len;
        }
        return tailSign < 0 ? -1 : sum;
    }

    // ---------------------------------------------------------------- prefix sums (scalar)

    @Override
    public long prefixSum(MemorySegment lengths, MemorySegment presence, long n, MemorySegment bounds) {
        long sum = 0;
        for (long done = 0; done < n; done += chunk) {
            int m = (int) Math.min(chunk, n - done);
            sum = presence == null
                    ? prefixSum(lengths, done, m, bounds, sum)
                    : prefixSum(lengths, presence, done, m, bounds, sum);
        }
        bounds.set(JAVA_LONG_UNALIGNED, n << 3, sum);
        return sum;
    }

    private static long prefixSum(MemorySegment lengths, long from, int n, MemorySegment bounds, long sum) {
        for (int i = 0; i < n; i++) {
            long e = from + i;
            bounds.set(JAVA_LONG_UNALIGNED, e << 3, sum);
            sum += lengths.get(JAVA_INT_UNALIGNED, e << 2);
        }
        return sum;
    }

    private static long prefixSum(MemorySegment lengths, MemorySegment presence, long from, int n,
                                  MemorySegment bounds, long sum) {
        for (int i = 0; i < n; i++) {
            long e = from + i;
            bounds.set(JAVA_LONG_UNALIGNED, e << 3, sum);
            sum += lengths.get(JAVA_INT_UNALIGNED, e << 2) & -presence.get(JAVA_BYTE, e);
        }
        return sum;
    }

    @Override
    public long segmentedPrefixSum(MemorySegment runLengths, MemorySegment segmentLengths, long n,
                                   MemorySegment bounds) {
        long sum = 0;
        long run = 0;
        for (long done = 0; done < n; done += chunk) {
            int m = (int) Math.min(chunk, n - done);
            for (int i = 0; i < m; i++) {
                long e = done + i;
                bounds.set(JAVA_LONG_UNALIGNED, e << 3, sum);
                int runs = segmentLengths.get(JAVA_INT_UNALIGNED, e << 2);
                for (int r = 0; r < runs; r++) {
                    sum += runLengths.get(JAVA_INT_UNALIGNED, (run + r) << 2);
                }
                run += runs;
            }
        }
        bounds.set(JAVA_LONG_UNALIGNED, n << 3, sum);
        return sum;
    }

    @Override
    public long exclusiveScan(MemorySegment values, long n) {
        long sum = 0;
        for (long done = 0; done < n; done += chunk) {
            int m = (int) Math.min(chunk, n - done);
            for (int i = 0; i < m; i++) {
                long at = (done + i) << 3;
                long v = values.get(JAVA_LONG_UNALIGNED, at);
                values.set(JAVA_LONG_UNALIGNED, at, sum);
                sum += v;
            }
        }
        return sum;
    }

    // ---------------------------------------------------------------- lane-wise updates

    @Override
    public void addPresence(MemorySegment presence, long n, MemorySegment counts) {
        for (long done = 0; done < n; done += chunk) {
            addPresence(presence, done, (int) Math.min(chunk, n - done), counts);
        }
    }

    private static void addPresence(MemorySegment presence, long from, int n, MemorySegment counts) {
        int bound = presenceLoopBound(n, INT_LANES);
        int i = 0;
        for (; i < bound; i += INT_LANES) {
            long at = (from + i) << 2;
            IntVector.fromMemorySegment(INTS, counts, at, ORDER)
                    .add(presenceInts(presence, from + i))
                    .intoMemorySegment(counts, at, ORDER);
        }
        for (; i < n; i++) {
            long e = from + i;
            counts.set(JAVA_INT_UNALIGNED, e << 2,
                    counts.get(JAVA_INT_UNALIGNED, e << 2) + presence.get(JAVA_BYTE, e));
        }
    }

    @Override
    public void addLengths(MemorySegment lengths, MemorySegment presence, long n, MemorySegment counts) {
        for (long done = 0; done < n; done += chunk) {
            int m = (int) Math.min(chunk, n - done);
            if (presence == null) {
                addLengths(lengths, done, m, counts);
            } else {
                addLengths(lengths, presence, done, m, counts);
            }
        }
    }

    private static void addLengths(MemorySegment lengths, long from, int n, MemorySegment counts) {
        int bound = INTS.loopBound(n);
        int i = 0;
        for (; i < bound; i += INT_LANES) {
            long at = (from + i) << 2;
            IntVector.fromMemorySegment(INTS, counts, at, ORDER)
                    .add(IntVector.fromMemorySegment(INTS, lengths, at, ORDER))
                    .intoMemorySegment(counts, at, ORDER);
        }
        for (; i < n; i++) {
            long at = (from + i) << 2;
            counts.set(JAVA_INT_UNALIGNED, at,
                    counts.get(JAVA_INT_UNALIGNED, at) + lengths.get(JAVA_INT_UNALIGNED, at));
        }
    }

    private static void addLengths(MemorySegment lengths, MemorySegment presence, long from, int n,
                                   MemorySegment counts) {
        int bound = presenceLoopBound(n, INT_LANES);
        int i = 0;
        for (; i < bound; i += INT_LANES) {
            long at = (from + i) << 2;
            IntVector len = IntVector.fromMemorySegment(INTS, lengths, at, ORDER)
                    .and(presenceInts(presence, from + i).neg());
            IntVector.fromMemorySegment(INTS, counts, at, ORDER).add(len).intoMemorySegment(counts, at, ORDER);
        }
        for (; i < n; i++) {
            long e = from + i;
            int len = lengths.get(JAVA_INT_UNALIGNED, e << 2) & -presence.get(JAVA_BYTE, e);
            counts.set(JAVA_INT_UNALIGNED, e << 2, counts.get(JAVA_INT_UNALIGNED, e << 2) + len);
        }
    }

    @Override
    public void advance(MemorySegment cursors, MemorySegment bounds, long n) {
        for (long done = 0; done < n; done += chunk) {
            advance(cursors, bounds, done, (int) Math.min(chunk, n - done));
        }
    }

    private static void advance(MemorySegment cursors, MemorySegment bounds, long from, int n) {
        int bound = LONGS.loopBound(n);
        int i = 0;
        for (; i < bound; i += LONG_LANES) {
            long at = (from + i) << 3;
            // bounds[e + 1] - bounds[e] for a vector of e: two overlapping loads
            LongVector length = LongVector.fromMemorySegment(LONGS, bounds, at + Long.BYTES, ORDER)
                    .sub(LongVector.fromMemorySegment(LONGS, bounds, at, ORDER));
            LongVector.fromMemorySegment(LONGS, cursors, at, ORDER).add(length)
                    .intoMemorySegment(cursors, at, ORDER);
        }
        for (; i < n; i++) {
            long at = (from + i) << 3;
            long length = bounds.get(JAVA_LONG_UNALIGNED, at + Long.BYTES) - bounds.get(JAVA_LONG_UNALIGNED, at);
            cursors.set(JAVA_LONG_UNALIGNED, at, cursors.get(JAVA_LONG_UNALIGNED, at) + length);
        }
    }

    @Override
    public void advancePresent(MemorySegment cursors, MemorySegment presence, long n) {
        for (long done = 0; done < n; done += chunk) {
            advancePresent(cursors, presence, done, (int) Math.min(chunk, n - done));
        }
    }

    private static void advancePresent(MemorySegment cursors, MemorySegment presence, long from, int n) {
        int bound = presenceLoopBound(n, LONG_LANES);
        int i = 0;
        for (; i < bound; i += LONG_LANES) {
            long at = (from + i) << 3;
            LongVector p = (LongVector) ByteVector.fromMemorySegment(PRESENCE, presence, from + i, ORDER)
                    .convertShape(VectorOperators.B2L, LONGS, 0);
            LongVector.fromMemorySegment(LONGS, cursors, at, ORDER).add(p).intoMemorySegment(cursors, at, ORDER);
        }
        for (; i < n; i++) {
            long e = from + i;
            cursors.set(JAVA_LONG_UNALIGNED, e << 3,
                    cursors.get(JAVA_LONG_UNALIGNED, e << 3) + presence.get(JAVA_BYTE, e));
        }
    }

    /** The 0/1 presence bytes {@code e .. e + INT_LANES} as int lanes. */
    private static IntVector presenceInts(MemorySegment presence, long e) {
        return (IntVector) ByteVector.fromMemorySegment(PRESENCE, presence, e, ORDER)
                .convertShape(VectorOperators.B2I, INTS, 0);
    }

    /**
     * Loop bound for {@code lanes} elements a step when each step also loads eight presence
     * bytes, which is more than {@code lanes} for narrow vectors: those must stay inside {@code n}.
     */
    private static int presenceLoopBound(int n, int lanes) {
        int limit = n - Math.max(0, PRESENCE.length() - lanes);
        return limit <= 0 ? 0 : limit & -lanes;
    }

    // ---------------------------------------------------------------- compaction

    @Override
    public long compact(MemorySegment src, long srcIndex, MemorySegment presence, long presenceIndex, long n,
                        MemorySegment dst, long dstIndex, int width) {
        long to = dstIndex;
        for (long done = 0; done < n; done += chunk) {
            to = compact(src, srcIndex + done, presence, presenceIndex + done,
                    (int) Math.min(chunk, n - done), dst, to, width);
        }
        return to - dstIndex;
    }

    private static long compact(MemorySegment src, long srcIndex, MemorySegment presence, long presenceIndex,
                                int n, MemorySegment dst, long to, int width) {
        int vectorEnd = wholeStoreEnd(presence, presenceIndex, n);
        // One loop per width, each with a body of one path: see compactTailInts.
        return switch (width) {
            case Integer.BYTES -> compactTailInts(src, srcIndex, presence, presenceIndex, vectorEnd, n, dst,
                    compactInts(src, srcIndex, presence, presenceIndex, vectorEnd, dst, to));
            case Long.BYTES -> compactTailLongs(src, srcIndex, presence, presenceIndex, vectorEnd, n, dst,
                    compactLongs(src, srcIndex, presence, presenceIndex, vectorEnd, dst, to));
            case 1 -> compactTailBytes(src, srcIndex, presence, presenceIndex, vectorEnd, n, dst,
                    compactBytes(src, srcIndex, presence, presenceIndex, vectorEnd, dst, to));
            default -> throw new IllegalArgumentException("width " + width + ": expected 1, 4 or 8");
        };
    }

    /**
     * End of the blocks of 8 elements that may be compacted with whole stores. A block's stores
     * write at most 8 elements from its cursor; when at least 8 present elements start at the
     * block, the blocks after it write every one of those positions again, with the right
     * values. Scanned from the back, one word of presence per block.
     */
    private static int wholeStoreEnd(MemorySegment presence, long presenceIndex, int n) {
        int blocksEnd = n & -8;
        int remaining = 0;
        for (int i = blocksEnd; i < n; i++) {
            remaining += presence.get(JAVA_BYTE, presenceIndex + i);
        }
        for (int block = blocksEnd - 8; block >= 0; block -= 8) {
            remaining += Long.bitCount(presence.get(PRESENCE_WORD, presenceIndex + block));
            if (remaining >= 8) {
                return block + 8;
            }
        }
        return 0;
    }

    /** The presence bits of 8 elements, element {@code k} in bit {@code k}. */
    private static int presenceMask(MemorySegment presence, long at) {
        return (int) ((presence.get(PRESENCE_WORD, at) * BYTE_BITS_MAGIC) >>> 56);
    }

    // The block loops below have bodies of straight-line code: the vectors of a block are
    // written out (the lane count is a constant, so C2 keeps one arm of each test on it), not
    // an inner loop. C2 hoists checks out of a loop from every branch its profile calls
    // frequent, and a branch or inner loop in the body is what exposes a check that holds only
    // on some calls; straight-line bodies leave it only checks that hold for every iteration.

    private static long compactInts(MemorySegment src, long srcIndex, MemorySegment presence,
                                    long presenceIndex, int end, MemorySegment dst, long to) {
        for (int i = 0; i < end; i += 8) {
            int mask = presenceMask(presence, presenceIndex + i);
            long at = srcIndex + i;
            if (INT_LANES == 8) {
                to = compactIntVector(src, at, mask, dst, to);
            } else {
                to = compactIntVector(src, at, mask & 0xF, dst, to);
                to = compactIntVector(src, at + 4, mask >>> 4, dst, to);
            }
        }
        return to;
    }

    /** Compacts the {@code INT_LANES} ints at {@code at} by the mask {@code bits}. */
    private static long compactIntVector(MemorySegment src, long at, int bits, MemorySegment dst, long to) {
        IntVector v = IntVector.fromMemorySegment(INTS, src, at << 2, ORDER);
        IntVector.fromArray(INTS, COMPACT_INTS, bits * INT_LANES).selectFrom(v)
                .intoMemorySegment(dst, to << 2, ORDER);
        return to + Integer.bitCount(bits);
    }

    private static long compactLongs(MemorySegment src, long srcIndex, MemorySegment presence,
                                     long presenceIndex, int end, MemorySegment dst, long to) {
        for (int i = 0; i < end; i += 8) {
            int mask = presenceMask(presence, presenceIndex + i);
            long at = srcIndex + i;
            if (INT_LANES == 8) {
                to = compactLongVector(src, at, mask & 0xF, dst, to);
                to = compactLongVector(src, at + 4, mask >>> 4, dst, to);
            } else {
                to = compactLongVector(src, at, mask & 0x3, dst, to);
                to = compactLongVector(src, at + 2, (mask >>> 2) & 0x3, dst, to);
                to = compactLongVector(src, at + 4, (mask >>> 4) & 0x3, dst, to);
                to = compactLongVector(src, at + 6, mask >>> 6, dst, to);
            }
        }
        return to;
    }

    /** Compacts the {@code INT_LANES / 2} longs at {@code at}, as pairs of int lanes, by {@code bits}. */
    private static long compactLongVector(MemorySegment src, long at, int bits, MemorySegment dst, long to) {
        IntVector v = IntVector.fromMemorySegment(INTS, src, at << 3, ORDER);
        IntVector.fromArray(INTS, COMPACT_LONGS, bits * INT_LANES).selectFrom(v)
                .intoMemorySegment(dst, to << 3, ORDER);
        return to + Integer.bitCount(bits);
    }

    private static long compactBytes(MemorySegment src, long srcIndex, MemorySegment presence,
                                     long presenceIndex, int end, MemorySegment dst, long to) {
        for (int i = 0; i < end; i += 8) {
            int mask = presenceMask(presence, presenceIndex + i);
            ByteVector v = ByteVector.fromMemorySegment(PRESENCE, src, srcIndex + i, ORDER);
            ByteVector.fromArray(PRESENCE, COMPACT_BYTES, mask * 8).selectFrom(v)
                    .intoMemorySegment(dst, to, ORDER);
            to += Integer.bitCount(mask);
        }
        return to;
    }

    // Exact compaction of [from, n), where fewer than 8 elements are present, without a branch
    // on presence: from the first present element on, every element stores the last present
    // value at the last present position (its own when present), which rewrites a value already
    // there when absent. A branch on presence with a switch on the width inside, as this was,
    // let C2 hoist the 8-byte read's bounds check out of the loop on a profile of mixed widths;
    // it fails on 4-byte calls near the end of their source, on every recompilation.

    private static long compactTailInts(MemorySegment src, long srcIndex, MemorySegment presence,
                                        long presenceIndex, int from, int n, MemorySegment dst, long to) {
        int value = 0;
        for (int i = from + firstPresent(presence, presenceIndex + from, n - from); i < n; i++) {
            int p = presence.get(JAVA_BYTE, presenceIndex + i);
            value = src.get(JAVA_INT_UNALIGNED, (srcIndex + i) << 2) & -p | value & (p - 1);
            dst.set(JAVA_INT_UNALIGNED, (to + p - 1) << 2, value);
            to += p;
        }
        return to;
    }

    private static long compactTailLongs(MemorySegment src, long srcIndex, MemorySegment presence,
                                         long presenceIndex, int from, int n, MemorySegment dst, long to) {
        long value = 0;
        for (int i = from + firstPresent(presence, presenceIndex + from, n - from); i < n; i++) {
            int p = presence.get(JAVA_BYTE, presenceIndex + i);
            value = src.get(JAVA_LONG_UNALIGNED, (srcIndex + i) << 3) & -(long) p | value & (p - 1L);
            dst.set(JAVA_LONG_UNALIGNED, (to + p - 1) << 3, value);
            to += p;
        }
        return to;
    }

    private static long compactTailBytes(MemorySegment src, long srcIndex, MemorySegment presence,
                                         long presenceIndex, int from, int n, MemorySegment dst, long to) {
        int value = 0;
        for (int i = from + firstPresent(presence, presenceIndex + from, n - from); i < n; i++) {
            int p = presence.get(JAVA_BYTE, presenceIndex + i);
            value = src.get(JAVA_BYTE, srcIndex + i) & -p | value & (p - 1);
            dst.set(JAVA_BYTE, to + p - 1, (byte) value);
            to += p;
        }
        return to;
    }

    // ---------------------------------------------------------------- scatter and gather by index

    // scatterConstant is branch-free: an absent element writes the value to the last present
    // element's place again, which changes nothing. It starts at the first present element, so
    // that there is always a last one. The select compiles to a conditional move, which beats
    // both a branch on random presence and arithmetic masking.

    @Override
    public void scatterConstant(long value, MemorySegment presence, long n, MemorySegment dst,
                                MemorySegment starts) {
        for (long done = 0; done < n; done += chunk) {
            int m = (int) Math.min(chunk, n - done);
            int i = firstPresent(presence, done, m);
            long at = 0;
            for (; i < m; i++) {
                long e = done + i;
                boolean present = presence.get(JAVA_BYTE, e) != 0;
                long start = starts.get(JAVA_LONG_UNALIGNED, e << 3);
                at = present ? start : at;
                dst.set(JAVA_LONG_UNALIGNED, at << 3, value);
            }
        }
    }

    /** @return the first {@code i < n} with {@code presence[from + i] != 0}, or {@code n} */
    private static int firstPresent(MemorySegment presence, long from, int n) {
        int i = 0;
        int blocksEnd = n & -8;
        // a word at a time through runs of absent elements, which are long at low densities
        while (i < blocksEnd && presence.get(PRESENCE_WORD, from + i) == 0) {
            i += 8;
        }
        while (i < n && presence.get(JAVA_BYTE, from + i) == 0) {
            i++;
        }
        return i;
    }

    // ---------------------------------------------------------------- runs

    // Scattered runs (scatterRuns) are copied by MemorySegment.copy, one call each: their
    // destinations are not written in increasing order, so a copy may not spill past its run.
    // Where a destination is written in increasing order (the interleaving copies), a short run
    // is copied as 64-byte blocks of unmasked vectors instead: the spill past the run lands
    // where a later run is written, so only runs near the end of the written range (and near
    // the end of the source) are copied exactly. A block costs a few cycles; a
    // MemorySegment.copy costs 10-30 ns per run. (One fixed 256-byte block per run, to avoid
    // the mispredicted loop exit, measured slower on the multi scalar merge.)

    @Override
    public void scatterRuns(MemorySegment src, MemorySegment bounds, long n, MemorySegment dst,
                            MemorySegment starts, int width) {
        long from = bounds.get(JAVA_LONG_UNALIGNED, 0) * width;
        for (long done = 0; done < n; done += chunk) {
            int m = (int) Math.min(chunk, n - done);
            for (int i = 0; i < m; i++) {
                long e = done + i;
                long to = bounds.get(JAVA_LONG_UNALIGNED, (e + 1) << 3) * width;
                if (to != from) {
                    MemorySegment.copy(src, from, dst, starts.get(JAVA_LONG_UNALIGNED, e << 3) * width, to - from);
                }
                from = to;
            }
        }
    }

    // The transposes and the expansion move one element per (row, column) with stores no
    // vector shape on AVX2 does better (there is no scatter to memory segments): the scalar
    // loops are the implementation of this family too.
    @Override
    public void transposeColumns(MemorySegment[] columns, int count, long from, int rows, MemorySegment tile,
                                 int width) {
        SCALAR.transposeColumns(columns, count, from, rows, tile, width);
    }

    @Override
    public void transposeRows(MemorySegment tile, int rows, int count, MemorySegment[] columns, long from,
                              int width) {
        SCALAR.transposeRows(tile, rows, count, columns, from, width);
    }

    @Override
    public long expand(MemorySegment src, long srcIndex, MemorySegment presence, long presenceIndex, long n,
                       MemorySegment dst, long dstIndex, int width) {
        return SCALAR.expand(src, srcIndex, presence, presenceIndex, n, dst, dstIndex, width);
    }

    @Override
    public long interleaveRuns(MemorySegment[] sources, MemorySegment[] bounds, int inputs, long n,
                               MemorySegment dst, long dstIndex, int width) {
        long end = dstIndex;
        for (int j = 0; j < inputs; j++) {
            MemorySegment b = bounds[j];
            end += b.get(JAVA_LONG_UNALIGNED, n << 3) - b.get(JAVA_LONG_UNALIGNED, 0);
        }
        long to = dstIndex * width;
        long dstEnd = end * width;
        for (long e = 0; e < n; e++) {
            long at = e << 3;
            for (int j = 0; j < inputs; j++) {
                MemorySegment b = bounds[j];
                MemorySegment src = sources[j];
                long from = b.get(JAVA_LONG_UNALIGNED, at) * width;
                long len = b.get(JAVA_LONG_UNALIGNED, at + 8) * width - from;
                // A short run as whole blocks, see copyBlock.
                if (len <= SHORT_RUN_BYTES && to + len + RUN_BLOCK_BYTES <= dstEnd
                        && from + len + RUN_BLOCK_BYTES <= src.byteSize()) {
                    long k = 0;
                    do {
                        copyBlock(src, from + k, dst, to + k);
                        k += RUN_BLOCK_BYTES;
                    } while (k < len);
                } else if (len != 0) {
                    MemorySegment.copy(src, from, dst, to, len);
                }
                to += len;
            }
        }
        return end;
    }

    @Override
    public long interleaveRunPairs(MemorySegment[] keys, MemorySegment[] values, MemorySegment[] bounds,
                                   int inputs, long n, MemorySegment dstKeys, int keyWidth,
                                   MemorySegment dstValues, int valueWidth) {
        long end = 0;
        for (int j = 0; j < inputs; j++) {
            MemorySegment b = bounds[j];
            end += b.get(JAVA_LONG_UNALIGNED, n << 3) - b.get(JAVA_LONG_UNALIGNED, 0);
        }
        long keysEnd = end * keyWidth;
        long valuesEnd = end * valueWidth;
        long to = 0;
        for (long e = 0; e < n; e++) {
            long at = e << 3;
            for (int j = 0; j < inputs; j++) {
                MemorySegment b = bounds[j];
                long from = b.get(JAVA_LONG_UNALIGNED, at);
                long elements = b.get(JAVA_LONG_UNALIGNED, at + 8) - from;
                // Short runs as whole blocks, see copyBlock; each set decides for itself.
                MemorySegment src = keys[j];
                long len = elements * keyWidth;
                long f = from * keyWidth;
                long t = to * keyWidth;
                if (len <= SHORT_RUN_BYTES && t + len + RUN_BLOCK_BYTES <= keysEnd
                        && f + len + RUN_BLOCK_BYTES <= src.byteSize()) {
                    long k = 0;
                    do {
                        copyBlock(src, f + k, dstKeys, t + k);
                        k += RUN_BLOCK_BYTES;
                    } while (k < len);
                } else if (len != 0) {
                    MemorySegment.copy(src, f, dstKeys, t, len);
                }
                src = values[j];
                len = elements * valueWidth;
                f = from * valueWidth;
                t = to * valueWidth;
                if (len <= SHORT_RUN_BYTES && t + len + RUN_BLOCK_BYTES <= valuesEnd
                        && f + len + RUN_BLOCK_BYTES <= src.byteSize()) {
                    long k = 0;
                    do {
                        copyBlock(src, f + k, dstValues, t + k);
                        k += RUN_BLOCK_BYTES;
                    } while (k < len);
                } else if (len != 0) {
                    MemorySegment.copy(src, f, dstValues, t, len);
                }
                to += elements;
            }
        }
        return end;
    }

    @Override
    public void gatherEntryRuns(MemorySegment[] sources, MemorySegment columns, MemorySegment lengths, long count,
                                MemorySegment cursors, MemorySegment dst, long dstIndex, long total, int width) {
        long to = dstIndex * width;
        long dstEnd = (dstIndex + total) * width;
        for (long done = 0; done < count; done += chunk) {
            int m = (int) Math.min(chunk, count - done);
            for (int i = 0; i < m; i++) {
                long t = (done + i) << 2;
                int j = columns.get(JAVA_INT_UNALIGNED, t);
                long elements = lengths.get(JAVA_INT_UNALIGNED, t);
                long at = (long) j << 3;
                long cursor = cursors.get(JAVA_LONG_UNALIGNED, at);
                long len = elements * width;
                long from = cursor * width;
                MemorySegment src = sources[j];
                // A short run as whole blocks, see copyBlock.
                if (len <= SHORT_RUN_BYTES && to + len + RUN_BLOCK_BYTES <= dstEnd
                        && from + len + RUN_BLOCK_BYTES <= src.byteSize()) {
                    long b = 0;
                    do {
                        copyBlock(src, from + b, dst, to + b);
                        b += RUN_BLOCK_BYTES;
                    } while (b < len);
                } else if (len != 0) {
                    MemorySegment.copy(src, from, dst, to, len);
                }
                cursors.set(JAVA_LONG_UNALIGNED, at, cursor + elements);
                to += len;
            }
        }
    }

    @Override
    public long deinterleaveRuns(MemorySegment src, long srcIndex, MemorySegment[] destinations,
                                 MemorySegment[] bounds, int inputs, long n, int width) {
        long total = 0;
        for (int j = 0; j < inputs; j++) {
            MemorySegment b = bounds[j];
            total += b.get(JAVA_LONG_UNALIGNED, n << 3) - b.get(JAVA_LONG_UNALIGNED, 0);
        }
        long srcEnd = src.byteSize();
        long from = srcIndex * width;
        for (long e = 0; e < n; e++) {
            long at = e << 3;
            for (int j = 0; j < inputs; j++) {
                MemorySegment b = bounds[j];
                long to = b.get(JAVA_LONG_UNALIGNED, at) * width;
                long len = b.get(JAVA_LONG_UNALIGNED, at + 8) * width - to;
                long dstEnd = b.get(JAVA_LONG_UNALIGNED, n << 3) * width;
                MemorySegment dst = destinations[j];
                // A short run as whole blocks, see copyBlock.
                if (len <= SHORT_RUN_BYTES && to + len + RUN_BLOCK_BYTES <= dstEnd
                        && from + len + RUN_BLOCK_BYTES <= srcEnd) {
                    long k = 0;
                    do {
                        copyBlock(src, from + k, dst, to + k);
                        k += RUN_BLOCK_BYTES;
                    } while (k < len);
                } else if (len != 0) {
                    MemorySegment.copy(src, from, dst, to, len);
                }
                from += len;
            }
        }
        return srcIndex + total;
    }

    @Override
    public void gatherRuns(MemorySegment src, MemorySegment starts, MemorySegment bounds, long n, MemorySegment dst,
                           int width) {
        // One source and one destination for the whole loop: their checks hoist, where the
        // example-major deinterleave switches segments at every run.
        long srcEnd = src.byteSize();
        long dstEnd = bounds.get(JAVA_LONG_UNALIGNED, n << 3) * width;
        long to = bounds.get(JAVA_LONG_UNALIGNED, 0) * width;
        for (long done = 0; done < n; done += chunk) {
            int m = (int) Math.min(chunk, n - done);
            for (int i = 0; i < m; i++) {
                long e = done + i;
                long end = bounds.get(JAVA_LONG_UNALIGNED, (e + 1) << 3) * width;
                long from = starts.get(JAVA_LONG_UNALIGNED, e << 3) * width;
                long len = end - to;
                // A short run as whole blocks, see copyBlock.
                if (len <= SHORT_RUN_BYTES && end + RUN_BLOCK_BYTES <= dstEnd && from + len + RUN_BLOCK_BYTES <= srcEnd) {
                    long b = 0;
                    do {
                        copyBlock(src, from + b, dst, to + b);
                        b += RUN_BLOCK_BYTES;
                    } while (b < len);
                } else if (len != 0) {
                    MemorySegment.copy(src, from, dst, to, len);
                }
                to = end;
            }
        }
    }

    // ---------------------------------------------------------------- padded rows

    // Rows are written in increasing order, so a whole-vector store may spill past its row: the
    // next row overwrites it. The vector holding a run's last bytes is blended with the padding
    // (or with zeros) under a lane mask, so a row costs its whole vectors plus one blend, where
    // the scalar family moves element by element. Only the last vectors before the end of the
    // written range, or of the source, go element by element.

    @Override
    public void padRuns(MemorySegment src, MemorySegment bounds, long n, MemorySegment dst, long rowLength,
                        long padding, int width) {
        int lanes = BYTES.length();
        ByteVector pad = LongVector.broadcast(LONGS, pattern(padding, width)).reinterpretAsBytes();
        long rowBytes = rowLength * width;
        long dstEnd = n * rowBytes;
        long srcEnd = src.byteSize();
        for (long e = 0; e < n; e++) {
            long from = bounds.get(JAVA_LONG_UNALIGNED, e << 3) * width;
            long len = Math.min(bounds.get(JAVA_LONG_UNALIGNED, (e + 1) << 3) * width - from, rowBytes);
            long row = e * rowBytes;
            long c = 0;
            for (; c + lanes <= len; c += lanes) {
                ByteVector.fromMemorySegment(BYTES, src, from + c, ORDER).intoMemorySegment(dst, row + c, ORDER);
            }
            if (c < len) {
                if (from + c + lanes > srcEnd || row + c + lanes > dstEnd) {
                    padTail(src, from, len, dst, row, rowBytes, c, padding, width);
                    continue;
                }
                ByteVector v = ByteVector.fromMemorySegment(BYTES, src, from + c, ORDER);
                pad.blend(v, BYTES.indexInRange(0, (int) (len - c))).intoMemorySegment(dst, row + c, ORDER);
                c += lanes;
            }
            for (; c < rowBytes; c += lanes) {
                if (row + c + lanes > dstEnd) {
                    padTail(src, from, len, dst, row, rowBytes, c, padding, width);
                    break;
                }
                pad.intoMemorySegment(dst, row + c, ORDER);
            }
        }
    }

    /** {@code bits} repeated over a long: the padding of one 64-bit lane. */
    private static long pattern(long bits, int width) {
        return switch (width) {
            case 8 -> bits;
            case 4 -> (bits & 0xFFFF_FFFFL) | (bits << 32);
            default -> (bits & 0xFFL) * 0x0101_0101_0101_0101L;
        };
    }

    /** The rest of a padded row from byte {@code c} (a whole element) on, element by element. */
    private static void padTail(MemorySegment src, long from, long len, MemorySegment dst, long row, long rowBytes,
                                long c, long padding, int width) {
        if (c < len) {
            MemorySegment.copy(src, from + c, dst, row + c, len - c);
            c = len;
        }
        for (; c < rowBytes; c += width) {
            switch (width) {
                case 8 -> dst.set(JAVA_LONG_UNALIGNED, row + c, padding);
                case 4 -> dst.set(JAVA_INT_UNALIGNED, row + c, (int) padding);
                default -> dst.set(JAVA_BYTE, row + c, (byte) padding);
            }
        }
    }

    @Override
    public void unpadRuns(MemorySegment src, long rowLength, MemorySegment bounds, long n, MemorySegment dst,
                          int width) {
        int lanes = BYTES.length();
        ByteVector zero = ByteVector.zero(BYTES);
        long rowBytes = rowLength * width;
        long dstEnd = bounds.get(JAVA_LONG_UNALIGNED, n << 3) * width;
        long srcEnd = src.byteSize();
        for (long e = 0; e < n; e++) {
            long to = bounds.get(JAVA_LONG_UNALIGNED, e << 3) * width;
            long len = bounds.get(JAVA_LONG_UNALIGNED, (e + 1) << 3) * width - to;
            long kept = Math.min(len, rowBytes);
            long from = e * rowBytes;
            long c = 0;
            for (; c + lanes <= kept; c += lanes) {
                ByteVector.fromMemorySegment(BYTES, src, from + c, ORDER).intoMemorySegment(dst, to + c, ORDER);
            }
            if (c < kept) {
                if (from + c + lanes > srcEnd || to + c + lanes > dstEnd) {
                    unpadTail(src, from, kept, len, dst, to, c);
                    continue;
                }
                ByteVector v = ByteVector.fromMemorySegment(BYTES, src, from + c, ORDER);
                zero.blend(v, BYTES.indexInRange(0, (int) (kept - c))).intoMemorySegment(dst, to + c, ORDER);
                c += lanes;
            }
            for (; c < len; c += lanes) {
                if (to + c + lanes > dstEnd) {
                    unpadTail(src, from, kept, len, dst, to, c);
                    break;
                }
                zero.intoMemorySegment(dst, to + c, ORDER);
            }
        }
    }

    /** The rest of a run from byte {@code c} on: the row's cells, then zeros. */
    private static void unpadTail(MemorySegment src, long from, long kept, long len, MemorySegment dst, long to,
                                  long c) {
        if (c < kept) {
            MemorySegment.copy(src, from + c, dst, to + c, kept - c);
            c = kept;
        }
        // Stores, not asSlice(...).fill: the slice is a new segment per call that C2 did not
        // scalar-replace, 40 bytes allocated by every call whose last run was cut.
        for (; c + Long.BYTES <= len; c += Long.BYTES) {
            dst.set(JAVA_LONG_UNALIGNED, to + c, 0L);
        }
        for (; c < len; c++) {
            dst.set(JAVA_BYTE, to + c, (byte) 0);
        }
    }

    /**
     * One block of a short run. A run of {@code len <= SHORT_RUN_BYTES} is copied as whole blocks,
     * spilling up to a block past its end, when the blocks end before the end of what later runs
     * overwrite and the reads stay within the source; other runs go by {@code MemorySegment.copy}.
     * Each run loop spells this out itself: a shared helper, compiled on its own first, became
     * too big for C2 to inline, and a call per run cost more than the run (the multi scalar
     * gradient went from 31 to 24 µs per request call when inlined).
     */
    private static void copyBlock(MemorySegment src, long from, MemorySegment dst, long to) {
        for (int k = 0; k < RUN_BLOCK_BYTES; k += BYTES.length()) {
            ByteVector.fromMemorySegment(BYTES, src, from + k, ORDER).intoMemorySegment(dst, to + k, ORDER);
        }
    }

    // ---------------------------------------------------------------- Arrow layouts

    @Override
    public void lengthsFromOffsets(MemorySegment offsets, long from, long n, MemorySegment lengths) {
        for (long done = 0; done < n; done += chunk) {
            lengthsFromOffsets(offsets, from + done, done, (int) Math.min(chunk, n - done), lengths);
        }
    }

    private static void lengthsFromOffsets(MemorySegment offsets, long from, long to, int n, MemorySegment lengths) {
        int bound = INTS.loopBound(n);
        int i = 0;
        for (; i < bound; i += INT_LANES) {
            long at = (from + i) << 2;
            // offsets[e + 1] - offsets[e] for a vector of e: two overlapping loads
            IntVector.fromMemorySegment(INTS, offsets, at + Integer.BYTES, ORDER)
                    .sub(IntVector.fromMemorySegment(INTS, offsets, at, ORDER))
                    .intoMemorySegment(lengths, (to + i) << 2, ORDER);
        }
        for (; i < n; i++) {
            long at = (from + i) << 2;
            lengths.set(JAVA_INT_UNALIGNED, (to + i) << 2,
                    offsets.get(JAVA_INT_UNALIGNED, at + Integer.BYTES) - offsets.get(JAVA_INT_UNALIGNED, at));
        }
    }

    @Override
    public void expandBits(MemorySegment bits, long bitIndex, long n, MemorySegment presence) {
        // A step reads a whole long of the bitmap from the byte holding its first bit; the
        // steps stop where that long would run past the bitmap, and the scalar tail ends it.
        long bitmapBytes = bits.byteSize();
        long e = 0;
        if (n >= BIT_LANES) {
            ByteVector one = ByteVector.broadcast(BYTES, (byte) 1);
            ByteVector zero = ByteVector.zero(BYTES);
            for (; e + BIT_LANES <= n && ((bitIndex + e) >>> 3) + Long.BYTES <= bitmapBytes; e += BIT_LANES) {
                long k = bitIndex + e;
                // Shifting out the bits before k leaves at least 57 bits, enough for 32 lanes.
                long word = bits.get(PRESENCE_WORD, k >>> 3) >>> (k & 7);
                ByteVector spread = LongVector.broadcast(LONGS, word).reinterpretAsBytes().rearrange(BIT_SPREAD);
                zero.blend(one, spread.and(BIT_SELECT).compare(VectorOperators.NE, 0))
                        .intoMemorySegment(presence, e, ORDER);
            }
        }
        for (; e < n; e++) {
            long k = bitIndex + e;
            presence.set(JAVA_BYTE, e, (byte) (bits.get(JAVA_BYTE, k >>> 3) >>> (k & 7) & 1));
        }
    }

    @Override
    public void packBits(MemorySegment bytes, long n, MemorySegment bits) {
        // Chunks (a multiple of 8 bytes) start on a byte of the bitmap, so each packs on its own.
        for (long done = 0; done < n; done += chunk) {
            packBits(bytes, done, (int) Math.min(chunk, n - done), bits);
        }
    }

    private static void packBits(MemorySegment bytes, long from, int n, MemorySegment bits) {
        int bound = n & -PACK_BYTES;
        int i = 0;
        for (; i < bound; i += PACK_BYTES) {
            long word = 0;
            for (int v = 0; v < PACK_BYTES; v += BIT_LANES) {
                word |= ByteVector.fromMemorySegment(BYTES, bytes, from + i + v, ORDER)
                        .compare(VectorOperators.NE, 0).toLong() << v;
            }
            bits.set(PRESENCE_WORD, (from + i) >>> 3, word);
        }
        // Byte by byte to the end: a whole word here would write past the last byte of the bitmap.
        for (; i < n; i += Byte.SIZE) {
            int m = Math.min(Byte.SIZE, n - i);
            int packed = 0;
            for (int k = 0; k < m; k++) {
                packed |= (bytes.get(JAVA_BYTE, from + i + k) != 0 ? 1 : 0) << k;
            }
            bits.set(JAVA_BYTE, (from + i) >>> 3, (byte) packed);
        }
    }

    @Override
    public String name() {
        return "panama";
    }
}
