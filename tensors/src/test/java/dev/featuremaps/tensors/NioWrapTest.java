package dev.featuremaps.tensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** {@link Tensors#wrap(DType, ByteBuffer)} views a direct buffer's memory without a copy. */
class NioWrapTest {
    @Test
    void tensorAndBufferShareMemoryBothWays() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(32).order(ByteOrder.nativeOrder());
        Tensor t = Tensors.wrap(DType.INT64, buffer);
        assertEquals(4, t.count());

        buffer.putLong(8, 42);
        assertEquals(42, t.getLong(1), "a write through the buffer is seen by the tensor");
        t.setLong(3, -7);
        assertEquals(-7, buffer.getLong(24), "a write through the tensor is seen by the buffer");
    }

    @Test
    void onlyTheRemainingBytesAreViewed() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(32).order(ByteOrder.nativeOrder());
        buffer.position(4).limit(20);
        Tensor t = Tensors.wrap(DType.FLOAT, buffer);
        assertEquals(4, t.count());
        t.setFloat(0, 1.5f);
        assertEquals(1.5f, buffer.getFloat(4));
        t.setFloat(3, -2.5f);
        assertEquals(-2.5f, buffer.getFloat(16));
        assertThrows(IndexOutOfBoundsException.class, () -> t.getFloat(4));
    }

    /** Tensors are in native order whatever the buffer's order says. */
    @Test
    void bufferByteOrderIsIgnored() {
        ByteOrder other = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer buffer = ByteBuffer.allocateDirect(8).order(other);
        Tensor t = Tensors.wrap(DType.INT32, buffer);
        t.setInt(0, 0x01020304);
        assertEquals(0x01020304, buffer.duplicate().order(ByteOrder.nativeOrder()).getInt(0));
    }

    @Test
    void readOnlyBuffersGiveReadOnlyTensors() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(8);
        Tensor t = Tensors.wrap(DType.INT32, buffer.asReadOnlyBuffer());
        assertTrue(t.data().isReadOnly());
        assertThrows(IllegalArgumentException.class, () -> t.setInt(0, 1));
    }

    @Test
    void rejectsHeapBuffersPartialElementsAndStrings() {
        assertThrows(IllegalArgumentException.class, () -> Tensors.wrap(DType.INT32, ByteBuffer.allocate(8)));
        assertThrows(IllegalArgumentException.class, () -> Tensors.wrap(DType.INT32, ByteBuffer.allocateDirect(6)));
        assertThrows(IllegalArgumentException.class, () -> Tensors.wrap(DType.STRING, ByteBuffer.allocateDirect(8)));
    }
}
