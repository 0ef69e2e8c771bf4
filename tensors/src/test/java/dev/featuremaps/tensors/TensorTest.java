package dev.featuremaps.tensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Shapes, matrices, strings and the checks of {@link Tensor} and {@link Tensors}. */
class TensorTest {
    private final TensorArena arena = TensorArena.confined();

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void oneDimensionalShape() {
        Tensor t = Tensors.ofLongs(arena, 1, 2, 3);
        assertEquals(1, t.rank());
        assertArrayEquals(new long[] {3}, t.shape());
        assertEquals(3, t.dim(0));
        assertEquals(3, t.count());
        assertEquals(24, t.elementBytes());
        assertNull(t.offsets());
        assertSame(t, t.flatten());
        assertThrows(IndexOutOfBoundsException.class, () -> t.dim(1));
        assertEquals("int64[3] {1, 2, 3}", t.toString());
    }

    @Test
    void matrixIsRowMajor() {
        Tensor m = Tensors.matrix(arena, DType.INT32, 2, 3, new int[] {1, 2, 3, 4, 5, 6});
        assertEquals(2, m.rank());
        assertArrayEquals(new long[] {2, 3}, m.shape());
        assertEquals(2, m.dim(0));
        assertEquals(3, m.dim(1));
        assertEquals(6, m.count());
        assertEquals(6, m.getInt(1 * 3 + 2));
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, Tensors.toIntArray(m));
        assertEquals("int32[2, 3] {1, 2, 3, 4, 5, 6}", m.toString());
        assertThrows(IndexOutOfBoundsException.class, () -> m.dim(2));

        Tensor flat = m.flatten();
        assertEquals(1, flat.rank());
        assertEquals(6, flat.count());
        flat.setInt(4, 50);
        assertEquals(50, m.getInt(4), "flatten views the same memory");

