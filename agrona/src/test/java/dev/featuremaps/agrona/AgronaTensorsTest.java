package dev.featuremaps.agrona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.tensors.Tensors;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Zero-copy bridges between tensors and Agrona buffers share memory in both directions. */
class AgronaTensorsTest {
    private final TensorArena arena = TensorArena.confined();

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void wrappedDirectBufferSharesMemoryBothWays() {
        UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
        Tensor t = AgronaTensors.wrap(DType.INT32, buffer, 8, 4);
        assertEquals(4, t.count());
        assertEquals(buffer.addressOffset() + 8, t.data().address());

        buffer.putInt(12, 99, ByteOrder.nativeOrder());
        assertEquals(99, t.getInt(1));
        t.setInt(3, -5);
        assertEquals(-5, buffer.getInt(20, ByteOrder.nativeOrder()));
        assertThrows(IndexOutOfBoundsException.class, () -> t.getInt(4));
    }

    /** A region at an odd index is not aligned; tensors read it anyway. */
    @Test
    void wrapsUnalignedRegions() {
        UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(32));
        Tensor t = AgronaTensors.wrap(DType.DOUBLE, buffer, 3, 2);
        t.setDouble(1, 2.5);
        assertEquals(2.5, buffer.getDouble(11, ByteOrder.nativeOrder()));
    }

    @Test
    void wrapRejectsHeapBuffersStringsAndRegionsOutOfBounds() {
        assertThrows(IllegalArgumentException.class,
                () -> AgronaTensors.wrap(DType.INT32, new UnsafeBuffer(new byte[16]), 0, 4));
        UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(16));
        assertThrows(IllegalArgumentException.class, () -> AgronaTensors.wrap(DType.STRING, direct, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> AgronaTensors.wrap(DType.INT32, direct, 4, 4));
        assertEquals(3, AgronaTensors.wrap(DType.INT32, direct, 4, 3).count());
    }

    @Test
    void exportedUnsafeBufferSharesMemoryBothWays() {
        Tensor t = Tensors.ofLongs(arena, 1, 2, 3);
        UnsafeBuffer view = AgronaTensors.asUnsafeBuffer(t);
        assertEquals(24, view.capacity());
        assertEquals(t.data().address(), view.addressOffset());
        assertEquals(2, view.getLong(8, ByteOrder.nativeOrder()));
        view.putLong(16, 30, ByteOrder.nativeOrder());
        assertEquals(30, t.getLong(2));
        t.setLong(0, 10);
        assertEquals(10, view.getLong(0, ByteOrder.nativeOrder()));
    }

    @Test
    void exportOfAStringTensorViewsItsUtf8Bytes() {
        Tensor t = Tensors.ofStrings(arena, "é", "x");
        UnsafeBuffer view = AgronaTensors.asUnsafeBuffer(t);
        byte[] bytes = new byte[3];
        view.getBytes(0, bytes);
        assertEquals("éx", new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void exportRejectsHeapTensors() {
        Tensor onHeap = Tensor.wrap(DType.INT32, MemorySegment.ofArray(new int[4]), 4);
        assertThrows(IllegalArgumentException.class, () -> AgronaTensors.asUnsafeBuffer(onHeap));
    }
}
