package dev.featuremaps.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.kernels.FeatureKernelsContractTest;
import dev.featuremaps.kernels.KernelProvider;
import org.junit.jupiter.api.Test;

/**
 * The contract on the Vector API family with 256-bit vectors (8 int lanes), the shape AVX2
 * machines use. The build runs it with {@code -Dfeaturemaps.vector.bits=256}.
 */
class PanamaFeatureKernels256Test extends FeatureKernelsContractTest {
    @Override
    protected FeatureKernels kernels() {
        return KernelProvider.panama();
    }

    @Test
    void runsWith256BitVectors() {
        assertEquals(256, PanamaFeatureKernels.vectorBitSize());
        assertEquals(8, PanamaConstants.INT_LANES);
        assertEquals(4, PanamaConstants.LONG_LANES);
        assertEquals(32, PanamaConstants.BYTES.length());
    }

    @Test
    void presenceMaskGathersTheLowBitOfEachByte() {
        PanamaConstantsCheck.presenceMaskGathersTheLowBitOfEachByte();
    }

    @Test
    void compactionRowsListTheSetLanesInOrder() {
        PanamaConstantsCheck.compactionRowsListTheSetLanesInOrder();
    }
}
