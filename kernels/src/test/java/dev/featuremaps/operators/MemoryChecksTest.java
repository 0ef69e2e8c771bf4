package dev.featuremaps.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The allocation-free sort the overlap check uses orders like {@link Arrays#sort}. */
class MemoryChecksTest {
    @Test
    void sortsLikeArraysSortOnEveryShapeOfInput() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n : new int[] {0, 1, 2, 3, 7, 16, 17, 100, 512, 1537}) {
            for (int shape = 0; shape < 4; shape++) {
                long[] a = new long[n + 3];
                for (int i = 0; i < a.length; i++) {
                    a[i] = switch (shape) {
                        case 0 -> random.nextLong();
                        case 1 -> i;
                        case 2 -> a.length - i;
                        default -> (i % 37) * 1000L + random.nextInt(3);
                    };
                }
                long[] expected = a.clone();
                Arrays.sort(expected, 0, n);
                MemoryChecks.sort(a, n);
                assertArrayEquals(expected, a, "n=" + n + " shape=" + shape);
            }
        }
    }
}
