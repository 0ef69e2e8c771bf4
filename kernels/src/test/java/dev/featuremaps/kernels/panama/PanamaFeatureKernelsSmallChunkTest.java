package dev.featuremaps.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.kernels.FeatureKernelsContractTest;
import org.junit.jupiter.api.Test;

/**
 * The contract on the Vector API family cut into chunks of 200 elements instead of 2^30, so that
 * the contract's sizes (up to a few thousand) cross many chunk ends: a chunk that starts at the
 * wrong element, runs past the end or drops a carry shows here, where the production chunk would
 * need batches of more than 2^30 elements. 200 is a multiple of 8 (bitmaps), of no vector's lane
 * count, so every chunk ends in a scalar tail.
 */
class PanamaFeatureKernelsSmallChunkTest extends FeatureKernelsContractTest {
    @Override
    protected FeatureKernels kernels() {
        return PanamaFeatureKernels.chunked(200);
    }

    @Test
    void aChunkIsAPositiveMultipleOf8() {
        assertThrows(IllegalArgumentException.class, () -> PanamaFeatureKernels.chunked(0));
        assertThrows(IllegalArgumentException.class, () -> PanamaFeatureKernels.chunked(-8));
        assertThrows(IllegalArgumentException.class, () -> PanamaFeatureKernels.chunked(12));
        PanamaFeatureKernels.chunked(8);
    }
}
