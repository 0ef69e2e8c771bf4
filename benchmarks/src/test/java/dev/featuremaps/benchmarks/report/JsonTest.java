package dev.featuremaps.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"x\\\"y\\\\z\\u00e9\\n\"}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(1.0, -2500.0, true, false), ((List<?>) m.get("a")).subList(0, 4));
        assertNull(((List<?>) m.get("a")).get(4));
        assertEquals("x\"y\\z\u00e9\n", ((Map<?, ?>) m.get("b")).get("c"));
    }

    @Test
    void keepsMemberOrder() {
        Map<?, ?> m = (Map<?, ?>) Json.parse("{\"z\": 1, \"a\": 2, \"m\": 3}");
        assertEquals(List.of("z", "a", "m"), List.copyOf(m.keySet()));
    }

    @Test
    void parsesEmptyContainers() {
        assertEquals(List.of(), Json.parse("[]"));
        assertEquals(Map.of(), Json.parse("{ }"));
    }

    @Test
    void rejectsMalformedText() {
        for (String bad : Arrays.asList("", "[1, 2", "{\"a\" 1}", "[1] x", "tru", "\"open", "{1: 2}", "[1,]",
                "\"\\q\"")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().contains("at character"), e.getMessage());
        }
    }

    @Test
    void writtenDocumentsParseBackToTheSameValue() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "a \"quoted\" \\ name\twith\u0001control");
        doc.put("ratio", 2.125);
        doc.put("count", 3);
        doc.put("none", null);
        doc.put("list", List.of(1.5, "x", true, List.of(), Map.of()));
        Object back = Json.parse(Json.write(doc));
        Map<String, Object> expected = new LinkedHashMap<>(doc);
        expected.put("count", 3.0);
        assertEquals(expected, back);
    }

    @Test
    void writesNonFiniteNumbersAsNull() {
        assertEquals("[\n  null,\n  null\n]\n", Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY)));
    }
}
