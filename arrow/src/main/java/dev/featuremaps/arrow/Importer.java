package dev.featuremaps.arrow;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.kernels.KernelProvider;
import dev.featuremaps.operators.FeatureTensorException;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * One import: checks an Arrow vector tree against what the operators accept, shares the buffers
 * that need no conversion and converts the others, all into one {@link ArrowView}.
 *
 * <p>Arrow Java does not check what a producer (an IPC file, the C Data Interface) hands over, so
 * every buffer is measured before it is read, with long arithmetic: a buffer shorter than its
 * vector's length, offsets that decrease or point past their child, or null bits where the
 * operators have no null, end the import with a {@link FeatureTensorException} naming the column
 * and the numbers, before any tensor exists.
 */
final class Importer {
    /** 64 bitmap bits, bit {@code k} of the word being bit {@code k} of the bitmap (Arrow is LSB first). */
    private static final ValueLayout.OfLong BITMAP_WORD = JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** The first block of an import's conversions: a column of a few thousand examples. */
    private static final long FIRST_BLOCK_BYTES = 16 << 10;

    private final FeatureKernels kernels = KernelProvider.kernels();
    private final Arena arena = Arena.ofConfined();
    private final List<ArrowBuf> held = new ArrayList<>();
    /** The block conversions are cut from, and how much of it is used. */
    private MemorySegment block = MemorySegment.NULL;
    private long used;

    /** The view of what was imported; the view owns the arena and references from now on. */
    <F> ArrowView<F> view(F features) {
        return new ArrowView<>(arena, held, features);
    }

    /** Gives back what a failed import took. */
    void abort() {
        arena.close();
        for (ArrowBuf buf : held) {
            buf.getReferenceManager().release();
        }
        held.clear();
    }

    /**
     * {@code bytes} of the import's memory, aligned to {@code align} (a power of two up to 8):
     * cut from blocks that double as they fill, so a batch of many columns makes a few
     * allocations, not two per column.
     */
    private MemorySegment scratch(long bytes, long align) {
        long at = (used + align - 1) & -align;
        if (at + bytes > block.byteSize()) {
            block = arena.allocate(Math.max(bytes, Math.max(FIRST_BLOCK_BYTES, 2 * block.byteSize())), Long.BYTES);
            at = 0;
        }
        used = at + bytes;
        return block.asSlice(at, bytes);
    }

    static FeatureTensorException fail(String column, String detail) {
        return new FeatureTensorException("Arrow column '" + column + "'", FeatureTensorException.NO_INPUT, null,
                detail);
    }

    // ------------------------------------------------------------------ buffers

    /** The first {@code bytes} of a buffer, shared for the life of the view. */
    private MemorySegment share(ArrowBuf buf, long bytes) {
        if (bytes == 0) {
            return MemorySegment.NULL;
        }
        buf.getReferenceManager().retain();
        held.add(buf);
        return MemorySegment.ofAddress(buf.memoryAddress()).reinterpret(bytes, arena, null);
    }

    /** The first {@code bytes} of a buffer, read during the import only. */
    private static MemorySegment peek(ArrowBuf buf, long bytes) {
        return bytes == 0 ? MemorySegment.NULL : MemorySegment.ofAddress(buf.memoryAddress()).reinterpret(bytes);
    }

    private static void requireBytes(String column, String what, ArrowBuf buf, long need, String why) {
        long has = buf == null ? 0 : buf.capacity();
        if (has < need) {
            throw fail(column, what + " buffer has " + has + " bytes, " + need + " needed for " + why);
        }
    }

    private static long bitmapBytes(long bits) {
        return (bits + 7) >>> 3;
    }

    // ------------------------------------------------------------------ presence

    /** Presence bytes of entries {@code [0, n)} from the vector's validity bitmap. */
    MemorySegment presence(FieldVector vector, String column, long n) {
        long need = bitmapBytes(n);
        requireBytes(column, "validity", vector.getValidityBuffer(), need, n + " entries");
        MemorySegment presence = scratch(n, 1);
        kernels.expandBits(peek(vector.getValidityBuffer(), need), 0, n, presence);
        return presence;
    }

