package dev.featuremaps.tensors;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A bump allocator over one off-heap block, reset between requests.
 *
 * <p>A service allocates one per worker thread, merges a request's features into tensors carved
 * from it, hands them on, and calls {@link #reset()} when the request is done: after warm-up no
 * native memory is allocated or freed. When a request needs more than the block holds, the block
 * is replaced by one twice as large at the next {@link #reset()}; until then the overflow comes
 * from a side arena, so an allocation never fails for lack of room.
 *
 * <p>Not thread-safe. Tensors handed out before a {@link #reset()} must not be used after it:
 * usually they still view the block, whose bytes the next request overwrites; after a request
 * that overflowed, the reset frees the old block and the side arena, and using them throws
 * {@link IllegalStateException}.
 */
public final class ReusableArena implements TensorAllocator, AutoCloseable {
    private Arena blockArena;
    private MemorySegment block;
    private long used;
    private Arena overflow;
    private long overflowBytes;
    private long peakBytes;

    /**
     * Creates an arena with a block of {@code initialBytes}.
     *
     * @param initialBytes the block size to start with
     */
    public ReusableArena(long initialBytes) {
        if (initialBytes < 0) {
            throw new IllegalArgumentException("negative size: " + initialBytes);
        }
        this.blockArena = Arena.ofShared();
        this.block = blockArena.allocate(Math.max(initialBytes, ALIGNMENT_BYTES), ALIGNMENT_BYTES);
    }

    @Override
    public MemorySegment allocate(long byteSize) {
        if (byteSize < 0) {
            throw new IllegalArgumentException("negative size: " + byteSize);
        }
        long start = (used + ALIGNMENT_BYTES - 1) & -ALIGNMENT_BYTES;
        if (start <= block.byteSize() - byteSize) {
            used = start + byteSize;
            peakBytes = Math.max(peakBytes, used + overflowBytes);
            return block.asSlice(start, byteSize).fill((byte) 0);
        }
        if (overflow == null) {
            overflow = Arena.ofShared();
        }
        overflowBytes += byteSize + ALIGNMENT_BYTES;
        peakBytes = Math.max(peakBytes, used + overflowBytes);
        return overflow.allocate(byteSize, ALIGNMENT_BYTES);
    }

    /**
     * Makes the whole block available again; grows it first if the last request overflowed.
     */
    public void reset() {
        if (overflow != null) {
            overflow.close();
            overflow = null;
            long want = Math.max(block.byteSize() * 2, used + overflowBytes);
            blockArena.close();
            blockArena = Arena.ofShared();
            block = blockArena.allocate(want, ALIGNMENT_BYTES);
            overflowBytes = 0;
        }
        used = 0;
    }

    /** @return bytes handed out since the last reset, alignment padding included */
    public long usedBytes() {
        return used + overflowBytes;
    }

    /** @return the size of the reusable block: the native memory held between requests */
    public long capacityBytes() {
        return block.byteSize();
    }

    /** @return the most bytes handed out between two resets so far */
    public long peakBytes() {
        return peakBytes;
    }

    /** Frees the block and any overflow. */
    @Override
    public void close() {
        if (overflow != null) {
            overflow.close();
            overflow = null;
        }
        blockArena.close();
    }
}