        assertThrows(IllegalArgumentException.class,
                () -> Tensors.matrix(arena, DType.INT32, 2, 2, new int[] {1, 2, 3}));
    }

    @Test
    void allocatedMatricesAreZeroedAndAligned() {
        for (DType type : DType.values()) {
            if (!type.isFixedWidth()) {
                assertThrows(IllegalArgumentException.class, () -> Tensor.allocate(arena, type, 2, 3));
                continue;
            }
            Tensor m = Tensor.allocate(arena, type, 3, 5);
            assertArrayEquals(new long[] {3, 5}, m.shape());
            assertEquals(15L * type.byteSize(), m.data().byteSize());
            assertEquals(0, m.data().address() % TensorAllocator.ALIGNMENT_BYTES);
            for (long i = 0; i < m.data().byteSize(); i++) {
                assertEquals(0, m.data().get(ValueLayout.JAVA_BYTE, i));
            }
        }
        Tensor empty = Tensor.allocate(arena, DType.FLOAT, 0, 4);
        assertArrayEquals(new long[] {0, 4}, empty.shape());
        assertEquals(0, empty.count());
    }

    @Test
    void wrapChecksTypeShapeAndRoom() {
        MemorySegment sixteen = arena.allocate(16);
        assertEquals(4, Tensor.wrap(DType.INT32, sixteen, 4).count());
        assertEquals(16, Tensor.wrap(DType.BOOL, sixteen, 4, 4).count());
        assertEquals(8, Tensor.wrap(DType.INT32, sixteen, 2).data().byteSize(), "the view is exactly the elements");
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(DType.INT64, sixteen, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(DType.INT32, sixteen, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(DType.INT32, sixteen, -1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(DType.INT32, sixteen, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(DType.STRING, sixteen, 1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.allocate(arena, DType.STRING, 1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.allocate(arena, DType.INT32, -1));
    }

    @Test
    void stringsHoldUtf8BytesAndOffsets() {
        String[] values = {"", "a", "é", "日本", "😀", "naïve façade"};
        Tensor t = Tensors.ofStrings(arena, values);
        assertEquals(DType.STRING, t.dtype());
        assertEquals(6, t.count());
        long[] expectedOffsets = {0, 0, 1, 3, 9, 13, 27}; // "naïve façade": 12 characters, 14 bytes
        for (int i = 0; i <= values.length; i++) {
            assertEquals(expectedOffsets[i], t.stringOffset(i), "offset " + i);
        }
        assertEquals(7L * Long.BYTES, t.offsets().byteSize());
        assertEquals(27, t.elementBytes());
        byte[] utf8 = String.join("", values).getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(utf8, t.data().asSlice(0, 27).toArray(ValueLayout.JAVA_BYTE));
        assertArrayEquals(values, Tensors.toStringArray(t));
        assertEquals("string[6] {, a, é, 日本, 😀, naïve façade}", t.toString());
    }

    @Test
    void stringMatricesAreRowMajorOverOneOffsetTable() {
        Tensor m = Tensors.matrix(arena, DType.STRING, 2, 3, new String[] {"a", "", "bc", "日", "e", "fg"});
        assertEquals(2, m.rank());
        assertArrayEquals(new long[] {2, 3}, m.shape());
        assertEquals(6, m.count());
        assertEquals(7L * Long.BYTES, m.offsets().byteSize());
        assertEquals("bc", m.getString(2));
        assertEquals("日", m.getString(3), "row 1 starts at element 3");
        assertEquals(9, m.elementBytes());
        assertEquals("string[2, 3] {a, , bc, 日, e, fg}", m.toString());
        assertArrayEquals(new long[] {6}, m.flatten().shape());
        assertArrayEquals(Tensors.toStringArray(m), Tensors.toStringArray(m.flatten()));

        Tensor like = Tensor.allocateLike(arena, m);
        assertArrayEquals(new long[] {2, 3}, like.shape());
        assertEquals(DType.STRING, like.dtype());
        assertEquals(9, like.data().byteSize());
        Tensor empty = Tensor.allocateStrings(arena, 3, 0, 0);
        assertArrayEquals(new long[] {3, 0}, empty.shape());
        assertEquals(0, empty.count());

        assertThrows(IllegalArgumentException.class, () -> Tensor.wrapStrings(m.offsets(), m.data(), 3, 3),
                "the table holds 7 offsets, 9 strings need 10");
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrapStrings(m.offsets(), m.data(), 2, -1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.allocateStrings(arena, -1, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.allocate(arena, DType.STRING, 2, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Tensors.matrix(arena, DType.STRING, 2, 2, new String[] {"a", "b", "c"}));
    }

    /** A string tensor may view part of a buffer: offsets need not start at 0. */
    @Test
    void stringViewsMayStartPastZero() {
        MemorySegment bytes = arena.allocate(8);
        bytes.copyFrom(MemorySegment.ofArray("xxabcde!".getBytes(StandardCharsets.UTF_8)));
        MemorySegment offsets = arena.allocate(3 * Long.BYTES);
        offsets.setAtIndex(ValueLayout.JAVA_LONG, 0, 2);
        offsets.setAtIndex(ValueLayout.JAVA_LONG, 1, 5);
        offsets.setAtIndex(ValueLayout.JAVA_LONG, 2, 7);
        Tensor t = Tensor.wrapStrings(offsets, bytes, 2);
        assertArrayEquals(new String[] {"abc", "de"}, Tensors.toStringArray(t));
        assertEquals(5, t.elementBytes());

        Tensor copy = Tensor.allocateLike(arena, t);
        assertEquals(2, copy.count());
        assertEquals(5, copy.data().byteSize());
        assertArrayEquals(new String[] {"", ""}, Tensors.toStringArray(copy), "allocated strings start empty");

        assertThrows(IllegalArgumentException.class, () -> Tensor.wrapStrings(offsets, bytes, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrapStrings(offsets, bytes, -1));
    }

    @Test
    void allocateLikeCopiesTypeAndShapeNotContents() {
        Tensor m = Tensors.matrix(arena, DType.DOUBLE, 2, 2, new double[] {1, 2, 3, 4});
        Tensor like = Tensor.allocateLike(arena, m);
        assertEquals(DType.DOUBLE, like.dtype());
        assertArrayEquals(new long[] {2, 2}, like.shape());
        assertArrayEquals(new double[4], Tensors.toDoubleArray(like));
        Tensor v = Tensor.allocateLike(arena, Tensors.ofBooleans(arena, true, false, true));
        assertArrayEquals(new long[] {3}, v.shape());
        assertEquals(DType.BOOL, v.dtype());
    }

    @Test
    void heapArraysMustMatchTheType() {
        assertThrows(IllegalArgumentException.class, () -> Tensors.of(arena, DType.INT32, new long[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Tensors.of(arena, DType.STRING, null));
        Tensor ints = Tensors.ofInts(arena, 1, 2);
        assertThrows(IllegalArgumentException.class, () -> Tensors.toLongArray(ints));
        assertThrows(IllegalArgumentException.class, () -> Tensors.toStringArray(ints));
    }

    @Test
    void typesHaveWidthsAndLabels() {
        int[] widths = {1, 4, 8, 4, 8, 0};
        String[] labels = {"bool", "int32", "int64", "float", "double", "string"};
        for (DType t : DType.values()) {
            assertEquals(widths[t.ordinal()], t.byteSize());
            assertEquals(labels[t.ordinal()], t.label());
            assertEquals(t != DType.STRING, t.isFixedWidth());
            assertSame(t, DType.fromLabel(t.label()));
            assertSame(t, DType.fromLabel(t.name()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.fromLabel("int8"));
        assertTrue(e.getMessage().contains("int8"));
    }
}
