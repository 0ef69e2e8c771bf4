package dev.featuremaps.tensors;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A typed, one- or two-dimensional view over off-heap memory.
 *
 * <p>A tensor does not own its memory: the segment's arena decides its lifetime, and the same
 * bytes can be handed to native code or wrapped by another view without a copy. Elements are in
 * row-major order, in native byte order, read and written without alignment requirements (so
 * wrapped buffers need not be aligned; allocated ones are 64-byte aligned).
 *
 * <p>{@link DType#STRING} tensors have two segments: {@link #offsets()}, {@code count + 1} int64
 * byte positions, and {@link #data()}, the UTF-8 bytes. Element {@code i} is {@code
 * data[offsets[i] .. offsets[i+1])}.
 *
 * <p>Instances are immutable views; the memory they view is not.
 */
public final class Tensor {
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private final DType dtype;
    private final long rows;
    private final long cols;
    private final boolean matrix;
    private final MemorySegment data;
    private final MemorySegment offsets;

    private Tensor(DType dtype, long rows, long cols, boolean matrix, MemorySegment data,
                   MemorySegment offsets) {
        this.dtype = dtype;
        this.rows = rows;
        this.cols = cols;
        this.matrix = matrix;
        this.data = data;
        this.offsets = offsets;
    }

    /**
     * Views {@code count} fixed-width elements at the start of {@code data}.
     *
     * @param dtype a fixed-width element type
     * @param data memory holding at least {@code count * dtype.byteSize()} bytes
     * @param count number of elements
     * @return a 1-D tensor over {@code data}
     * @throws IllegalArgumentException if the type is {@link DType#STRING}, the count is negative,
     *     or the segment is too small
     */
    public static Tensor wrap(DType dtype, MemorySegment data, long count) {
        return wrap2d(dtype, data, count, 1, false);
    }

    /**
     * Views a row-major {@code rows x cols} matrix of fixed-width elements.
     *
     * @param dtype a fixed-width element type
     * @param data memory holding at least {@code rows * cols * dtype.byteSize()} bytes
     * @param rows first dimension
     * @param cols second dimension
     * @return a 2-D tensor over {@code data}
     * @throws IllegalArgumentException if the type is {@link DType#STRING}, a dimension is
     *     negative, or the segment is too small
     */
    public static Tensor wrap(DType dtype, MemorySegment data, long rows, long cols) {
        return wrap2d(dtype, data, rows, cols, true);
    }

    private static Tensor wrap2d(DType dtype, MemorySegment data, long rows, long cols,
                                 boolean matrix) {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(data, "data");
        if (!dtype.isFixedWidth()) {
            throw new IllegalArgumentException("string tensors need an offset table: use wrapStrings");
        }
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape: rows=" + rows + " cols=" + cols);
        }
        long count = Math.multiplyExact(rows, cols);
        long bytes = Math.multiplyExact(count, (long) dtype.byteSize());
        if (data.byteSize() < bytes) {
            throw new IllegalArgumentException("segment too small for " + count + " " + dtype.label()
                    + " elements: needs " + bytes + " bytes, has " + data.byteSize());
        }
        return new Tensor(dtype, rows, cols, matrix, data.asSlice(0, bytes), null);
    }

    /**
     * Views {@code count} strings given by an offset table and UTF-8 bytes.
     *
     * @param offsets at least {@code count + 1} int64 byte positions into {@code bytes}
     * @param bytes UTF-8 bytes
     * @param count number of strings
     * @return a 1-D string tensor
     * @throws IllegalArgumentException if the count is negative or the offset table too small
     */
    public static Tensor wrapStrings(MemorySegment offsets, MemorySegment bytes, long count) {
        return wrapStrings2d(offsets, bytes, count, 1, false);
    }

    /**
     * Views a row-major {@code rows x cols} matrix of strings given by an offset table and UTF-8
     * bytes: element {@code (r, c)} is string {@code r * cols + c} of the table.
     *
     * @param offsets at least {@code rows * cols + 1} int64 byte positions into {@code bytes}
     * @param bytes UTF-8 bytes
     * @param rows first dimension
     * @param cols second dimension
     * @return a 2-D string tensor
     * @throws IllegalArgumentException if a dimension is negative or the offset table too small
     */
    public static Tensor wrapStrings(MemorySegment offsets, MemorySegment bytes, long rows, long cols) {
        return wrapStrings2d(offsets, bytes, rows, cols, true);
    }

    private static Tensor wrapStrings2d(MemorySegment offsets, MemorySegment bytes, long rows, long cols,
                                        boolean matrix) {
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(bytes, "bytes");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(matrix ? "negative shape: rows=" + rows + " cols=" + cols
                    : "negative count: " + rows);
        }
        long count = Math.multiplyExact(rows, cols);
        long need = Math.multiplyExact(count + 1, (long) Long.BYTES);
        if (offsets.byteSize() < need) {
            throw new IllegalArgumentException("offset table too small for " + count
                    + " strings: needs " + need + " bytes, has " + offsets.byteSize());
        }
        return new Tensor(DType.STRING, rows, cols, matrix, bytes, offsets.asSlice(0, need));
    }

    /**
     * Allocates a zero-filled 1-D tensor of a fixed-width type.
     *
     * @param allocator where the memory comes from
     * @param dtype a fixed-width element type
     * @param count number of elements
     * @return the new tensor
     */
    public static Tensor allocate(TensorAllocator allocator, DType dtype, long count) {
        if (dtype == DType.STRING) {
            throw new IllegalArgumentException("string tensors need a byte count: use allocateStrings");
        }
        requireCount(count);
        return wrap(dtype, allocator.allocate(Math.multiplyExact(count, (long) dtype.byteSize())), count);
    }

    /**
     * Allocates a zero-filled row-major matrix of a fixed-width type.
     *
     * @param allocator where the memory comes from
     * @param dtype a fixed-width element type
     * @param rows first dimension
     * @param cols second dimension
     * @return the new tensor
     */
    public static Tensor allocate(TensorAllocator allocator, DType dtype, long rows, long cols) {
        if (dtype == DType.STRING) {
            throw new IllegalArgumentException("string tensors need a byte count: use allocateStrings");
        }
        requireCount(rows);
        requireCount(cols);
        long bytes = Math.multiplyExact(Math.multiplyExact(rows, cols), (long) dtype.byteSize());
        return wrap(dtype, allocator.allocate(bytes), rows, cols);
    }

    /**
     * Allocates a string tensor with room for {@code count} strings of {@code byteCount} UTF-8
     * bytes in all; every offset starts at 0 (all strings empty) until written.
     *
     * @param allocator where the memory comes from
     * @param count number of strings
     * @param byteCount total UTF-8 bytes
     * @return the new tensor
     */
    public static Tensor allocateStrings(TensorAllocator allocator, long count, long byteCount) {
        requireCount(count);
        requireCount(byteCount);
        MemorySegment offsets = allocator.allocate(Math.multiplyExact(count + 1, (long) Long.BYTES));
        return wrapStrings(offsets, allocator.allocate(byteCount), count);
    }

    /**
     * Allocates a row-major {@code rows x cols} string matrix with room for {@code byteCount}
     * UTF-8 bytes in all; every offset starts at 0 (all strings empty) until written.
     *
     * @param allocator where the memory comes from
     * @param rows first dimension
     * @param cols second dimension
     * @param byteCount total UTF-8 bytes
     * @return the new tensor
     */
    public static Tensor allocateStrings(TensorAllocator allocator, long rows, long cols, long byteCount) {
        requireCount(rows);
        requireCount(cols);
        requireCount(byteCount);
        long count = Math.multiplyExact(rows, cols);
        MemorySegment offsets = allocator.allocate(Math.multiplyExact(count + 1, (long) Long.BYTES));
        return wrapStrings(offsets, allocator.allocate(byteCount), rows, cols);
    }

    /**
     * Allocates a tensor shaped like {@code shape} (same type, dimensions and, for strings, byte
     * count); the contents are not copied.
     *
     * @param allocator where the memory comes from
     * @param shape the tensor to take the type and size from
     * @return the new, zero-filled tensor
     */
    public static Tensor allocateLike(TensorAllocator allocator, Tensor shape) {
        if (shape.dtype == DType.STRING) {
            return shape.matrix ? allocateStrings(allocator, shape.rows, shape.cols, shape.stringByteCount())
                    : allocateStrings(allocator, shape.count(), shape.stringByteCount());
        }
        return shape.matrix ? allocate(allocator, shape.dtype, shape.rows, shape.cols)
                : allocate(allocator, shape.dtype, shape.rows);
    }

    private static void requireCount(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative size: " + n);
        }
    }

    /** @return the element type */
    public DType dtype() {
        return dtype;
    }

    /** @return 1 or 2 */
    public int rank() {
        return matrix ? 2 : 1;
    }

    /** @return the shape, {@code [count]} or {@code [rows, cols]}; a fresh array */
    public long[] shape() {
        return matrix ? new long[] {rows, cols} : new long[] {rows};
    }

    /**
     * The size of dimension {@code d}.
     *
     * @param d 0, or 1 for a matrix
     * @return the dimension's size
     */
    public long dim(int d) {
        if (d == 0) {
            return rows;
        }
        if (d == 1 && matrix) {
            return cols;
        }
        throw new IndexOutOfBoundsException("dimension " + d + " of a rank-" + rank() + " tensor");
    }

    /** @return the number of elements (the product of the shape) */
    public long count() {
        return rows * cols;
    }

    /**
     * The element memory: fixed-width elements back to back, or the UTF-8 bytes of a string
     * tensor.
     *
     * @return the data segment (exactly the elements' bytes for fixed-width types)
     */
    public MemorySegment data() {
        return data;
    }

    /**
     * The offset table of a string tensor.
     *
     * @return {@code count + 1} int64 byte positions, or {@code null} for fixed-width types
     */
    public MemorySegment offsets() {
        return offsets;
    }

    /**
     * The bytes this tensor's elements occupy: {@code count * byteSize} for fixed-width types,
     * {@code offsets[count] - offsets[0]} for strings.
     *
     * @return the number of element bytes
     */
    public long elementBytes() {
        return dtype == DType.STRING ? stringByteCount() : data.byteSize();
    }

    private long stringByteCount() {
        long n = count();
        return offsets.get(LONG, n * Long.BYTES) - offsets.get(LONG, 0);
    }

    /** @return the same memory viewed as a 1-D tensor of {@code count()} elements */
    public Tensor flatten() {
        return matrix ? new Tensor(dtype, count(), 1, false, data, offsets) : this;
    }

    // Element access. Indices are element positions; bounds are checked by the segment.

    /** @param i element index @return element {@code i} of a BOOL tensor */
    public boolean getBoolean(long i) {
        return data.get(ValueLayout.JAVA_BYTE, i) != 0;
    }

    /** @param i element index @param v the value to store in a BOOL tensor */
    public void setBoolean(long i, boolean v) {
        data.set(ValueLayout.JAVA_BYTE, i, v ? (byte) 1 : (byte) 0);
    }

    /** @param i element index @return the raw byte of element {@code i} of a BOOL tensor */
    public byte getByte(long i) {
        return data.get(ValueLayout.JAVA_BYTE, i);
    }

    /** @param i element index @return element {@code i} of an INT32 tensor */
    public int getInt(long i) {
        return data.get(INT, i * Integer.BYTES);
    }

    /** @param i element index @param v the value to store in an INT32 tensor */
    public void setInt(long i, int v) {
        data.set(INT, i * Integer.BYTES, v);
    }

    /** @param i element index @return element {@code i} of an INT64 tensor */
    public long getLong(long i) {
        return data.get(LONG, i * Long.BYTES);
    }

    /** @param i element index @param v the value to store in an INT64 tensor */
    public void setLong(long i, long v) {
        data.set(LONG, i * Long.BYTES, v);
    }

    /** @param i element index @return element {@code i} of a FLOAT tensor */
    public float getFloat(long i) {
        return data.get(FLOAT, i * Float.BYTES);
    }

    /** @param i element index @param v the value to store in a FLOAT tensor */
    public void setFloat(long i, float v) {
        data.set(FLOAT, i * Float.BYTES, v);
    }

    /** @param i element index @return element {@code i} of a DOUBLE tensor */
    public double getDouble(long i) {
        return data.get(DOUBLE, i * Double.BYTES);
    }

    /** @param i element index @param v the value to store in a DOUBLE tensor */
    public void setDouble(long i, double v) {
        data.set(DOUBLE, i * Double.BYTES, v);
    }

    /**
     * Byte position where string {@code i} starts ({@code i == count()} gives the end of the last).
     *
     * @param i string index, {@code 0..count()}
     * @return the offset table entry
     */
    public long stringOffset(long i) {
        return offsets.get(LONG, i * Long.BYTES);
    }

    /**
     * Decodes string {@code i} (allocates; not for hot paths).
     *
     * @param i string index
     * @return the decoded string
     */
    public String getString(long i) {
        long start = stringOffset(i);
        long end = stringOffset(i + 1);
        byte[] bytes = data.asSlice(start, end - start).toArray(ValueLayout.JAVA_BYTE);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Element {@code i} as a boxed Java value ({@link Boolean}, {@link Integer}, {@link Long},
     * {@link Float}, {@link Double} or {@link String}); for tests, printing and tools.
     *
     * @param i element index
     * @return the element
     */
    public Object getObject(long i) {
        return switch (dtype) {
            case BOOL -> getBoolean(i);
            case INT32 -> getInt(i);
            case INT64 -> getLong(i);
            case FLOAT -> getFloat(i);
            case DOUBLE -> getDouble(i);
            case STRING -> getString(i);
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(dtype.label()).append('[').append(rows);
        if (matrix) {
            sb.append(", ").append(cols);
        }
        sb.append("] {");
        long n = Math.min(count(), 16);
        for (long i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(getObject(i));
        }
        return sb.append(count() > n ? ", ...}" : "}").toString();
    }
}
