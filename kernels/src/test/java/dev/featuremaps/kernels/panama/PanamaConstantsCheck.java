package dev.featuremaps.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Checks of the lookup tables and bit tricks, shared by the tests of each vector size. */
final class PanamaConstantsCheck {
    private PanamaConstantsCheck() {
    }

    static void presenceMaskGathersTheLowBitOfEachByte() {
        for (int mask = 0; mask < 256; mask++) {
            long word = 0;
            for (int k = 0; k < 8; k++) {
                word |= (long) (mask >>> k & 1) << (8 * k);
            }
            assertEquals(mask, (int) ((word * PanamaConstants.BYTE_BITS_MAGIC) >>> 56), "mask " + mask);
        }
    }

    static void compactionRowsListTheSetLanesInOrder() {
        int lanes = PanamaConstants.INT_LANES;
        for (int mask = 0; mask < 1 << lanes; mask++) {
            int k = 0;
            for (int lane = 0; lane < lanes; lane++) {
                if ((mask & 1 << lane) != 0) {
                    assertEquals(lane, PanamaConstants.COMPACT_INTS[mask * lanes + k++], "ints " + mask);
                }
            }
        }
        for (int mask = 0; mask < 1 << lanes / 2; mask++) {
            int k = 0;
            for (int element = 0; element < lanes / 2; element++) {
                if ((mask & 1 << element) != 0) {
                    assertEquals(2 * element, PanamaConstants.COMPACT_LONGS[mask * lanes + k++], "longs " + mask);
                    assertEquals(2 * element + 1, PanamaConstants.COMPACT_LONGS[mask * lanes + k++], "longs " + mask);
                }
            }
        }
        for (int mask = 0; mask < 256; mask++) {
            int k = 0;
            for (int lane = 0; lane < 8; lane++) {
                if ((mask & 1 << lane) != 0) {
                    assertEquals(lane, PanamaConstants.COMPACT_BYTES[mask * 8 + k++], "bytes " + mask);
                }
            }
        }
    }
}
