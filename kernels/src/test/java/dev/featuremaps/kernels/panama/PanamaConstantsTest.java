package dev.featuremaps.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The rules that decide whether the Vector API kernels run, for platforms other than this one. */
class PanamaConstantsTest {
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
}
