package dev.featuremaps.tensors;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Building tensors from heap arrays and direct NIO buffers, and reading them back.
 *
 * <p>The {@code of*} methods copy into memory from the given allocator; {@link #wrap(DType,
 * ByteBuffer)} views a direct buffer without a copy. The {@code to*Array} methods copy out and
 * check the tensor's type.
 */
public final class Tensors {
    private Tensors() {
    }

    /** @param a allocator @param values elements @return a new BOOL tensor */
    public static Tensor ofBooleans(TensorAllocator a, boolean... values) {
        Tensor t = Tensor.allocate(a, DType.BOOL, values.length);
        for (int i = 0; i < values.length; i++) {
            t.setBoolean(i, values[i]);
        }
        return t;
    }

    /** @param a allocator @param values elements @return a new INT32 tensor */
    public static Tensor ofInts(TensorAllocator a, int... values) {
        Tensor t = Tensor.allocate(a, DType.INT32, values.length);
        MemorySegment.copy(values, 0, t.data(), Tensor.INT, 0, values.length);
        return t;
    }

    /** @param a allocator @param values elements @return a new INT64 tensor */
    public static Tensor ofLongs(TensorAllocator a, long... values) {
        Tensor t = Tensor.allocate(a, DType.INT64, values.length);
        MemorySegment.copy(values, 0, t.data(), Tensor.LONG, 0, values.length);
        return t;
    }

    /** @param a allocator @param values elements @return a new FLOAT tensor */
    public static Tensor ofFloats(TensorAllocator a, float... values) {
        Tensor t = Tensor.allocate(a, DType.FLOAT, values.length);
        MemorySegment.copy(values, 0, t.data(), Tensor.FLOAT, 0, values.length);
        return t;
    }

    /** @param a allocator @param values elements @return a new DOUBLE tensor */
    public static Tensor ofDoubles(TensorAllocator a, double... values) {
        Tensor t = Tensor.allocate(a, DType.DOUBLE, values.length);
        MemorySegment.copy(values, 0, t.data(), Tensor.DOUBLE, 0, values.length);
        return t;
    }

    /** @param a allocator @param values elements, not null @return a new STRING tensor */
    public static Tensor ofStrings(TensorAllocator a, String... values) {
        byte[][] utf8 = new byte[values.length][];
        long total = 0;
        for (int i = 0; i < values.length; i++) {
            utf8[i] = values[i].getBytes(StandardCharsets.UTF_8);
            total += utf8[i].length;
        }
        Tensor t = Tensor.allocateStrings(a, values.length, total);
        long pos = 0;
        for (int i = 0; i < values.length; i++) {
            t.offsets().set(Tensor.LONG, (long) i * Long.BYTES, pos);
            MemorySegment.copy(utf8[i], 0, t.data(), ValueLayout.JAVA_BYTE, pos, utf8[i].length);
            pos += utf8[i].length;
        }
        t.offsets().set(Tensor.LONG, (long) values.length * Long.BYTES, pos);
        return t;
    }