    /** Rejects null entries in {@code [from, from + n)}, where the operators have no null. */
    private static void requireNoNulls(FieldVector vector, String column, long from, long n, String what) {
        long need = bitmapBytes(from + n);
        requireBytes(column, "validity", vector.getValidityBuffer(), need, "entries up to " + (from + n));
        long nulls = n - countSet(peek(vector.getValidityBuffer(), need), from, n);
        if (nulls != 0) {
            throw fail(column, nulls + " of its " + n + " " + what + " are null; featuremaps has no null " + what);
        }
    }

    /** Set bits in {@code [from, from + n)}, a word at a time: a check, not a conversion. */
    private static long countSet(MemorySegment bits, long from, long n) {
        long count = 0;
        long k = from;
        long end = from + n;
        while (k < end && (k & 7) != 0) {
            count += bits.get(JAVA_BYTE, k >>> 3) >>> (k & 7) & 1;
            k++;
        }
        while (k + 64 <= end) {
            count += Long.bitCount(bits.get(BITMAP_WORD, k >>> 3));
            k += 64;
        }
        while (k < end) {
            count += bits.get(JAVA_BYTE, k >>> 3) >>> (k & 7) & 1;
            k++;
        }
        return count;
    }

    // ------------------------------------------------------------------ runs

    /**
     * Lengths of entries {@code [from, from + n)} of an offset table whose entries index a child
     * of {@code childCount} elements.
     *
     * @param lengths int32[n], the runs' lengths
     * @param first the child index of the first run
     * @param total the sum of the lengths
     */
    record Runs(MemorySegment lengths, long first, long total) {
    }

    Runs runs(ArrowBuf offsetsBuffer, String column, long from, long n, long childCount, String child) {
        if (n == 0 && from == 0 && (offsetsBuffer == null || offsetsBuffer.capacity() == 0)) {
            return new Runs(MemorySegment.NULL, 0, 0); // Arrow allows no offsets for no entries
        }
        long need = (from + n + 1) * Integer.BYTES;
        requireBytes(column, "offsets", offsetsBuffer, need, (from + n) + " entries");
        MemorySegment offsets = peek(offsetsBuffer, need);
        int first = offsets.get(JAVA_INT_UNALIGNED, from * Integer.BYTES);
        int last = offsets.get(JAVA_INT_UNALIGNED, (from + n) * Integer.BYTES);
        if (first < 0) {
            throw fail(column, "offset " + from + " is " + first + ", negative");
        }
        MemorySegment lengths = scratch(n * Integer.BYTES, Integer.BYTES);
        kernels.lengthsFromOffsets(offsets, from, n, lengths);
        long total = kernels.sumLengths(lengths, n);
        if (total < 0) {
            long e = 0;
            while (lengths.getAtIndex(JAVA_INT_UNALIGNED, e) >= 0) {
                e++;
            }
            throw fail(column, "offsets decrease at entry " + (from + e) + ": offset " + (from + e) + " is "
                    + offsets.getAtIndex(JAVA_INT_UNALIGNED, from + e) + ", offset " + (from + e + 1) + " is "
                    + offsets.getAtIndex(JAVA_INT_UNALIGNED, from + e + 1));
        }
        if (total != (long) last - first) {
            // Only a difference that wrapped around int32 can make them disagree.
            throw fail(column, "offsets are not monotonic: they run from " + first + " to " + last
                    + " but the entries' lengths sum to " + total);
        }
        if (last > childCount) {
            throw fail(column, "offset " + (from + n) + " is " + last + ", past the " + childCount + " elements of "
                    + child);
        }
        return new Runs(lengths, first, total);
    }

    /**
     * Checks that the null entries among {@code [from, from + n)} of a list or map own no child
     * elements, where the layout has no presence to convert: a bitmap with no null (the common
     * case) is settled by counting its bits, without expanding it.
     */
    void requireEmptyNulls(FieldVector vector, String column, Runs runs, long from, long n) {
        long need = bitmapBytes(from + n);
        requireBytes(column, "validity", vector.getValidityBuffer(), need, "entries up to " + (from + n));
        if (countSet(peek(vector.getValidityBuffer(), need), from, n) == n) {
            return;
        }
        MemorySegment presence = scratch(n, 1);
        kernels.expandBits(peek(vector.getValidityBuffer(), need), from, n, presence);
        requireEmptyNulls(column, runs, presence, n);
    }

