package dev.featuremaps.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertEquals(11.0, Stats.median(new double[] {12, 10, 11}));
        assertEquals(7.0, Stats.median(new double[] {7}));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Stats.median(new double[] {4, 1, 3, 2}));
    }

    @Test
    void medianIgnoresOneOutlier() {
        assertEquals(2.0, Stats.median(new double[] {1, 2, 1000}));
    }

    @Test
    void medianLeavesItsInputAlone() {
        double[] v = {3, 1, 2};
        Stats.median(v);
        assertArrayEquals(new double[] {3, 1, 2}, v);
    }

    @Test
    void medianOfNothingIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Stats.median(new double[0]));
    }

    @Property(tries = 200)
    void atMostHalfTheValuesLieOnEitherSideOfTheMedian(
            @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0, max = 1e6) Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        double m = Stats.median(v);
        long below = Arrays.stream(v).filter(x -> x < m).count();
        long above = Arrays.stream(v).filter(x -> x > m).count();
        assertEquals(true, below <= v.length / 2 && above <= v.length / 2, values + " median " + m);
    }

    @Test
    void ratioIsBaselineOverSubject() {
        assertEquals(4.4, Stats.ratio(11.0, 2.5), 1e-12);
    }

    @Test
    void ratioIsMissingWhenASideIsMissingOrNotPositive() {
        assertNull(Stats.ratio(null, 1.0));
        assertNull(Stats.ratio(1.0, null));
        assertNull(Stats.ratio(1.0, 0.0));
        assertNull(Stats.ratio(0.0, 1.0));
        assertNull(Stats.ratio(Double.NaN, 1.0));
    }
}
