package dev.featuremaps.tensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** {@link ReusableArena}: a bump allocator that reuses its block and grows after an overflow. */
class ReusableArenaTest {
    private static final long ALIGN = TensorAllocator.ALIGNMENT_BYTES;

    private static void assertZero(MemorySegment s) {
        for (long i = 0; i < s.byteSize(); i++) {
            assertEquals(0, s.get(ValueLayout.JAVA_BYTE, i), "byte " + i);
        }
    }

    @Test
    void everyAllocationIsAlignedAndZeroed() {
        try (ReusableArena arena = new ReusableArena(1024)) {
            for (long size : new long[] {1, 3, 64, 65, 7, 0, 100}) {
                MemorySegment s = arena.allocate(size);
                assertEquals(size, s.byteSize());
                assertEquals(0, s.address() % ALIGN, "size " + size);
                assertZero(s);
            }
        }
    }

    @Test
    void allocationsDoNotOverlap() {
        try (ReusableArena arena = new ReusableArena(1024)) {
            MemorySegment a = arena.allocate(10);
            MemorySegment b = arena.allocate(10);
            assertEquals(a.address() + ALIGN, b.address(), "the next allocation starts at the next boundary");
            a.fill((byte) 1);
            assertZero(b);
        }
    }

    @Test
    void resetReusesTheBlockAndZeroesIt() {
        try (ReusableArena arena = new ReusableArena(1024)) {
            MemorySegment first = arena.allocate(100);
            MemorySegment second = arena.allocate(200);
            first.fill((byte) 0x5a);
            second.fill((byte) 0x5a);
            long capacity = arena.capacityBytes();
            arena.reset();
            assertEquals(0, arena.usedBytes());
            MemorySegment again = arena.allocate(100);
            MemorySegment againSecond = arena.allocate(200);
            assertEquals(first.address(), again.address(), "the same bytes are handed out again");
            assertEquals(second.address(), againSecond.address());
            assertZero(again);
            assertZero(againSecond);
            assertEquals(capacity, arena.capacityBytes(), "no growth without overflow");
        }
    }

    @Test
    void overflowIsServedAtOnceAndGrowsTheBlockAtReset() {
        try (ReusableArena arena = new ReusableArena(256)) {
            assertEquals(256, arena.capacityBytes());
            MemorySegment inBlock = arena.allocate(200);
            MemorySegment overflow = arena.allocate(1000);
            assertEquals(1000, overflow.byteSize());
            assertEquals(0, overflow.address() % ALIGN);
            assertZero(overflow);
            overflow.fill((byte) 1);
            inBlock.fill((byte) 2);
            assertEquals(1, overflow.get(ValueLayout.JAVA_BYTE, 999), "overflow memory is usable until reset");
            assertEquals(256, arena.capacityBytes(), "the block is replaced only at reset");

            arena.reset();
            assertTrue(arena.capacityBytes() >= 200 + 1000, "grown to hold the whole request: "
                    + arena.capacityBytes());
            assertTrue(arena.capacityBytes() >= 2 * 256);
            assertThrows(IllegalStateException.class, () -> overflow.get(ValueLayout.JAVA_BYTE, 0),
                    "the side arena is freed at reset");

            // The same request now fits, and a repeat of it reuses exactly the same memory.
            long grown = arena.capacityBytes();
            MemorySegment a = arena.allocate(200);
            MemorySegment b = arena.allocate(1000);
            assertZero(a);
            assertZero(b);
            arena.reset();
            assertEquals(grown, arena.capacityBytes(), "no overflow after growing");
            assertEquals(a.address(), arena.allocate(200).address());
            assertEquals(b.address(), arena.allocate(1000).address());
        }
    }

    @Test
    void accountsUsedPeakAndCapacity() {
        try (ReusableArena arena = new ReusableArena(1024)) {
            assertEquals(0, arena.usedBytes());
            assertEquals(0, arena.peakBytes());
            arena.allocate(10);
            assertEquals(10, arena.usedBytes());
            arena.allocate(10);
            assertEquals(ALIGN + 10, arena.usedBytes(), "alignment padding counts as used");
            assertEquals(ALIGN + 10, arena.peakBytes());
            arena.reset();
            assertEquals(0, arena.usedBytes());
            assertEquals(ALIGN + 10, arena.peakBytes(), "the peak survives resets");
            arena.allocate(5);
            assertEquals(ALIGN + 10, arena.peakBytes());
            arena.allocate(1000); // past the block: overflow
            assertTrue(arena.usedBytes() >= 1005, "overflow counts as used: " + arena.usedBytes());
            assertEquals(arena.usedBytes(), arena.peakBytes());
            assertEquals(1024, arena.capacityBytes());
        }
    }

    @Test
    void tinyAndNegativeSizes() {
        try (ReusableArena arena = new ReusableArena(0)) {
            assertEquals(ALIGN, arena.capacityBytes(), "at least one aligned line");
            assertEquals(0, arena.allocate(0).byteSize());
            assertThrows(IllegalArgumentException.class, () -> arena.allocate(-1));
        }
        assertThrows(IllegalArgumentException.class, () -> new ReusableArena(-1));
    }

    @Test
    void closeFreesBlockAndOverflow() {
        ReusableArena arena = new ReusableArena(64);
        MemorySegment block = arena.allocate(64);
        MemorySegment overflow = arena.allocate(64);
        arena.close();
        assertThrows(IllegalStateException.class, () -> block.get(ValueLayout.JAVA_BYTE, 0));
        assertThrows(IllegalStateException.class, () -> overflow.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void tensorsAllocateFromIt() {
        try (ReusableArena arena = new ReusableArena(64)) {
            Tensor ints = Tensors.ofInts(arena, 1, 2, 3);
            Tensor strings = Tensors.ofStrings(arena, "ab", "ç");
            assertEquals(3, Tensors.toIntArray(ints)[2]);
            assertEquals("ç", strings.getString(1));
        }
    }
}
