package dev.featuremaps.tensors;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Allocates tensors from a {@link java.lang.foreign.Arena}; closing it frees them all.
 *
 * <pre>{@code
 * try (TensorArena arena = TensorArena.confined()) {
 *     Tensor lengths = Tensor.allocate(arena, DType.INT32, batchSize);
 *     ...
 * } // every tensor allocated here is freed
 * }</pre>
 */
public final class TensorArena implements TensorAllocator, AutoCloseable {
    private final Arena arena;
    private final boolean owned;

    private TensorArena(Arena arena, boolean owned) {
        this.arena = arena;
        this.owned = owned;
    }

    /** @return an arena usable by the creating thread only */
    public static TensorArena confined() {
        return new TensorArena(Arena.ofConfined(), true);
    }

    /** @return an arena whose memory any thread may use */
    public static TensorArena shared() {
        return new TensorArena(Arena.ofShared(), true);
    }

    /**
     * Allocates from an arena the caller owns; {@link #close()} leaves it open.
     *
     * @param arena the arena to allocate from
     * @return a view of {@code arena} as a tensor allocator
     */
    public static TensorArena of(Arena arena) {
        return new TensorArena(Objects.requireNonNull(arena, "arena"), false);
    }

    /** @return the underlying arena */
    public Arena arena() {
        return arena;
    }

    @Override
    public MemorySegment allocate(long byteSize) {
        return arena.allocate(byteSize, ALIGNMENT_BYTES);
    }

    /** Frees every tensor allocated here, if this object owns its arena. */
    @Override
    public void close() {
        if (owned) {
            arena.close();
        }
    }
}
