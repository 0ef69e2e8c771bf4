package dev.featuremaps.arrow;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;

/**
 * Features that view Arrow vectors' memory, and the references that keep that memory alive.
 *
 * <p>Opening a view takes a reference on every Arrow buffer it shares, so the vectors may be
 * closed before the view is: the memory lives until {@link #close()}. The converted tensors
 * (lengths, presence) are the view's own. After {@code close()} every tensor of the view is
 * invalid, and reading one throws {@link IllegalStateException} instead of touching freed memory.
 * A view is confined to the thread that opened it.
 *
 * @param <F> the feature structure: {@code SingleListFeature}, {@code MultiMapFeatures}, ...
 */
public final class ArrowView<F> implements AutoCloseable {
    private final Arena arena;
    private final List<ArrowBuf> held;
    private final F features;
    private boolean closed;

    ArrowView(Arena arena, List<ArrowBuf> held, F features) {
        this.arena = arena;
        this.held = new ArrayList<>(held);
        this.features = features;
    }

    /**
     * The features.
     *
     * @return the feature structure, valid until this view is closed
     * @throws IllegalStateException if the view is closed
     */
    public F features() {
        if (closed) {
            throw new IllegalStateException("Arrow view is closed: its tensors are no longer valid");
        }
        return features;
    }

    /** Invalidates the tensors and gives back the references to the Arrow buffers. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        arena.close();
        for (ArrowBuf buf : held) {
            buf.getReferenceManager().release();
        }
        held.clear();
    }
}
