package dev.featuremaps.tensors;

import java.lang.foreign.MemorySegment;

/**
 * A source of zero-filled, 64-byte aligned off-heap memory for tensors.
 *
 * <p>Implementations: {@link TensorArena} (try-with-resources lifetime) and {@link ReusableArena}
 * (one block, reset between requests, so the steady state allocates nothing).
 */
@FunctionalInterface
public interface TensorAllocator {
    /** Alignment of every allocated segment: a cache line, and a whole AVX-512 vector. */
    long ALIGNMENT_BYTES = 64;

    /**
     * Allocates {@code byteSize} zero-filled bytes aligned to {@link #ALIGNMENT_BYTES}.
     *
     * @param byteSize number of bytes, {@code >= 0}
     * @return the new segment
     */
    MemorySegment allocate(long byteSize);
}
