package dev.featuremaps.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyTest {
    /** A SampleTime entry as JMH 1.37 writes it, trimmed to what the report reads. */
    static String sample(String operator, String impl, String unit, double p50, double p99, double p999) {
        return """
                {"jmhVersion": "1.37", "benchmark": "dev.featuremaps.benchmarks.LatencyBenchmark.call",
                 "mode": "sample", "forks": 2,
                 "params": {"impl": "%s", "operator": "%s", "workload": "request"},
                 "primaryMetric": {"score": 1.0, "scoreUnit": "%s",
                   "scorePercentiles": {"0.0": 0.1, "50.0": %s, "90.0": 1.0, "99.0": %s, "99.9": %s, "100.0": 99.0},
                   "rawDataHistogram": [[[[1.0, 3], [2.0, 5]], [[1.0, 4]]], [[[1.5, 2]]]]}}
                """.formatted(impl, operator, unit, p50, p99, p999);
    }

    private static final String AVERAGE = """
            {"benchmark": "dev.featuremaps.benchmarks.MergeBenchmark.mergeDense", "mode": "avgt",
             "params": {"impl": "vector", "workload": "request"},
             "primaryMetric": {"score": 1.0, "scoreUnit": "us/op", "rawData": [[1.0]]}}
            """;

    @Test
    void readsThePercentilesInMicrosecondsAndCountsTheSamples() {
        List<Latency> l = Latency.parse("[" + sample("MERGE_DENSE", "vector", "ns/op", 1500, 4000, 12000) + ","
                + AVERAGE + "]");
        assertEquals(1, l.size(), "the AverageTime entry is not a distribution");
        Latency d = l.get(0);
        assertEquals("LatencyBenchmark", d.benchmark());
        assertEquals("MERGE_DENSE", d.param("operator"));
        assertEquals(1.5, d.p50(), 1e-12);
        assertEquals(4.0, d.p99(), 1e-12);
        assertEquals(12.0, d.p999(), 1e-12);
        assertEquals(14, d.samples());
    }

    @Test
    void rejectsASampledEntryWithoutItsTail() {
        String json = "[" + sample("MERGE_DENSE", "vector", "us/op", 1, 2, 3).replace("\"99.9\"", "\"99.8\"") + "]";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Latency.parse(json));
        assertTrue(e.getMessage().contains("99.9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Latency.parse("{}"));
    }

    @Test
    void theSummaryPutsReferenceAndLibraryPercentilesSideBySide() {
        List<Latency> l = Latency.parse("[" + sample("MERGE_DENSE", "reference", "us/op", 20, 30, 90) + ","
                + sample("MERGE_DENSE", "vector", "us/op", 5, 6, 45) + ","
                + sample("MERGE_DENSE", "scalar", "us/op", 7, 8, 9) + ","
                + sample("MERGE_MULTI_MAP", "vector", "us/op", 2, 3, 4) + "]");
        String md = Summary.markdown(List.of(), List.of(), "vector", "s.json", "", "r.svg", Target.GOALS, l,
                List.of());
        assertTrue(md.contains("## Latency"), md);
        assertTrue(md.contains("| operator | workload | reference p50 | reference p99 | reference p99.9 | vector p50 "
                + "| vector p99 | vector p99.9 | p99 ratio |"), md);
        assertTrue(md.contains("| `MERGE_DENSE` | request | 20.0 | 30.0 | 90.0 | 5.00 | 6.00 | 45.0 | 5.00 |"), md);
        assertTrue(md.contains("| `MERGE_MULTI_MAP` | request | - | - | - | 2.00 | 3.00 | 4.00 | - |"), md);
        assertFalse(md.contains("| 7.00 |"), "scalar is neither side: " + md);
        assertTrue(md.contains("At least 14 calls were sampled"), md);
        assertFalse(md.contains("## Cold start"), md);
    }

    @Test
    void theParametersAreCopied() {
        Map<String, String> params = new java.util.HashMap<>(Map.of("impl", "vector"));
        Latency l = new Latency("LatencyBenchmark", params, 1, 2, 3, 4);
        params.put("impl", "reference");
        assertEquals("vector", l.param("impl"));
    }
}