    /**
     * A row-major matrix from a heap array.
     *
     * @param a allocator
     * @param dtype the element type
     * @param rows first dimension
     * @param cols second dimension
     * @param values a {@code boolean[]}, {@code int[]}, {@code long[]}, {@code float[]},
     *     {@code double[]} or {@code String[]} of {@code rows * cols} elements matching {@code dtype}
     * @return the new tensor
     */
    public static Tensor matrix(TensorAllocator a, DType dtype, long rows, long cols, Object values) {
        Tensor flat = of(a, dtype, values);
        if (rows < 0 || cols < 0 || flat.count() != rows * cols) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix needs "
                    + rows * cols + " elements, got " + flat.count());
        }
        return dtype == DType.STRING ? Tensor.wrapStrings(flat.offsets(), flat.data(), rows, cols)
                : Tensor.wrap(dtype, flat.data(), rows, cols);
    }

    /**
     * A 1-D tensor from a heap array whose component type matches {@code dtype}.
     *
     * @param a allocator
     * @param dtype the element type
     * @param values {@code boolean[]}, {@code int[]}, {@code long[]}, {@code float[]},
     *     {@code double[]} or {@code String[]}
     * @return the new tensor
     */
    public static Tensor of(TensorAllocator a, DType dtype, Object values) {
        return switch (dtype) {
            case BOOL -> ofBooleans(a, cast(values, boolean[].class, dtype));
            case INT32 -> ofInts(a, cast(values, int[].class, dtype));
            case INT64 -> ofLongs(a, cast(values, long[].class, dtype));
            case FLOAT -> ofFloats(a, cast(values, float[].class, dtype));
            case DOUBLE -> ofDoubles(a, cast(values, double[].class, dtype));
            case STRING -> ofStrings(a, cast(values, String[].class, dtype));
        };
    }

    private static <T> T cast(Object values, Class<T> type, DType dtype) {
        if (!type.isInstance(values)) {
            throw new IllegalArgumentException(dtype.label() + " tensor needs a "
                    + type.getSimpleName() + ", got "
                    + (values == null ? "null" : values.getClass().getSimpleName()));
        }
        return type.cast(values);
    }

    /**
     * Views the remaining bytes of a direct buffer as a 1-D tensor, without a copy. The buffer's
     * byte order is ignored: tensors are always in native order.
     *
     * @param dtype a fixed-width type
     * @param buffer a direct buffer whose remaining bytes are a multiple of the element width
     * @return a tensor over the buffer's memory
     */
    public static Tensor wrap(DType dtype, ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("only direct buffers are off-heap: use of(...) to copy");
        }
        if (!dtype.isFixedWidth() || buffer.remaining() % dtype.byteSize() != 0) {
            throw new IllegalArgumentException(buffer.remaining() + " bytes are not a whole number of "
                    + dtype.label() + " elements");
        }
        return Tensor.wrap(dtype, MemorySegment.ofBuffer(buffer), buffer.remaining() / dtype.byteSize());
    }

    private static int heapLength(Tensor t, DType want) {
        if (t.dtype() != want) {
            throw new IllegalArgumentException("tensor is " + t.dtype().label() + ", not " + want.label());
        }
        return Math.toIntExact(t.count());
    }

    /** @param t a BOOL tensor @return its elements */
    public static boolean[] toBooleanArray(Tensor t) {
        boolean[] out = new boolean[heapLength(t, DType.BOOL)];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getBoolean(i);
        }
        return out;
    }

    /** @param t an INT32 tensor @return its elements */
    public static int[] toIntArray(Tensor t) {
        int[] out = new int[heapLength(t, DType.INT32)];
        MemorySegment.copy(t.data(), Tensor.INT, 0, out, 0, out.length);
        return out;
    }

    /** @param t an INT64 tensor @return its elements */
    public static long[] toLongArray(Tensor t) {
        long[] out = new long[heapLength(t, DType.INT64)];
        MemorySegment.copy(t.data(), Tensor.LONG, 0, out, 0, out.length);
        return out;
    }

    /** @param t a FLOAT tensor @return its elements */
    public static float[] toFloatArray(Tensor t) {
        float[] out = new float[heapLength(t, DType.FLOAT)];
        MemorySegment.copy(t.data(), Tensor.FLOAT, 0, out, 0, out.length);
        return out;
    }

    /** @param t a DOUBLE tensor @return its elements */
    public static double[] toDoubleArray(Tensor t) {
        double[] out = new double[heapLength(t, DType.DOUBLE)];
        MemorySegment.copy(t.data(), Tensor.DOUBLE, 0, out, 0, out.length);
        return out;
    }

    /** @param t a STRING tensor @return its elements, decoded */
    public static String[] toStringArray(Tensor t) {
        String[] out = new String[heapLength(t, DType.STRING)];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getString(i);
        }
        return out;
    }

    /**
     * Copies a tensor's elements to the heap array type that matches its dtype.
     *
     * @param t any tensor
     * @return a {@code boolean[]}, {@code int[]}, {@code long[]}, {@code float[]},
     *     {@code double[]} or {@code String[]}
     */
    public static Object toArray(Tensor t) {
        return switch (t.dtype()) {
            case BOOL -> toBooleanArray(t);
            case INT32 -> toIntArray(t);
            case INT64 -> toLongArray(t);
            case FLOAT -> toFloatArray(t);
            case DOUBLE -> toDoubleArray(t);
            case STRING -> toStringArray(t);
        };
    }
}
