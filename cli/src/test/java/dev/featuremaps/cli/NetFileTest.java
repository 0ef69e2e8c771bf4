package dev.featuremaps.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.featuremaps.ops.OperatorDef;
import dev.featuremaps.ops.Workspace;
import dev.featuremaps.ops.json.JsonException;
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
        assertArrayEquals(new long[] {2}, NetFile.parse(blob("INT64", "[4, 5]")).blobs().get("x").shape());
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
                Arguments.of(blob("int32", "[1.5]"), "blob 'x': data[0] = 1.5 expected an integer literal for int32"),
                Arguments.of(blob("int64", "[\"7\"]"), "blob 'x': data[0] = \"7\" expected an integer literal for int64"),
                Arguments.of(blob("bool", "[1]"), "blob 'x': data[0] = 1 expected true or false for bool"),
                Arguments.of(blob("float", "[\"nan\"]"), "blob 'x': data[0] = \"nan\" expected a number (or \"NaN\", "
                        + "\"Infinity\", \"-Infinity\") for float"),
                Arguments.of(blob("string", "[null]"), "blob 'x': data[0] = null expected a JSON string for string"),
                Arguments.of("{\"blobs\": {\"x\": {\"dtype\": \"int32\", \"shape\": [2, 3], \"data\": [1, 2, 3, 4, 5]}}}",
                        "blob 'x': data has 5 elements, shape [2, 3] needs 6"),
                Arguments.of("{\"blobs\": {\"x\": {\"dtype\": \"int32\", \"shape\": [4], \"data\": [1]}}}",
                        "blob 'x': data has 1 elements, shape [4] needs 4"),
                Arguments.of("{\"blobs\": {\"x\": {\"dtype\": \"string\", \"shape\": [1, 1], \"data\": [\"a\"]}}}",
                        "blob 'x': string tensors are 1-D, shape [1, 1] has 2 dimensions"),
                Arguments.of("{\"blobs\": {\"x\": {\"dtype\": \"int32\", \"shape\": [1, 1, 1], \"data\": [1]}}}",
                        "blob 'x': shape [1, 1, 1] has 3 dimensions, expected 1 or 2"),
                Arguments.of("{\"blobs\": {\"x\": {\"dtype\": \"int32\", \"shape\": [-1], \"data\": []}}}",
                        "blob 'x': shape[0] = -1 is not a dimension (an integer from 0 to 2147483647)"),
                Arguments.of("{\"blobs\": {\"x\": {\"data\": []}}}", "blob 'x': dtype is missing"),
                Arguments.of("{\"blobs\": {\"x\": {\"dtype\": \"bool\"}}}", "blob 'x': data is missing"),
                Arguments.of("{\"blobs\": {\"x\": {\"dtype\": \"bool\", \"data\": [], \"shap\": [0]}}}",
                        "blob 'x': unknown member \"shap\"; expected dtype, shape, data"),
                Arguments.of("{\"blob\": {}}", "the net: unknown member \"blob\"; expected blobs, ops, fetch"),
                Arguments.of("[]", "the net: must be a JSON object with blobs, ops and fetch, got []"),
                Arguments.of("{\"ops\": [{\"inputs\": [], \"outputs\": []}]}", "ops[0]: type is missing"),
                Arguments.of("{\"ops\": [{\"type\": \"T\", \"inputs\": [1], \"outputs\": []}]}",
                        "ops[0] T inputs: entry 0 must be a blob name string, got 1"),
                Arguments.of("{\"ops\": [{\"type\": \"T\", \"inputs\": [], \"outputs\": [], \"arg\": {}}]}",
                        "ops[0]: unknown member \"arg\"; expected type, inputs, outputs, args"),
                Arguments.of("{\"ops\": [{\"type\": \"T\", \"inputs\": [], \"outputs\": [], \"args\": {\"feature_ids\": "
                        + "[1, 2.5]}}]}", "ops[0] T argument 'feature_ids': mixes integer and real values"),
                Arguments.of("{\"ops\": [{\"type\": \"T\", \"inputs\": [], \"outputs\": [], \"args\": {\"feature_ids\": "
                        + "[99999999999999999999]}}]}",
                        "ops[0] T argument 'feature_ids'[0]: 99999999999999999999 is out of range of int64"),
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
    void badJsonIsAJsonError() {
        assertThrows(JsonException.class, () -> NetFile.parse("{\"blobs\": }"));
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
            StringBuilder sb = new StringBuilder("{\"blobs\": {");
            for (String name : List.of("f", "s", "m", "b")) {
                sb.append(name.equals("f") ? "" : ", ").append('"').append(name).append("\": ");
                NetFile.appendTensor(sb, ws.fetch(name));
            }
            String json = sb.append("}}").toString();
            assertEquals("{\"blobs\": {\"f\": {\"dtype\": \"float\", \"shape\": [5], \"data\": [0.1, -0.0, \"NaN\", "
                    + "\"-Infinity\", 1.0E10]}, \"s\": {\"dtype\": \"string\", \"shape\": [3], \"data\": [\"a\\\"b\", "
                    + "\"\\n\", \"\u00e9\"]}, \"m\": {\"dtype\": \"int64\", \"shape\": [2, 1], \"data\": "
                    + "[-9223372036854775808, 9007199254740993]}, \"b\": {\"dtype\": \"bool\", \"shape\": [2], "
                    + "\"data\": [true, false]}}}", json);
            NetFile back = NetFile.parse(json);
            try (Workspace ws2 = new Workspace()) {
                back.feed(ws2);
                for (String name : List.of("f", "s", "m", "b")) {
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
        String json = NetFile.appendOperator(new StringBuilder(), op).toString();
        assertEquals("{\"type\": \"MergeSingleScalarFeatureTensors\", \"inputs\": [\"a\", \"p\"], \"outputs\": "
                + "[\"l\", \"k\", \"v\"], \"args\": {\"feature_ids\": [9223372036854775807]}}", json);
        assertEquals(op, NetFile.parseOperator(json));
        OperatorDef noArgs = OperatorDef.of("MergeMultiScalarFeatureTensorsGradient", List.of("l", "g"), List.of("o"));
        assertEquals("{\"type\": \"MergeMultiScalarFeatureTensorsGradient\", \"inputs\": [\"l\", \"g\"], "
                + "\"outputs\": [\"o\"]}", NetFile.appendOperator(new StringBuilder(), noArgs).toString());
    }
}
