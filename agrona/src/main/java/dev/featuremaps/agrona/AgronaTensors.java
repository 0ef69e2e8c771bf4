package dev.featuremaps.agrona;

import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Zero-copy bridges to Agrona buffers, for pipelines built on Agrona or Aeron.
 *
 * <p>Both directions share memory: a tensor wrapped from a buffer sees writes made through the
 * buffer and the other way round. The caller keeps the memory alive for as long as either view is
 * used (Agrona buffers carry no lifetime; a closed arena's memory must not be read through them).
 *
 * <p>JVM flags: Agrona 2 on JDK 25 needs {@code --add-exports
 * java.base/jdk.internal.misc=ALL-UNNAMED}, and {@link #wrap} uses the restricted {@code
 * MemorySegment.reinterpret}, which wants {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class AgronaTensors {
    private AgronaTensors() {
    }

    /**
     * Views {@code count} elements of {@code buffer} starting at byte {@code index} as a tensor.
     *
     * @param dtype a fixed-width type
     * @param buffer an off-heap Agrona buffer (its {@code addressOffset()} is a native address)
     * @param index byte position in the buffer
     * @param count number of elements
     * @return a tensor over that region
     */
    public static Tensor wrap(DType dtype, DirectBuffer buffer, int index, long count) {
        if (buffer.byteArray() != null) {
            throw new IllegalArgumentException("buffer is on-heap: wrap needs off-heap memory");
        }
        if (!dtype.isFixedWidth()) {
            throw new IllegalArgumentException("string tensors need an offset table");
        }
        long bytes = Math.multiplyExact(count, (long) dtype.byteSize());
        buffer.boundsCheck(index, Math.toIntExact(bytes));
        MemorySegment region = MemorySegment.ofAddress(buffer.addressOffset() + index).reinterpret(bytes);
        return Tensor.wrap(dtype, region, count);
    }

    /**
     * An Agrona view of a tensor's element bytes (the UTF-8 bytes, for strings).
     *
     * @param tensor a tensor of at most {@link Integer#MAX_VALUE} element bytes on native memory
     * @return an {@link UnsafeBuffer} over the same memory
     */
    public static UnsafeBuffer asUnsafeBuffer(Tensor tensor) {
        MemorySegment data = tensor.data();
        if (!data.isNative()) {
            throw new IllegalArgumentException("tensor is on the heap: only native memory can be viewed");
        }
        return new UnsafeBuffer(data.address(), Math.toIntExact(data.byteSize()));
    }
}
