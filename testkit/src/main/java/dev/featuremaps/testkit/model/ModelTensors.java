package dev.featuremaps.testkit.model;

import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorAllocator;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies model {@link Column}s into off-heap {@link Tensor}s and back.
 *
 * <p>A {@code shift} places a tensor's memory that many bytes past a 64-byte boundary, so the
 * operators also see unaligned inputs; string tensors then also start their offset table at
 * {@code shift}, after that many filler bytes, as a view into a larger buffer would.
 */
public final class ModelTensors {
    private static final byte FILLER = '#';

    private ModelTensors() {
    }

    /** @param a allocator @param column elements @return an aligned 1-D tensor holding them */
    public static Tensor toTensor(TensorAllocator a, Column column) {
        return toTensor(a, column, 0);
    }

    /**
     * Copies a column into a new 1-D tensor.
     *
     * @param a allocator
     * @param column elements
     * @param shift bytes between the 64-byte aligned allocation and the tensor's first byte
     * @return the tensor
     */
    public static Tensor toTensor(TensorAllocator a, Column column, int shift) {
        int n = column.size();
        if (column.dtype() == DType.STRING) {
            byte[][] utf8 = new byte[n][];
            long total = shift;
            for (int i = 0; i < n; i++) {
                utf8[i] = ((String) column.get(i)).getBytes(StandardCharsets.UTF_8);
                total += utf8[i].length;
            }
            MemorySegment offsets = a.allocate((n + 1L) * Long.BYTES + shift).asSlice(shift);
            MemorySegment bytes = a.allocate(total + shift).asSlice(shift);
            bytes.asSlice(0, shift).fill(FILLER);
            long pos = shift;
            for (int i = 0; i < n; i++) {
                offsets.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i, pos);
                MemorySegment.copy(utf8[i], 0, bytes, ValueLayout.JAVA_BYTE, pos, utf8[i].length);
                pos += utf8[i].length;
            }
            offsets.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, n, pos);
            return Tensor.wrapStrings(offsets, bytes, n);
        }
        MemorySegment data = a.allocate((long) n * column.dtype().byteSize() + shift).asSlice(shift);
        Tensor t = Tensor.wrap(column.dtype(), data, n);
        write(t, column);
        return t;
    }

    /**
     * Copies a row-major column into a new 2-D tensor.
     *
     * @param a allocator
     * @param column {@code rows * cols} elements
     * @param rows first dimension
     * @param cols second dimension
     * @param shift bytes between the aligned allocation and the tensor's first byte
     * @return the matrix
     */
    public static Tensor toMatrix(TensorAllocator a, Column column, long rows, long cols, int shift) {
        if (column.size() != rows * cols) {
            throw new IllegalArgumentException(column.size() + " elements for a " + rows + "x" + cols + " matrix");
        }
        if (column.dtype() == DType.STRING) {
            Tensor flat = toTensor(a, column, shift);
            return Tensor.wrapStrings(flat.offsets(), flat.data(), rows, cols);
        }
        MemorySegment data = a.allocate(column.size() * (long) column.dtype().byteSize() + shift).asSlice(shift);
        Tensor t = Tensor.wrap(column.dtype(), data, rows, cols);
        write(t, column);
        return t;
    }

    private static void write(Tensor t, Column column) {
        for (int i = 0; i < column.size(); i++) {
            Object v = column.get(i);
            switch (column.dtype()) {
                case BOOL -> t.setBoolean(i, (Boolean) v);
                case INT32 -> t.setInt(i, (Integer) v);
                case INT64 -> t.setLong(i, (Long) v);
                case FLOAT -> t.setFloat(i, (Float) v);
                case DOUBLE -> t.setDouble(i, (Double) v);
                case STRING -> throw new IllegalArgumentException("strings are written by toTensor");
            }
        }
    }

    /**
     * Copies every column into a new tensor.
     *
     * @param a allocator
     * @param columns the columns
     * @param shift as in {@link #toTensor(TensorAllocator, Column, int)}
     * @return the tensors, in the same order
     */
    public static Tensor[] toTensors(TensorAllocator a, List<Column> columns, int shift) {
        Tensor[] out = new Tensor[columns.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toTensor(a, columns.get(i), shift);
        }
        return out;
    }

    /**
     * Reads a tensor's elements (row-major for a matrix) back into a column.
     *
     * @param t any tensor
     * @return its elements
     */
    public static Column fromTensor(Tensor t) {
        List<Object> values = new ArrayList<>(Math.toIntExact(t.count()));
        for (long i = 0; i < t.count(); i++) {
            values.add(t.getObject(i));
        }
        return new Column(t.dtype(), values);
    }

    /** @param tensors tensors @return their elements, one column each */
    public static List<Column> fromTensors(Tensor... tensors) {
        List<Column> out = new ArrayList<>();
        for (Tensor t : tensors) {
            out.add(fromTensor(t));
        }
        return out;
    }
}