    /** Checks that null entries of a list or map own no child elements, as absence needs. */
    void requireEmptyNulls(String column, Runs runs, MemorySegment presence, long n) {
        long present = kernels.sumPresentLengths(runs.lengths(), presence, n);
        if (present != runs.total()) {
            throw fail(column, "null entries hold " + (runs.total() - present) + " of the " + runs.total()
                    + " child elements; a null entry must be empty");
        }
    }

    Tensor lengthsTensor(Runs runs, long n) {
        return Tensor.wrap(DType.INT32, runs.lengths(), n);
    }

    // ------------------------------------------------------------------ elements

    static DType dtype(FieldVector vector, String column) {
        if (vector instanceof IntVector) {
            return DType.INT32;
        } else if (vector instanceof BigIntVector) {
            return DType.INT64;
        } else if (vector instanceof Float4Vector) {
            return DType.FLOAT;
        } else if (vector instanceof Float8Vector) {
            return DType.DOUBLE;
        } else if (vector instanceof BitVector) {
            return DType.BOOL;
        } else if (vector instanceof VarCharVector) {
            return DType.STRING;
        }
        throw fail(column, "type " + vector.getField().getType()
                + " is not an element type of featuremaps (bool, int32, int64, float, double, utf8)");
    }

    /**
     * Elements {@code [from, from + n)} of a primitive or utf8 vector as a tensor: shared for fixed
     * widths, converted for bits (bool) and int32 string offsets.
     *
     * @param nullable whether null elements are allowed (a scalar feature's absent examples)
     */
    Tensor elements(FieldVector vector, String column, long from, long n, boolean nullable) {
        DType dtype = dtype(vector, column);
        if (from + n > vector.getValueCount()) {
            throw fail(column, "has " + vector.getValueCount() + " elements, " + (from + n) + " needed");
        }
        if (!nullable) {
            requireNoNulls(vector, column, from, n, "elements");
        }
        ArrowBuf data = vector.getDataBuffer();
        switch (dtype) {
            case BOOL -> {
                long need = bitmapBytes(from + n);
                requireBytes(column, "data", data, need, "elements up to " + (from + n));
                MemorySegment bools = scratch(n, 1);
                kernels.expandBits(peek(data, need), from, n, bools);
                return Tensor.wrap(DType.BOOL, bools, n);
            }
            case STRING -> {
                Runs runs = runs(vector.getOffsetBuffer(), column, from, n, data == null ? 0 : data.capacity(),
                        "its data buffer");
                MemorySegment bounds = scratch((n + 1) * Long.BYTES, Long.BYTES);
                kernels.prefixSum(runs.lengths(), null, n, bounds);
                MemorySegment bytes = share(data, runs.first() + runs.total()).asSlice(runs.first());
                return Tensor.wrapStrings(bounds, bytes, n);
            }
            default -> {
                long width = dtype.byteSize();
                long need = (from + n) * width;
                requireBytes(column, "data", data, need, "elements up to " + (from + n));
                return Tensor.wrap(dtype, share(data, need).asSlice(from * width), n);
            }
        }
    }

    // ------------------------------------------------------------------ nested vectors

    /** The key and value vectors of a map's entries, checked for nulls over a range. */
    static FieldVector[] entries(MapVector map, String column, long from, long n) {
        if (!(map.getDataVector() instanceof StructVector struct) || struct.getChildrenFromFields().size() != 2) {
            throw fail(column, "map entries are not a struct of key and value");
        }
        if (from + n > struct.getValueCount()) {
            throw fail(column, "has " + struct.getValueCount() + " map entries, " + (from + n) + " needed");
        }
        requireNoNulls(struct, column, from, n, "map entries");
        return new FieldVector[] {struct.getChildrenFromFields().get(0), struct.getChildrenFromFields().get(1)};
    }

    static ListVector asList(FieldVector vector, String column, String expected) {
        if (vector instanceof ListVector list && !(vector instanceof MapVector)) {
            return list;
        }
        throw fail(column, "is " + vector.getField().getType() + ", expected " + expected);
    }

    static MapVector asMap(FieldVector vector, String column, String expected) {
        if (vector instanceof MapVector map) {
            return map;
        }
        throw fail(column, "is " + vector.getField().getType() + ", expected " + expected);
    }

    static long childCount(ListVector list) {
        return list.getDataVector().getValueCount();
    }
}
