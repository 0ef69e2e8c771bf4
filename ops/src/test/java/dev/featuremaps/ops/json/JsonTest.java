package dev.featuremaps.ops.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonTest {

    @Test
    void readsNestedValuesInOrder() {
        Object v = Json.parse(" {\"b\": [1, -2.5e3, true, false, null, \"x\"], \"a\": {}} ");
        Map<?, ?> m = assertInstanceOf(Map.class, v);
        assertEquals(List.of("b", "a"), List.copyOf(m.keySet()));
        List<?> b = assertInstanceOf(List.class, m.get("b"));
        assertEquals(new JsonNumber("1"), b.get(0));
        assertEquals(new JsonNumber("-2.5e3"), b.get(1));
        assertEquals(Boolean.TRUE, b.get(2));
        assertEquals(Boolean.FALSE, b.get(3));
        assertSame(Json.NULL, b.get(4));
        assertEquals("x", b.get(5));
        assertEquals(Map.of(), m.get("a"));
    }

    @Test
    void int64IsExactEvenWhereADoubleIsNot() {
        assertEquals(9007199254740993L, ((JsonNumber) Json.parse("9007199254740993")).longValueExact());
        assertEquals(Long.MAX_VALUE, ((JsonNumber) Json.parse("9223372036854775807")).longValueExact());
        assertEquals(Long.MIN_VALUE, ((JsonNumber) Json.parse("-9223372036854775808")).longValueExact());
        assertThrows(ArithmeticException.class, () -> ((JsonNumber) Json.parse("9223372036854775808")).longValueExact());
        assertThrows(ArithmeticException.class, () -> ((JsonNumber) Json.parse("1.0")).longValueExact());
        assertThrows(ArithmeticException.class, () -> ((JsonNumber) Json.parse("1e3")).longValueExact());
    }

    @Test
    void decodesEscapes() {
        assertEquals("\"\\/\b\f\n\r\t\u00e9\uD83D\uDE00", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00E9\\ud83d\\ude00\""));
        assertEquals("caf\u00e9 \uD83D\uDE00", Json.parse("\"caf\u00e9 \uD83D\uDE00\""));
        assertEquals("", Json.parse("\uFEFF\"\""));
    }

    static List<Arguments> badJson() {
        return List.of(
                Arguments.of("", 1, 1, "unexpected end of input, expected a value"),
                Arguments.of("{\"a\": 1,}", 1, 9, "unexpected '}', expected a member name in quotes"),
                Arguments.of("[1, 2", 1, 6, "unexpected end of input, expected ',' or ']' in the array starting at line 1, column 1"),
                Arguments.of("[1, 2,]", 1, 7, "unexpected ']', expected a value"),
                Arguments.of("{\"a\" 1}", 1, 6, "unexpected '1', expected ':' after the member name \"a\""),
                Arguments.of("01", 1, 2, "leading zero in a number"),
                Arguments.of("-", 1, 2, "unexpected end of input, expected a digit"),
                Arguments.of("1.", 1, 3, "unexpected end of input, expected a digit after the decimal point"),
                Arguments.of("1e+", 1, 4, "unexpected end of input, expected a digit in the exponent"),
                Arguments.of(".5", 1, 1, "unexpected '.', expected a value"),
                Arguments.of("\"\\x\"", 1, 2, "invalid escape sequence \\x in a string"),
                Arguments.of("\"\\u12g4\"", 1, 6, "\\u escape needs 4 hex digits"),
                Arguments.of("\"abc", 1, 1, "unterminated string"),
                Arguments.of("\"a\tb\"", 1, 3, "control character U+0009 in a string must be escaped"),
                Arguments.of("\"\\ud800\"", 1, 2, "unpaired surrogate escape \\uD800 in a string"),
                Arguments.of("\"\\udc00x\"", 1, 2, "unpaired surrogate escape \\uDC00 in a string"),
                Arguments.of("tru", 1, 1, "unexpected 't', expected a value"),
                Arguments.of("nul", 1, 1, "unexpected 'n', expected a value"),
                Arguments.of("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate member name \"a\" in the object starting at line 1, column 1"),
                Arguments.of("[1] x", 1, 5, "unexpected 'x' after the JSON value"),
                Arguments.of("{\n  \"a\": [1,\n   2,,3]\n}", 3, 6, "unexpected ',', expected a value"),
                Arguments.of("'a'", 1, 1, "unexpected ''', expected a value"),
                Arguments.of("[1 // c\n]", 1, 4, "unexpected '/', expected ',' or ']' in the array starting at line 1, column 1"),
                Arguments.of("NaN", 1, 1, "unexpected 'N', expected a value"));
    }

    @ParameterizedTest
    @MethodSource("badJson")
    void rejectsWithLineAndColumn(String text, int line, int column, String detail) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));
        assertEquals(detail, e.detail());
        assertEquals(line, e.line());
        assertEquals(column, e.column());
        assertEquals("line " + line + ", column " + column + ": " + detail, e.getMessage());
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000);
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nesting deeper than 512 levels"), e.getMessage());
        assertEquals(512, e.offset());
    }

    @Test
    void writesStringsWithEscapes() {
        assertEquals("\"a\\\"b\\\\c\\n\\t\\u0001\\u2028\u00e9\"",
                Json.appendString(new StringBuilder(), "a\"b\\c\n\t\u0001\u2028\u00e9").toString());
    }

    @Property(tries = 300)
    void stringsReadBackAsWritten(@ForAll @StringLength(max = 30) @CharRange(from = '\u0000', to = '\ud7ff')
                                  String s) {
        assertEquals(s, Json.parse(Json.appendString(new StringBuilder(), s).toString()));
    }

    @Property(tries = 2000)
    void floatsReadBackBitForBit(@ForAll int bits) {
        float f = Float.intBitsToFloat(bits);
        Object back = Json.parse(Json.floatText(f));
        if (Float.isNaN(f)) {
            assertEquals("NaN", back);
        } else if (Float.isInfinite(f)) {
            assertEquals(f > 0 ? "Infinity" : "-Infinity", back);
        } else {
            assertEquals(bits, Float.floatToRawIntBits(((JsonNumber) back).floatValue()), Json.floatText(f));
        }
    }

    @Property(tries = 2000)
    void doublesReadBackBitForBit(@ForAll long bits) {
        double d = Double.longBitsToDouble(bits);
        Object back = Json.parse(Json.doubleText(d));
        if (Double.isNaN(d)) {
            assertEquals("NaN", back);
        } else if (Double.isInfinite(d)) {
            assertEquals(d > 0 ? "Infinity" : "-Infinity", back);
        } else {
            assertEquals(bits, Double.doubleToRawLongBits(((JsonNumber) back).doubleValue()), Json.doubleText(d));
        }
    }

    @Test
    void floatsAreShortest() {
        assertEquals("0.1", Json.floatText(0.1f));
        assertEquals("1.0E10", Json.floatText(1e10f));
        assertEquals("-0.0", Json.floatText(-0.0f));
        assertEquals("1.4E-45", Json.floatText(Float.MIN_VALUE));
        assertEquals("0.1", Json.doubleText(0.1));
        assertEquals("\"NaN\"", Json.doubleText(Double.NaN));
        assertEquals("\"-Infinity\"", Json.floatText(Float.NEGATIVE_INFINITY));
    }

    @Test
    void writesValues() {
        Object v = Json.parse("{\"a\": [1, 2.5, \"s\", true, null], \"b\": {}}");
        assertEquals("{\"a\": [1, 2.5, \"s\", true, null], \"b\": {}}", Json.append(new StringBuilder(), v).toString());
    }

    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"x\\\"y\\\\z\\u00e9\\n\"}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(new JsonNumber("1"), new JsonNumber("-2.5e3"), true, false),
                ((List<?>) m.get("a")).subList(0, 4));
        assertSame(Json.NULL, ((List<?>) m.get("a")).get(4));
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
    void rejectsMalformedTextSayingWhere() {
        for (String bad : Arrays.asList("", "[1, 2", "{\"a\" 1}", "[1] x", "tru", "\"open", "{1: 2}", "[1,]",
                "\"\\q\"")) {
            JsonException e = assertThrows(JsonException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().matches("line \\d+, column \\d+: .+"), e.getMessage());
        }
    }

    @Test
    void writesIndentedOneMemberOrElementPerLine() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("a", List.of(1, 2.5));
        doc.put("b", Map.of());
        doc.put("c", List.of());
        doc.put("d", Map.of("e", Json.NULL));
        assertEquals("""
                {
                  "a": [
                    1,
                    2.5
                  ],
                  "b": {},
                  "c": [],
                  "d": {
                    "e": null
                  }
                }""", Json.appendIndented(new StringBuilder(), doc).toString());
        assertEquals("\"s\"", Json.appendIndented(new StringBuilder(), "s").toString());
        assertEquals("[\n  \"NaN\",\n  \"Infinity\"\n]",
                Json.appendIndented(new StringBuilder(), List.of(Double.NaN, Float.POSITIVE_INFINITY)).toString());
    }

    @Test
    void indentedDocumentsParseBackToTheSameValue() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "a \"quoted\" \\ name\twith\u0001control");
        doc.put("ratio", 2.125);
        doc.put("count", 3);
        doc.put("none", null);
        doc.put("list", List.of(1.5, "x", true, List.of(), Map.of()));
        Object back = Json.parse(Json.appendIndented(new StringBuilder(), doc).toString());
        Map<String, Object> expected = new LinkedHashMap<>(doc);
        expected.put("ratio", new JsonNumber("2.125"));
        expected.put("count", new JsonNumber("3"));
        expected.put("none", Json.NULL);
        expected.put("list", List.of(new JsonNumber("1.5"), "x", true, List.of(), Map.of()));
        assertEquals(expected, back);
        assertEquals(Json.append(new StringBuilder(), doc).toString(),
                Json.append(new StringBuilder(), back).toString(), "the one-line form agrees");
    }
}
