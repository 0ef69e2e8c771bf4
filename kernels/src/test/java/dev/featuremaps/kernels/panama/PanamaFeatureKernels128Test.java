package dev.featuremaps.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.kernels.FeatureKernelsContractTest;
import dev.featuremaps.kernels.KernelProvider;
import org.junit.jupiter.api.Test;

/**
 * The contract on the Vector API family with 128-bit vectors (4 int lanes), the shape of SSE
 * and NEON machines, where several vectors cover one 8-element presence block. Species are
 * fixed per JVM, so the build runs this class in a JVM of its own with
 * {@code -Dfeaturemaps.vector.bits=128}.
 */
class PanamaFeatureKernels128Test extends FeatureKernelsContractTest {
    @Override
    protected FeatureKernels kernels() {
        return KernelProvider.panama();
    }

    @Test
    void runsWith128BitVectors() {
        assertEquals(128, PanamaFeatureKernels.vectorBitSize());
        assertEquals(4, PanamaConstants.INT_LANES);
        assertEquals(2, PanamaConstants.LONG_LANES);
        assertEquals(16, PanamaConstants.BYTES.length());
        assertEquals("panama", KernelProvider.kernels().name());
    }

    @Test
    void compactionRowsListTheSetLanesInOrder() {
        PanamaConstantsCheck.compactionRowsListTheSetLanesInOrder();
    }
}
