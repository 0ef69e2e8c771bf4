package dev.featuremaps.tensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link TensorArena}: aligned zeroed memory whose lifetime ends at close. */
class TensorArenaTest {
    @Test
    void allocationsAreAlignedAndZeroed() {
        try (TensorArena arena = TensorArena.confined()) {
            for (long size : new long[] {0, 1, 3, 63, 64, 65, 1000}) {
                MemorySegment s = arena.allocate(size);
                assertEquals(size, s.byteSize());
                assertEquals(0, s.address() % TensorAllocator.ALIGNMENT_BYTES, "size " + size);
                for (long i = 0; i < size; i++) {
                    assertEquals(0, s.get(ValueLayout.JAVA_BYTE, i));
                }
            }
        }
    }

    @Test
    void closeFreesEveryTensor() {
        TensorArena arena = TensorArena.confined();
        Tensor ints = Tensors.ofInts(arena, 1, 2, 3);
        Tensor strings = Tensors.ofStrings(arena, "a");
        assertTrue(ints.data().scope().isAlive());
        arena.close();
        assertFalse(ints.data().scope().isAlive());
        assertThrows(IllegalStateException.class, () -> ints.getInt(0));
        assertThrows(IllegalStateException.class, () -> strings.getString(0));
        assertThrows(IllegalStateException.class, () -> arena.allocate(8));
    }

    @Test
    void confinedArenasBelongToTheirThread() throws Exception {
        try (TensorArena arena = TensorArena.confined()) {
            Tensor t = Tensors.ofInts(arena, 7);
            Throwable e = CompletableFuture.supplyAsync(() -> {
                try {
                    t.getInt(0);
                    return null;
                } catch (WrongThreadException wrong) {
                    return wrong;
                }
            }).get();
            assertTrue(e instanceof WrongThreadException, "another thread read confined memory");
        }
    }

    @Test
    void sharedArenasServeEveryThread() throws Exception {
        try (TensorArena arena = TensorArena.shared()) {
            Tensor t = Tensors.ofInts(arena, 7);
            assertEquals(7, CompletableFuture.supplyAsync(() -> t.getInt(0)).get());
            CompletableFuture.runAsync(() -> t.setInt(0, 8)).get();
            assertEquals(8, t.getInt(0));
        }
    }

    @Test
    void anArenaOfTheCallersStaysOpenAfterClose() {
        try (Arena owned = Arena.ofConfined()) {
            TensorArena view = TensorArena.of(owned);
            assertSame(owned, view.arena());
            Tensor t = Tensors.ofLongs(view, 5);
            view.close();
            assertEquals(5, t.getLong(0), "the caller's arena still owns the memory");
            assertEquals(0, view.allocate(64).address() % TensorAllocator.ALIGNMENT_BYTES);
        }
    }
}
