package dev.featuremaps.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.featuremaps.ops.OperatorDef;
import dev.featuremaps.ops.Workspace;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetFileTest {

    private static String blob(String dtype, String data) {
        return "{\"blobs\": {\"x\": {\"dtype\": \"" + dtype + "\", \"data\": " + data + "}}}";
    }

    private static Object values(String dtype, String data) {
        return NetFile.parse(blob(dtype, data)).blobs().get("x").values();
    }

    @Test
    void readsEveryDtype() {
        assertArrayEquals(new boolean[] {true, false}, (boolean[]) values("bool", "[true, false]"));
        assertArrayEquals(new int[] {Integer.MIN_VALUE, -0, Integer.MAX_VALUE},
                (int[]) values("int32", "[-2147483648, -0, 2147483647]"));
        assertArrayEquals(new long[] {Long.MIN_VALUE, 9007199254740993L, Long.MAX_VALUE},
                (long[]) values("int64", "[-9223372036854775808, 9007199254740993, 9223372036854775807]"));
        assertArrayEquals(new float[] {0.1f, 3.4028235e38f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 2f},
                (float[]) values("float", "[0.1, 3.4028235e38, \"NaN\", \"Infinity\", \"-Infinity\", 2]"));
        assertArrayEquals(new double[] {0.1, -1e-300, Double.NaN},
                (double[]) values("double", "[0.1, -1e-300, \"NaN\"]"));
        assertArrayEquals(new String[] {"a", "\u00e9", ""}, (String[]) values("string", "[\"a\", \"\\u00e9\", \"\"]"));
        assertArrayEquals(new long[] {2}, NetFile.parse(blob("int64", "[4, 5]")).blobs().get("x").shape());
    }

    @Test
    void floatIsRoundedOnceFromTheDecimalText() {
        // Just above the midpoint between 1f and the next float: through a double it lands on the
        // midpoint and ties to 1f; rounded once, it goes up.
        String aboveMidpoint = "1.00000005960464477550";
        assertEquals(1.0f, (float) Double.parseDouble(aboveMidpoint));
        assertArrayEquals(new float[] {Math.nextUp(1.0f)}, (float[]) values("float", "[" + aboveMidpoint + "]"));
        assertArrayEquals(new float[] {0.0f}, (float[]) values("float", "[1e-50]"));
    }

    static List<Arguments> badNets() {
        return List.of(
                Arguments.of(blob("int8", "[1]"),
                        "blob 'x': unknown dtype 'int8': expected one of bool, int32, int64, float, double, string"),
                Arguments.of(blob("int32", "[1, 2147483648]"),
                        "blob 'x': data[1] = 2147483648 is out of range of int32 (-2147483648 to 2147483647)"),
                Arguments.of(blob("int32", "[-2147483649]"),
                        "blob 'x': data[0] = -2147483649 is out of range of int32 (-2147483648 to 2147483647)"),
                Arguments.of(blob("int64", "[9223372036854775808]"), "blob 'x': data[0] = 9223372036854775808 is out "
                        + "of range of int64 (-9223372036854775808 to 9223372036854775807)"),
                Arguments.of(blob("float", "[1e39]"), "blob 'x': data[0] = 1e39 is out of range of float (largest "
                        + "finite 3.4028235E38); write \"Infinity\" or \"-Infinity\" for an infinity"),
                Arguments.of(blob("double", "[0, -1e309]"), "blob 'x': data[1] = -1e309 is out of range of double "
                        + "(largest finite 1.7976931348623157E308); write \"Infinity\" or \"-Infinity\" for an infinity"),
                Arguments.of(blob("int32", "[1.5]"), "blob 'x': data[0] = 1.5 expected an integer literal for int32 "
                        + "(no fraction or exponent)"),
                // An exponent is not an integer literal, even where the value is whole: 1e2 is
                // refused rather than read as 100 (or echoed as 100.0).
                Arguments.of(blob("int64", "[1e2]"), "blob 'x': data[0] = 1e2 expected an integer literal for int64 "
                        + "(no fraction or exponent)"),
                // Past int64 as well: the bounds are still int32's, the dtype's own.
                Arguments.of(blob("int32", "[99999999999999999999]"), "blob 'x': data[0] = 99999999999999999999 is "
                        + "out of range of int32 (-2147483648 to 2147483647)"),
                Arguments.of(blob("int32", "[-99999999999999999999]"), "blob 'x': data[0] = -99999999999999999999 is "
                        + "out of range of int32 (-2147483648 to 2147483647)"),
                Arguments.of(blob("FLOAT", "[1]"), "blob 'x': unknown dtype 'FLOAT': expected one of bool, int32, "
                        + "int64, float, double, string (dtypes are lower case)"),
                Arguments.of(blob("Int64", "[1]"), "blob 'x': unknown dtype 'Int64': expected one of bool, int32, "
                        + "int64, float, double, string (dtypes are lower case)"),
                Arguments.of(blob("int32", "[[1]]"), "blob 'x': data[0] is an array, expected a value"),
                Arguments.of("{\"blobs\": {\"x\": {\"data\": [1, 2.5], \"dtype\": \"int32\"}}}",
                        "blob 'x': data[1] = 2.5 expected an integer literal for int32 (no fraction or exponent)"),
                Arguments.of("{\"blobs\": {\"l\": {\"dtype\": \"int32\", \"data\": [1]}}, \"fetch\": [\"l\", \"l\"]}",
                        "fetch[1]: blob 'l' is already fetched by fetch[0]; name each blob once"),
                Arguments.of(blob("int64", "[\"7\"]"), "blob 'x': data[0] = \"7\" expected an integer literal for int64"),
                Arguments.of(blob("bool", "[1]"), "blob 'x': data[0] = 1 expected true or false for bool"),
                Arguments.of(blob("float", "[\"nan\"]"), "blob 'x': data[0] = \"nan\" expected a number (or \"NaN\", "
                        + "\"Infinity\", \"-Infinity\") for float"),
                Arguments.of(blob("string", "[null]"), "blob 'x': data[0] = null expected a JSON string for string"),
                Arguments.of("{\"blobs\": {\"x\": {\"dtype\": \"int32\", \"shape\": [2, 3], \"data\": [1, 2, 3, 4, 5]}}}",
                        "blob 'x': data has 5 elements, shape [2, 3] needs 6"),
                Arguments.of("{\"blobs\": {\"x\": {\"dtype\": \"int32\", \"shape\": [4], \"data\": [1]}}}",
                        "blob 'x': data has 1 elements, shape [4] needs 4"),
                Arguments.of("{\"blobs\": {\"x\": {\"dtype\": \"string\", \"shape\": [2, 1], \"data\": [\"a\"]}}}",
                        "blob 'x': data has 1 elements, shape [2, 1] needs 2"),
                Arguments.of("{\"blobs\": {\"x\": {\"dtype\": \"int32\", \"shape\": [1, 1, 1], \"data\": [1]}}}",
                        "blob 'x': shape [1, 1, 1] has 3 dimensions, expected 1 or 2"),
                Arguments.of("{\"blobs\": {\"x\": {\"dtype\": \"int32\", \"shape\": [-1], \"data\": []}}}",
                        "blob 'x': shape[0] = -1 is not a dimension (an integer from 0 to 2147483647)"),
                Arguments.of("{\"blobs\": {\"x\": {\"data\": []}}}", "blob 'x': dtype is missing"),
                Arguments.of("{\"blobs\": {\"x\": {\"dtype\": \"bool\"}}}", "blob 'x': data is missing"),
                Arguments.of("{\"blobs\": {\"x\": {\"dtype\": \"bool\", \"data\": [], \"shap\": [0]}}}",
                        "blob 'x': unknown member \"shap\"; expected dtype, shape, data"),
                Arguments.of("{\"blob\": {}}", "the net: unknown member \"blob\"; expected blobs, ops, fetch"),
                Arguments.of("[]", "the net: must be a JSON object with blobs, ops and fetch, got an array"),
                Arguments.of("7", "the net: must be a JSON object with blobs, ops and fetch, got 7"),
                Arguments.of("{\"ops\": [{\"inputs\": [], \"outputs\": []}]}", "ops[0]: type is missing"),
                Arguments.of("{\"ops\": [{\"type\": \"T\", \"inputs\": [1], \"outputs\": []}]}",
                        "ops[0] T inputs: entry 0 must be a blob name string, got 1"),
                Arguments.of("{\"ops\": [{\"type\": \"T\", \"inputs\": [], \"outputs\": [], \"arg\": {}}]}",
                        "ops[0]: unknown member \"arg\"; expected type, inputs, outputs, args"),
                Arguments.of("{\"ops\": [{\"type\": \"T\", \"inputs\": [], \"outputs\": [], \"args\": {\"x\": "
                        + "[1, 2.5]}}]}", "ops[0] T argument 'x': mixes integer and real values"),
                Arguments.of("{\"ops\": [{\"type\": \"T\", \"inputs\": [], \"outputs\": [], \"args\": {\"feature_ids\": "
                        + "[1e2]}}]}", "ops[0] T argument 'feature_ids'[0]: 1e2 is not an integer literal: feature ids "
                        + "are int64, written without a fraction or exponent"),
                Arguments.of("{\"ops\": [{\"type\": \"T\", \"inputs\": [], \"outputs\": [], \"args\": {\"feature_ids\": "
                        + "[99999999999999999999]}}]}", "ops[0] T argument 'feature_ids'[0]: 99999999999999999999 is "
                        + "out of range of int64 (-9223372036854775808 to 9223372036854775807)"),
                Arguments.of("{\"blobs\": {\"a\": {\"dtype\": \"bool\", \"data\": []}}, \"ops\": [{\"type\": \"T\", "
                        + "\"inputs\": [], \"outputs\": [\"b\"]}], \"fetch\": [\"a\", \"b\", \"c\"]}",
                        "fetch[2]: blob 'c' does not exist: it is neither fed in blobs nor written by an operator"));
    }

    @ParameterizedTest
    @MethodSource("badNets")
    void rejectsWithWhereAndWhat(String json, String message) {
        NetFileException e = assertThrows(NetFileException.class, () -> NetFile.parse(json));
        assertEquals(message, e.getMessage());
    }

    @Test
    void badJsonIsAJsonErrorWithLineAndColumn() {
        InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> NetFile.parse("{\"blobs\": }"));
        assertEquals(1, e.line());
        assertEquals(11, e.column());
        assertTrue(e.getMessage().startsWith("line 1, column 11: unexpected character ('}' (code 125)): expected a value"), e.getMessage());
    }

    static List<Arguments> badJson() {
        return List.of(
                Arguments.of("", 1, 1, "no JSON value: the input is empty"),
                Arguments.of("{\"blobs\": {},}", 1, 14, "unexpected character ('}'"),
                Arguments.of("{\"fetch\": [\"a\"", 1, 15, "unexpected end-of-input"),
                Arguments.of("{\"blobs\": {}, \"blobs\": {}}", 1, 22, "duplicate field 'blobs'"),
                Arguments.of("{\"ops\": [01]}", 1, 11, "invalid numeric value: Leading zeroes not allowed"),
                Arguments.of("{\"fetch\": ['a']}", 1, 12, "unexpected character ('''"),
                Arguments.of("{} x", 1, 5, "unrecognized token 'x'"),
                Arguments.of("{} {}", 1, 4, "unexpected an object after the JSON value"),
                Arguments.of("{\n  \"fetch\": [\"a\",\n   ,\"b\"]}", 3, 4, "unexpected character (','"),
                Arguments.of("{\"fetch\": [\"\\ud800\"]}", 1, 12, "unpaired surrogate \\uD800 in a string"),
                Arguments.of("{\"fetch\": [\"a\tb\"]}", 1, 14, "illegal unquoted character ((CTRL-CHAR, code 9))"),
                Arguments.of("{\"fetch\": [NaN]}", 1, 15, "non-standard token 'NaN'"),
                Arguments.of("{\"fetch\": [] // c\n}", 1, 14, "unexpected character ('/'"));
    }

    @ParameterizedTest
    @MethodSource("badJson")
    void rejectsMalformedJsonSayingWhere(String text, int line, int column, String detail) {
        InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> NetFile.parse(text));
        assertTrue(e.detail().startsWith(detail), e::getMessage);
        assertEquals(line, e.line(), e::getMessage);
        assertEquals(column, e.column(), e::getMessage);
        assertTrue(e.getMessage().startsWith("line " + line + ", column " + column + ": "), e::getMessage);
        assertTrue(!e.getMessage().contains("Source:"), e::getMessage);
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        NetFileException n = assertThrows(NetFileException.class, () -> NetFile.parse(
                "{\"blobs\": {\"x\": {\"dtype\": \"int32\", \"data\": [" + "[".repeat(100_000)));
        assertEquals("blob 'x': data[0] is an array, expected a value", n.getMessage());
    }

    @Test
    void decodesEscapes() {
        assertArrayEquals(new String[] {"\"\\/\b\f\n\r\t\u00e9\uD83D\uDE00", "caf\u00e9 \uD83D\uDE00"},
                (String[]) values("string", "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00E9\\ud83d\\ude00\", "
                        + "\"caf\u00e9 \uD83D\uDE00\"]"));
    }

    @Test
    void dataMayComeBeforeItsDtype() {
        NetFile net = NetFile.parse("{\"blobs\": {\"x\": {\"data\": [1, 9007199254740993, -3], \"shape\": [3], "
                + "\"dtype\": \"int64\"}, \"s\": {\"data\": [\"a\", \"\\u0000b\"], \"dtype\": \"string\"}}}");
        assertArrayEquals(new long[] {1, 9007199254740993L, -3}, (long[]) net.blobs().get("x").values());
        assertArrayEquals(new String[] {"a", "\u0000b"}, (String[]) net.blobs().get("s").values());
    }

    @Test
    void floatsAndDoublesReadBackBitForBit() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(42);
        for (int k = 0; k < 2000; k++) {
            float f = Float.intBitsToFloat(r.nextInt());
            double d = Double.longBitsToDouble(r.nextLong());
            if (k == 0) {
                f = Float.MIN_VALUE;
                d = -0.0;
            }
            String text = "[" + JsonOutput.floatText(f) + "]";
            float back = ((float[]) values("float", text))[0];
            assertEquals(Float.floatToIntBits(f), Float.floatToIntBits(back), text);
            String dtext = "[" + JsonOutput.doubleText(d) + "]";
            double dback = ((double[]) values("double", dtext))[0];
            assertEquals(Double.doubleToLongBits(d), Double.doubleToLongBits(dback), dtext);
        }
    }

    @Test
    void floatsAreShortest() {
        assertEquals("0.1", JsonOutput.floatText(0.1f));
        assertEquals("1.0E10", JsonOutput.floatText(1e10f));
        assertEquals("-0.0", JsonOutput.floatText(-0.0f));
        assertEquals("1.4E-45", JsonOutput.floatText(Float.MIN_VALUE));
        assertEquals("0.1", JsonOutput.doubleText(0.1));
        assertEquals("\"NaN\"", JsonOutput.doubleText(Double.NaN));
        assertEquals("\"-Infinity\"", JsonOutput.floatText(Float.NEGATIVE_INFINITY));
    }

    @Test
    void writesStringsWithEscapes() {
        assertEquals("\"a\\\"b\\\\c\\n\\t\\u0001\\u007F\\u2028\u00e9\uD83D\uDE00\"",
                JsonOutput.quote("a\"b\\c\n\t\u0001\u007f\u2028\u00e9\uD83D\uDE00"));
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int k = 0; k < 300; k++) {
            StringBuilder sb = new StringBuilder();
            for (int i = r.nextInt(30); i > 0; i--) {
                sb.append((char) r.nextInt(0xd800));
            }
            String s = sb.toString();
            String json = "[" + JsonOutput.quote(s) + "]";
            assertArrayEquals(new String[] {s}, (String[]) values("string", json), json);
        }
    }

    @Test
    void shapeAndFetchDefaults() {
        NetFile net = NetFile.parse("""
                {"blobs": {"v": {"dtype": "float", "data": [1, 2]},
                           "p": {"dtype": "bool", "data": [true, false]},
                           "m": {"dtype": "int32", "shape": [2, 0], "data": []}},
                 "ops": [{"type": "MergeSingleScalarFeatureTensors", "inputs": ["v", "p"],
                          "outputs": ["l", "k", "v2"], "args": {"feature_ids": [5]}},
                         {"type": "MergeSingleScalarFeatureTensors", "inputs": ["v2", "p"],
                          "outputs": ["l", "k3", "v3"], "args": {"feature_ids": [6]}}]}
                """);
        assertArrayEquals(new long[] {2}, net.blobs().get("v").shape());
        assertArrayEquals(new long[] {2, 0}, net.blobs().get("m").shape());
        assertEquals(List.of("l", "k", "v2", "k3", "v3"), net.fetch());
        assertEquals(OperatorDef.of("MergeSingleScalarFeatureTensors", List.of("v", "p"), List.of("l", "k", "v2"), 5),
                net.ops().get(0));
    }

    @Test
    void tensorsPrintInTheFormTheyAreReadIn() {
        try (Workspace ws = new Workspace()) {
            ws.feed("f", DType.FLOAT, new float[] {0.1f, -0.0f, Float.NaN, Float.NEGATIVE_INFINITY, 1e10f});
            ws.feed("s", DType.STRING, new String[] {"a\"b", "\n", "\u00e9"});
            ws.feedMatrix("m", DType.INT64, 2, 1, new long[] {Long.MIN_VALUE, 9007199254740993L});
            ws.feed("b", DType.BOOL, new boolean[] {true, false});
            ws.feedMatrix("t", DType.STRING, 1, 2, new String[] {"x", ""});
            StringBuilder sb = new StringBuilder("{\"blobs\": {");
            for (String name : List.of("f", "s", "m", "b", "t")) {
                sb.append(name.equals("f") ? "" : ", ").append('"').append(name).append("\": ");
                sb.append(JsonOutput.tensor(ws.fetch(name)));
            }
            String json = sb.append("}}").toString();
            assertEquals("{\"blobs\": {\"f\": {\"dtype\": \"float\", \"shape\": [5], \"data\": [0.1, -0.0, \"NaN\", "
                    + "\"-Infinity\", 1.0E10]}, \"s\": {\"dtype\": \"string\", \"shape\": [3], \"data\": [\"a\\\"b\", "
                    + "\"\\n\", \"\u00e9\"]}, \"m\": {\"dtype\": \"int64\", \"shape\": [2, 1], \"data\": "
                    + "[-9223372036854775808, 9007199254740993]}, \"b\": {\"dtype\": \"bool\", \"shape\": [2], "
                    + "\"data\": [true, false]}, \"t\": {\"dtype\": \"string\", \"shape\": [1, 2], "
                    + "\"data\": [\"x\", \"\"]}}}", json);
            NetFile back = NetFile.parse(json);
            try (Workspace ws2 = new Workspace()) {
                back.feed(ws2);
                for (String name : List.of("f", "s", "m", "b", "t")) {
                    Tensor a = ws.fetch(name);
                    Tensor b = ws2.fetch(name);
                    assertArrayEquals(a.shape(), b.shape());
                    for (long i = 0; i < a.count(); i++) {
                        assertEquals(a.getObject(i), b.getObject(i), name + "[" + i + "]");
                    }
                }
            }
        }
    }

    @Test
    void operatorsPrintInTheFormTheyAreReadIn() {
        OperatorDef op = new OperatorDef("MergeSingleScalarFeatureTensors", List.of("a", "p"), List.of("l", "k", "v"),
                Map.of("feature_ids", List.of(Long.MAX_VALUE)));
        String json = JsonOutput.operator(op);
        assertEquals("{\"type\": \"MergeSingleScalarFeatureTensors\", \"inputs\": [\"a\", \"p\"], \"outputs\": "
                + "[\"l\", \"k\", \"v\"], \"args\": {\"feature_ids\": [9223372036854775807]}}", json);
        assertEquals(op, NetFile.parseOperator(json));
        OperatorDef noArgs = OperatorDef.of("MergeMultiScalarFeatureTensorsGradient", List.of("l", "g"), List.of("o"));
        assertEquals("{\"type\": \"MergeMultiScalarFeatureTensorsGradient\", \"inputs\": [\"l\", \"g\"], "
                + "\"outputs\": [\"o\"]}", JsonOutput.operator(noArgs));
    }
}
