package dev.featuremaps.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JmhResultTest {
    private final List<JmhResult> results = JmhResult.parse(Fixture.json());

    private JmhResult find(String method, String impl) {
        return results.stream().filter(r -> r.method().equals(method) && impl.equals(r.param("impl")))
                .findFirst().orElseThrow();
    }

    @Test
    void readsEveryEntryInFileOrder() {
        assertEquals(12, results.size());
        assertEquals("MergeBenchmark", results.get(0).benchmark());
        assertEquals("mergeDense", results.get(0).method());
        assertEquals(Map.of("impl", "reference", "workload", "training"), results.get(0).params());
        assertEquals("RooflineBenchmark", results.get(9).benchmark());
        assertEquals("roofline", results.get(9).method());
        assertEquals("mergeMultiList", results.get(9).param("op"));
    }

    @Test
    void medianIsOverTheRawIterationsNotJmhsMeanScore() {
        // Raw 6, 5, 10: JMH's score (the mean) is 7, the median 6.
        JmhResult scalar = find("mergeSingleScalar", "scalar");
        assertArrayEquals(new double[] {6, 5, 10}, scalar.micros());
        assertEquals(6.0, scalar.median());
        assertEquals(11.0, find("mergeSingleScalar", "reference").median());
    }

    @Test
    void poolsTheIterationsOfEveryForkAndConvertsToMicroseconds() {
        JmhResult r = find("mergeMultiList", "reference");
        assertArrayEquals(new double[] {2, 3, 1}, r.micros(), 1e-12);
        assertEquals(2.0, r.median(), 1e-12);
    }

    @Test
    void keepsEachForksIterationsApart() {
        JmhResult r = find("mergeMultiList", "reference");
        assertEquals(2, r.forks().length);
        assertArrayEquals(new double[] {2, 3}, r.forks()[0], 1e-12);
        assertArrayEquals(new double[] {1}, r.forks()[1], 1e-12);
        assertArrayEquals(new double[] {2.5, 1}, r.forkMedians(), 1e-12);
    }

    @Test
    void aOneForkResultAndItsCopiesAreIndependentOfTheCallersArrays() {
        double[] micros = {1, 2};
        JmhResult r = new JmhResult("MergeBenchmark", "mergeDense", Map.of(), micros, null);
        micros[0] = 99;
        r.forks()[0][1] = 99;
        assertArrayEquals(new double[] {1.5}, r.forkMedians());
        assertEquals(r, new JmhResult("MergeBenchmark", "mergeDense", Map.of(), new double[][] {{1, 2}}, null));
        assertThrows(IllegalArgumentException.class,
                () -> new JmhResult("MergeBenchmark", "mergeDense", Map.of(), new double[][] {{1}, {}}, null));
    }

    @Test
    void readsTheNormalizedAllocationWhenProfiled() {
        assertEquals(0.5, find("mergeSingleScalar", "scalar").allocBytesPerOp());
        assertNull(find("mergeSingleScalar", "vector").allocBytesPerOp());
    }

    @Test
    void rejectsThroughputUnits() {
        String json = Fixture.json().replaceFirst("\"us/op\"", "\"ops/us\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JmhResult.parse(json));
        assertTrue(e.getMessage().contains("ops/us"), e.getMessage());
    }

    @Test
    void rejectsFilesThatAreNotJmhResults() {
        assertThrows(IllegalArgumentException.class, () -> JmhResult.parse("{\"floors\": []}"));
        assertThrows(IllegalArgumentException.class, () -> JmhResult.parse("[{\"mode\": \"avgt\"}]"));
    }

    @Test
    void unitFactors() {
        assertEquals(1e-3, JmhResult.microsPer("ns/op", "b"));
        assertEquals(1.0, JmhResult.microsPer("us/op", "b"));
        assertEquals(1e3, JmhResult.microsPer("ms/op", "b"));
        assertEquals(1e6, JmhResult.microsPer("s/op", "b"));
    }
}
