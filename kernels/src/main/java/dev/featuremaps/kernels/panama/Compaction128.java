package dev.featuremaps.kernels.panama;

import static dev.featuremaps.kernels.panama.PanamaFeatureKernels.compactIntVector;
import static dev.featuremaps.kernels.panama.PanamaFeatureKernels.compactLongVector;

import java.lang.foreign.MemorySegment;

/**
 * The 128-bit arms of {@code compact}: with 4 int lanes, one 8-element presence block spans two
 * int vectors or four long vectors, each permuted by its slice of the block's mask.
 *
 * <p>A class of its own because the vector shape is fixed per JVM: a JVM that runs these arms
 * runs none of the 256-bit ones, so tests and mutation runs at 128 bits can aim at exactly this
 * code. Calls are static and small, and C2 inlines them into the block loop as if written there.
 */
final class Compaction128 {
    private Compaction128() {
    }

    /** Compacts the 8 ints at {@code at} by the 8-bit presence mask {@code mask}; returns the new cursor. */
    static long ints(MemorySegment src, long at, int mask, MemorySegment dst, long to) {
        long next = compactIntVector(src, at, mask & 0xF, dst, to);
        return compactIntVector(src, at + 4, mask >>> 4, dst, next);
    }

    /** Compacts the 8 longs at {@code at} by the 8-bit presence mask {@code mask}; returns the new cursor. */
    static long longs(MemorySegment src, long at, int mask, MemorySegment dst, long to) {
        long next = compactLongVector(src, at, mask & 0x3, dst, to);
        next = compactLongVector(src, at + 2, (mask >>> 2) & 0x3, dst, next);
        next = compactLongVector(src, at + 4, (mask >>> 4) & 0x3, dst, next);
        return compactLongVector(src, at + 6, mask >>> 6, dst, next);
    }
}
