package dev.featuremaps.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    private final List<Comparison> rows = Comparison.of(JmhResult.parse(Fixture.json()), "vector");

    @Test
    void pairsImplementationsAndRooflineByOperatorAndWorkloadInOperationOrder() {
        assertEquals(List.of("mergeSingleScalar/request", "mergeMultiList/request", "mergeDense/training"),
                rows.stream().map(c -> c.operator() + "/" + c.workload()).toList());
        Comparison c = rows.get(0);
        assertEquals(11.0, c.reference());
        assertEquals(5.0, c.nativeImpl());
        assertEquals(6.0, c.scalar());
        assertEquals(2.5, c.library());
        assertEquals(1.0, c.roofline(), 1e-12);
    }

    @Test
    void ratiosDivideTheBaselineByTheLibrary() {
        Comparison c = rows.get(0);
        assertEquals(4.4, Ratio.REFERENCE.of(c), 1e-12);
        assertEquals(2.0, Ratio.NATIVE.of(c), 1e-12);
        assertEquals(2.4, Ratio.SCALAR.of(c), 1e-12);
        assertEquals(0.4, Ratio.ROOFLINE.of(c), 1e-12);
        Comparison multi = rows.get(1);
        assertEquals(2.0, Ratio.REFERENCE.of(multi), 1e-12);
        assertNull(Ratio.NATIVE.of(multi));
        assertNull(Ratio.SCALAR.of(multi));
        assertEquals(0.4, Ratio.ROOFLINE.of(multi), 1e-12);
    }

    @Test
    void aMissingLibraryResultLeavesEveryRatioMissing() {
        Comparison dense = rows.get(2);
        assertEquals(5.0, dense.reference());
        assertEquals(3.0, dense.nativeImpl());
        assertNull(dense.library());
        for (Ratio r : Ratio.values()) {
            assertNull(r.of(dense), r.name());
        }
    }

    @Test
    void theLibraryColumnIsChosenByName() {
        Comparison c = Comparison.of(JmhResult.parse(Fixture.json()), "scalar").get(0);
        assertEquals(6.0, c.library());
        assertEquals(11.0 / 6.0, Ratio.REFERENCE.of(c), 1e-12);
    }

    @Test
    void repeatedResultsPoolTheirIterations() {
        JmhResult a = new JmhResult("MergeBenchmark", "mergeDense", Map.of("impl", "vector", "workload", "wide"),
                new double[] {1, 2}, null);
        JmhResult b = new JmhResult("MergeBenchmark", "mergeDense", Map.of("impl", "vector", "workload", "wide"),
                new double[] {3, 4, 5}, null);
        assertEquals(3.0, Comparison.of(List.of(a, b), "vector").get(0).library());
    }

    @Test
    void unknownOperatorsAndWorkloadsSortAfterTheKnownOnes() {
        JmhResult known = new JmhResult("MergeBenchmark", "mergeDense", Map.of("impl", "vector", "workload", "wide"),
                new double[] {1}, null);
        JmhResult odd = new JmhResult("MergeBenchmark", "aNewMerge", Map.of("impl", "vector", "workload", "request"),
                new double[] {1}, null);
        JmhResult oddWorkload = new JmhResult("MergeBenchmark", "mergeDense",
                Map.of("impl", "vector", "workload", "huge"), new double[] {1}, null);
        List<Comparison> sorted = Comparison.of(List.of(odd, oddWorkload, known), "vector");
        assertEquals(List.of("mergeDense/wide", "mergeDense/huge", "aNewMerge/request"),
                sorted.stream().map(c -> c.operator() + "/" + c.workload()).toList());
    }

    @Test
    void layoutResultsAreRowsBesideTheMergesAndPairWithTheirRoofline() {
        JmhResult layout = new JmhResult("LayoutBenchmark", "jaggedToPaddedDense",
                Map.of("impl", "reference", "workload", "request"), new double[] {6}, null);
        JmhResult library = new JmhResult("LayoutBenchmark", "jaggedToPaddedDense",
                Map.of("impl", "vector", "workload", "request"), new double[] {2}, null);
        JmhResult roofline = new JmhResult("RooflineBenchmark", "roofline",
                Map.of("op", "jaggedToPaddedDense", "workload", "request"), new double[] {1}, null);
        JmhResult merge = new JmhResult("MergeBenchmark", "mergeDense", Map.of("impl", "vector", "workload", "request"),
                new double[] {1}, null);
        JmhResult other = new JmhResult("LatencyBenchmark", "call", Map.of("impl", "vector", "workload", "request"),
                new double[] {1}, null);
        List<Comparison> rows = Comparison.of(List.of(layout, library, roofline, merge, other), "vector");
        assertEquals(List.of("mergeDense", "jaggedToPaddedDense"), rows.stream().map(Comparison::operator).toList());
        Comparison c = rows.get(1);
        assertEquals(3.0, Ratio.REFERENCE.of(c), 1e-12);
        assertEquals(0.5, Ratio.ROOFLINE.of(c), 1e-12);
        assertNull(c.nativeImpl());
    }
}
