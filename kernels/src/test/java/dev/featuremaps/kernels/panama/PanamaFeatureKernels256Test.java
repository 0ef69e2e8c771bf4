package dev.featuremaps.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
    void vectorsBelow128BitsAreUnsupported() {
        assertEquals("the platform's preferred vector size is 64 bits; the Vector API kernels need at least 128",
                PanamaConstants.unsupportedReason(64));
        assertEquals("the platform's preferred vector size is 127 bits; the Vector API kernels need at least 128",
                PanamaConstants.unsupportedReason(127));
        assertNull(PanamaConstants.unsupportedReason(128));
        assertNull(PanamaConstants.unsupportedReason(512));
    }

    @Test
    void x86BelowAvx2IsUnprofitableAndOtherArchitecturesAreNot() {
        for (String x86 : new String[] {"amd64", "x86_64", "x86", "i386"}) {
            assertEquals("this CPU level offers 128-bit integer vectors (AVX2 or later gives 256), where the "
                    + "Vector API kernels do not beat the scalar ones", PanamaConstants.unprofitableReason(x86, 128));
            assertEquals("this CPU level offers 255-bit integer vectors (AVX2 or later gives 256), where the "
                    + "Vector API kernels do not beat the scalar ones", PanamaConstants.unprofitableReason(x86, 255));
            assertNull(PanamaConstants.unprofitableReason(x86, 256), x86);
            assertNull(PanamaConstants.unprofitableReason(x86, 512), x86);
        }
        assertNull(PanamaConstants.unprofitableReason("aarch64", 128));
        assertNull(PanamaConstants.unprofitableReason("", 128));
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
