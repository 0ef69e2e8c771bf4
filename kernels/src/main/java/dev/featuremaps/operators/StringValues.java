package dev.featuremaps.operators;

import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Moves string elements, whose widths vary, along the same offset tables the fixed-width kernels
 * use.
 *
 * <p>A merge writes the output in example-major order but visits inputs one at a time, so the
 * byte position of an output string is not known while its input is visited. Forward merges
 * therefore first record, per output element, which input and element it comes from, and {@link
 * #finish} then copies the bytes in output order. Gradients write each output in its own element
 * order, so they copy directly. Scalar code: string features are rare on hot paths.
 */
final class StringValues {
    private int[] source = new int[0];
    private long[] element = new long[0];

    private static long offset(MemorySegment offsets, long i) {
        return offsets.get(ValueLayout.JAVA_LONG_UNALIGNED, i << 3);
    }

    private static long at(MemorySegment table, long i) {
        return table.get(ValueLayout.JAVA_LONG_UNALIGNED, i << 3);
    }

    /** Prepares to record {@code count} output elements. */
    void begin(long count) {
        int n = Math.toIntExact(count);
        if (source.length < n) {
            source = new int[n];
            element = new long[n];
        }
    }

    /** Records {@code dst[starts[e]] = input's element e} for present {@code e}. */
    void scatterPresent(int input, MemorySegment presence, long n, MemorySegment starts) {
        for (long e = 0; e < n; e++) {
            if (presence.get(ValueLayout.JAVA_BYTE, e) != 0) {
                int k = (int) at(starts, e);
                source[k] = input;
                element[k] = e;
            }
        }
    }

    /** Records run {@code e} of the input, {@code [bounds[e], bounds[e+1])}, at {@code starts[e]}. */
    void scatterRuns(int input, MemorySegment bounds, long n, MemorySegment starts) {
        for (long e = 0; e < n; e++) {
            long from = at(bounds, e);
            long len = at(bounds, e + 1) - from;
            int k = (int) at(starts, e);
            for (long t = 0; t < len; t++) {
                source[k + (int) t] = input;
                element[k + (int) t] = from + t;
            }
        }
    }

    /**
     * Copies the recorded elements into {@code dst}, in order.
     *
     * @param dst the output string tensor
     * @param inputs the operator's inputs
     * @param first position of input 0's string tensor in {@code inputs}
     * @param stride distance between the string tensors of consecutive recorded inputs
     */
    void finish(Tensor dst, Tensor[] inputs, int first, int stride) {
        long count = dst.count();
        MemorySegment out = dst.data();
        MemorySegment outOffsets = dst.offsets();
        long pos = 0;
        for (long k = 0; k < count; k++) {
            Tensor src = inputs[first + stride * source[(int) k]];
            long e = element[(int) k];
            long from = src.stringOffset(e);
            long len = src.stringOffset(e + 1) - from;
            outOffsets.set(ValueLayout.JAVA_LONG_UNALIGNED, k << 3, pos);
            MemorySegment.copy(src.data(), from, out, pos, len);
            pos += len;
        }
        outOffsets.set(ValueLayout.JAVA_LONG_UNALIGNED, count << 3, pos);
    }

    /**
     * {@code dst[e] = presence[e] ? src[starts[e]] : ""}, or with {@code dst == null} only the
     * byte count that would be written.
     */
    static long gatherPresent(Tensor src, MemorySegment starts, MemorySegment presence, long n, Tensor dst) {
        long pos = 0;
        for (long e = 0; e < n; e++) {
            if (dst != null) {
                dst.offsets().set(ValueLayout.JAVA_LONG_UNALIGNED, e << 3, pos);
            }
            if (presence.get(ValueLayout.JAVA_BYTE, e) != 0) {
                pos += copy(src, at(starts, e), 1, dst, pos);
            }
        }
        if (dst != null) {
            dst.offsets().set(ValueLayout.JAVA_LONG_UNALIGNED, n << 3, pos);
        }
        return pos;
    }

    /**
     * Run {@code e} of {@code src} from {@code starts[e]} to {@code dst[bounds[e] ..
     * bounds[e+1])}, or with {@code dst == null} only the byte count.
     */
    static long gatherRuns(Tensor src, MemorySegment starts, long n, Tensor dst, MemorySegment bounds) {
        long pos = 0;
        for (long e = 0; e < n; e++) {
            long k = at(bounds, e);
            long len = at(bounds, e + 1) - k;
            long from = at(starts, e);
            if (dst != null) {
                long base = offset(src.offsets(), from);
                for (long t = 0; t < len; t++) {
                    dst.offsets().set(ValueLayout.JAVA_LONG_UNALIGNED, (k + t) << 3,
                            pos + offset(src.offsets(), from + t) - base);
                }
            }
            pos += copy(src, from, len, dst, pos);
        }
        if (dst != null) {
            dst.offsets().set(ValueLayout.JAVA_LONG_UNALIGNED, dst.count() << 3, pos);
        }
        return pos;
    }

    /** {@code dst} = the elements of {@code src} whose presence byte is set, in order. */
    static void compact(Tensor src, MemorySegment presence, Tensor dst) {
        long n = src.count();
        long k = 0;
        long pos = 0;
        for (long e = 0; e < n; e++) {
            if (presence.get(ValueLayout.JAVA_BYTE, e) != 0) {
                dst.offsets().set(ValueLayout.JAVA_LONG_UNALIGNED, k << 3, pos);
                pos += copy(src, e, 1, dst, pos);
                k++;
            }
        }
        dst.offsets().set(ValueLayout.JAVA_LONG_UNALIGNED, k << 3, pos);
    }

    /** Copies the bytes of {@code len} strings from element {@code from}; returns their count. */
    private static long copy(Tensor src, long from, long len, Tensor dst, long pos) {
        long a = src.stringOffset(from);
        long bytes = src.stringOffset(from + len) - a;
        if (dst != null) {
            MemorySegment.copy(src.data(), a, dst.data(), pos, bytes);
        }
        return bytes;
    }
}
