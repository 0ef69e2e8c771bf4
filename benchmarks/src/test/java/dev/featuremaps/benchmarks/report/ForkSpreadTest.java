package dev.featuremaps.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForkSpreadTest {
    private static JmhResult merge(String impl, double[]... forks) {
        return new JmhResult("MergeBenchmark", "mergeDense", Map.of("impl", impl, "workload", "request"), forks, null);
    }

    @Test
    void theSpreadIsTheSlowestForkMedianOverTheFastest() {
        ForkSpread s = ForkSpread.of(List.of(merge("vector", new double[] {2, 2, 9}, new double[] {3, 1, 1},
                new double[] {4, 5, 4}))).get(0);
        assertArrayEquals(new double[] {2, 1, 4}, s.forkMedians());
        assertEquals(4.0, s.spread(), 1e-12);
        assertTrue(s.flagged());
    }

    @Test
    void forksAreComparedByTheirMediansSoOneOutlierIterationIsNotFlagged() {
        // Pooled, these iterations range over 10x; each fork's median is 1.
        ForkSpread s = ForkSpread.of(List.of(merge("vector", new double[] {1, 1, 10}, new double[] {1, 0.1, 1})))
                .get(0);
        assertEquals(1.0, s.spread(), 1e-12);
        assertFalse(s.flagged());
    }

    @Test
    void twentyPercentApartIsTheLimitAndJustAboveIsFlagged() {
        assertFalse(new ForkSpread("mergeDense", "request", "vector", new double[] {10, 12}).flagged());
        assertTrue(new ForkSpread("mergeDense", "request", "vector", new double[] {10, 12.01}).flagged());
        assertTrue(new ForkSpread("mergeDense", "request", "vector", new double[] {12.01, 10}).flagged());
    }

    @Test
    void aSingleForkHasNoSpread() {
        ForkSpread s = ForkSpread.of(List.of(merge("vector", new double[] {1, 5, 9}))).get(0);
        assertEquals(1.0, s.spread());
        assertFalse(s.flagged());
    }

    @Test
    void repeatedResultsOfACellContributeAllTheirForks() {
        List<ForkSpread> spreads = ForkSpread.of(List.of(merge("vector", new double[] {1}),
                merge("vector", new double[] {2}, new double[] {1.5})));
        assertEquals(1, spreads.size());
        assertArrayEquals(new double[] {1, 2, 1.5}, spreads.get(0).forkMedians());
        assertTrue(ForkSpread.flagged(spreads, "mergeDense", "request", "vector"));
    }

    @Test
    void cellsAreKeyedByImplementationAndTheRooflineByItsOperation() {
        JmhResult roof = new JmhResult("RooflineBenchmark", "roofline", Map.of("op", "mergeDense", "workload",
                "request"), new double[][] {{1}, {3}}, null);
        JmhResult other = new JmhResult("RequestCycleBenchmark", "call", Map.of("workload", "request"),
                new double[][] {{1}, {9}}, null);
        List<ForkSpread> spreads = ForkSpread.of(List.of(roof, other, merge("reference", new double[] {1},
                new double[] {1.1}), merge("vector", new double[] {1}, new double[] {2})));
        assertEquals(List.of("reference", "vector", "roofline"), spreads.stream().map(ForkSpread::impl).toList());
        assertFalse(ForkSpread.flagged(spreads, "mergeDense", "request", "reference"));
        assertTrue(ForkSpread.flagged(spreads, "mergeDense", "request", "vector"));
        assertTrue(ForkSpread.flagged(spreads, "mergeDense", "request", "roofline"));
        assertFalse(ForkSpread.flagged(spreads, "mergeDense", "wide", "vector"));
    }

    @Test
    void theSummaryMarksFlaggedTimesAndListsTheirForks() {
        List<JmhResult> results = List.of(merge("reference", new double[] {10}, new double[] {11}),
                merge("vector", new double[] {1, 1}, new double[] {2, 2}));
        String md = Summary.markdown(Comparison.of(results, "vector"), results, "vector", "s.json", "",
                "ratios.svg", Target.GOALS);
        assertTrue(md.contains("| `mergeDense` | request | 10.5 | - | - | 1.50 † | - |"), md);
        assertTrue(md.contains("1 of 2 benchmarks have fork medians more than 20 % apart"), md);
        assertTrue(md.contains("- `mergeDense` request `vector`: fork medians 1.00, 2.00 µs, spread 2.00×\n"), md);
        assertFalse(md.contains("`reference`: fork medians"), md);
    }

    @Test
    void theSummarySaysWhenForksAgreeOrWereNotMeasured() {
        List<JmhResult> agreeing = List.of(merge("vector", new double[] {1}, new double[] {1.1}));
        assertTrue(Summary.markdown(Comparison.of(agreeing, "vector"), agreeing, "vector", "s.json", "", "r.svg",
                Target.GOALS).contains("fork medians are within 20 % of each other"));
        List<JmhResult> single = List.of(merge("vector", new double[] {1, 3}));
        assertTrue(Summary.markdown(Comparison.of(single, "vector"), single, "vector", "s.json", "", "r.svg",
                Target.GOALS).contains("One fork per benchmark"));
    }
}
