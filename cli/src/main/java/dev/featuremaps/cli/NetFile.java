package dev.featuremaps.cli;

import dev.featuremaps.ops.OperatorDef;
import dev.featuremaps.ops.Workspace;
import dev.featuremaps.ops.json.Json;
import dev.featuremaps.ops.json.JsonNumber;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A net in JSON: the blobs to feed, the operators to run and the blobs to fetch.
 *
 * <pre>
 * {"blobs": {"age": {"dtype": "float", "shape": [3], "data": [31.0, 0.0, 45.5]}, ...},
 *  "ops": [{"type": "MergeSingleScalarFeatureTensors", "inputs": ["age", "age_presence"],
 *           "outputs": ["l", "k", "v"], "args": {"feature_ids": [11]}}, ...],
 *  "fetch": ["l", "k"]}
 * </pre>
 *
 * <p>{@code shape} is optional ({@code [len(data)]}); {@code fetch} is optional (every operator
 * output, in the order they are first written); {@code args} is optional. Data values: {@code
 * true}/{@code false} for bool; integer literals for int32 and int64, read exactly and rejected
 * when out of range; numbers for float and double, rounded once from their decimal text (a finite
 * number beyond the type's range is rejected) or the strings {@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"}; JSON strings for string. Unknown members are rejected, so a misspelt key
 * does not go unnoticed.
 *
 * <p>The writing side ({@link #appendTensor}, {@link #appendOperator}) uses the same format, so
 * what is printed reads back as the same values.
 *
 * @param blobs the blobs to feed, in file order
 * @param ops the operators, in order
 * @param fetch the blobs to fetch
 */
public record NetFile(Map<String, Blob> blobs, List<OperatorDef> ops, List<String> fetch) {

    /**
     * One blob to feed.
     *
     * @param dtype the element type
     * @param shape {@code [n]} or {@code [rows, cols]}
     * @param values the elements as a heap array of the dtype (see {@link
     *     dev.featuremaps.tensors.Tensors#of})
     */
    public record Blob(DType dtype, long[] shape, Object values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Blob b && dtype == b.dtype && Arrays.equals(shape, b.shape)
                    && Arrays.deepEquals(new Object[] {values}, new Object[] {b.values});
        }

        @Override
        public int hashCode() {
            return dtype.hashCode() * 31 + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return dtype.label() + Arrays.toString(shape);
        }
    }

    /** Copies the parts. */
    public NetFile {
        blobs = Collections.unmodifiableMap(new LinkedHashMap<>(blobs));
        ops = List.copyOf(ops);
        fetch = List.copyOf(fetch);
    }

    /**
     * Reads a net.
     *
     * @param json the file's text
     * @return the net
     * @throws dev.featuremaps.ops.json.JsonException if the text is not JSON
     * @throws NetFileException if it is JSON but not a valid net
     */
    public static NetFile parse(String json) {
        Map<String, Object> top = object(Json.parse(json), "the net", "a JSON object with blobs, ops and fetch");
        members(top, "the net", List.of("blobs", "ops", "fetch"));
        Map<String, Blob> blobs = new LinkedHashMap<>();
        if (top.containsKey("blobs")) {
            Map<String, Object> b = object(top.get("blobs"), "blobs", "an object of NAME: {dtype, shape, data}");
            for (Map.Entry<String, Object> e : b.entrySet()) {
                blobs.put(e.getKey(), blob(e.getKey(), e.getValue()));
            }
        }
        List<OperatorDef> ops = new ArrayList<>();
        if (top.containsKey("ops")) {
            List<Object> list = array(top.get("ops"), "ops", "an array of operator objects");
            for (int i = 0; i < list.size(); i++) {
                ops.add(operator(list.get(i), "ops[" + i + "]"));
            }
        }
        List<String> fetch;
        if (top.containsKey("fetch")) {
            fetch = strings(top.get("fetch"), "fetch");
            Set<String> known = new LinkedHashSet<>(blobs.keySet());
            for (OperatorDef op : ops) {
                known.addAll(op.outputs());
            }
            for (int i = 0; i < fetch.size(); i++) {
                if (!known.contains(fetch.get(i))) {
                    throw new NetFileException("fetch[" + i + "]", "blob '" + fetch.get(i)
                            + "' does not exist: it is neither fed in blobs nor written by an operator");
                }
            }
        } else {
            Set<String> outputs = new LinkedHashSet<>();
            for (OperatorDef op : ops) {
                outputs.addAll(op.outputs());
            }
            fetch = List.copyOf(outputs);
        }
        return new NetFile(blobs, ops, fetch);
    }

    /**
     * Reads one operator object, as it appears in a net's {@code ops}.
     *
     * @param json the text
     * @return the operator
     * @throws dev.featuremaps.ops.json.JsonException if the text is not JSON
     * @throws NetFileException if it is not an operator object
     */
    public static OperatorDef parseOperator(String json) {
        return operator(Json.parse(json), "the operator");
    }

    /**
     * Feeds every blob of this net into a workspace.
     *
     * @param ws the workspace
     */
    public void feed(Workspace ws) {
        for (Map.Entry<String, Blob> e : blobs.entrySet()) {
            Blob b = e.getValue();
            if (b.shape().length == 2) {
                ws.feedMatrix(e.getKey(), b.dtype(), b.shape()[0], b.shape()[1], b.values());
            } else {
                ws.feed(e.getKey(), b.dtype(), b.values());
            }
        }
    }

    static OperatorDef operator(Object value, String where) {
        Map<String, Object> op = object(value, where, "an operator object {type, inputs, outputs, args}");
        members(op, where, List.of("type", "inputs", "outputs", "args"));
        Object type = require(op, "type", where);
        if (!(type instanceof String t)) {
            throw new NetFileException(where, "type must be a string, got " + show(type));
        }
        where = where + " " + t;
        List<String> inputs = strings(require(op, "inputs", where), where + " inputs");
        List<String> outputs = strings(require(op, "outputs", where), where + " outputs");
        Map<String, Object> args = new LinkedHashMap<>();
        if (op.containsKey("args")) {
            Map<String, Object> a = object(op.get("args"), where + " args", "an object of NAME: value");
            for (Map.Entry<String, Object> e : a.entrySet()) {
                args.put(e.getKey(), argument(e.getValue(), where + " argument '" + e.getKey() + "'"));
            }
        }
        return new OperatorDef(t, inputs, outputs, args);
    }

    private static Object argument(Object value, String where) {
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object item = argumentScalar(list.get(i), where + "[" + i + "]");
                if (!out.isEmpty() && out.get(0).getClass() != item.getClass()) {
                    throw new NetFileException(where, "mixes " + kind(out.get(0)) + " and " + kind(item) + " values");
                }
                out.add(item);
            }
            return out;
        }
        return argumentScalar(value, where);
    }

    private static String kind(Object v) {
        return v instanceof Long ? "integer" : v instanceof Double ? "real" : v instanceof String ? "string" : "bool";
    }

    private static Object argumentScalar(Object value, String where) {
        if (value instanceof JsonNumber n) {
            if (n.isInteger()) {
                try {
                    return n.longValueExact();
                } catch (ArithmeticException e) {
                    throw new NetFileException(where, n + " is out of range of int64");
                }
            }
            return n.doubleValue();
        }
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        throw new NetFileException(where, "must be a number, string, bool or an array of one of them, got "
                + show(value));
    }

    private static Blob blob(String name, Object value) {
        String where = "blob '" + name + "'";
        Map<String, Object> b = object(value, where, "an object {dtype, shape, data}");
        members(b, where, List.of("dtype", "shape", "data"));
        Object dt = require(b, "dtype", where);
        if (!(dt instanceof String label)) {
            throw new NetFileException(where, "dtype must be a string, got " + show(dt));
        }
        DType dtype;
        try {
            dtype = DType.fromLabel(label);
        } catch (IllegalArgumentException e) {
            throw new NetFileException(where, e.getMessage());
        }
        List<Object> data = array(require(b, "data", where), where + " data", "an array of values");
        long[] shape;
        if (b.containsKey("shape")) {
            shape = shape(b.get("shape"), where);
            long count = shape.length == 1 ? shape[0] : shape[0] * shape[1];
            if (count != data.size()) {
                throw new NetFileException(where, "data has " + data.size() + " elements, shape "
                        + Arrays.toString(shape) + " needs " + count);
            }
            if (shape.length == 2 && !dtype.isFixedWidth()) {
                throw new NetFileException(where, "string tensors are 1-D, shape " + Arrays.toString(shape)
                        + " has 2 dimensions");
            }
        } else {
            shape = new long[] {data.size()};
        }
        return new Blob(dtype, shape, values(dtype, data, where));
    }

    private static long[] shape(Object value, String where) {
        List<Object> dims = array(value, where + " shape", "an array of 1 or 2 dimensions");
        if (dims.isEmpty() || dims.size() > 2) {
            throw new NetFileException(where, "shape " + show(value) + " has " + dims.size()
                    + " dimensions, expected 1 or 2");
        }
        long[] shape = new long[dims.size()];
        for (int d = 0; d < shape.length; d++) {
            Object v = dims.get(d);
            long dim = -1;
            if (v instanceof JsonNumber n && n.isInteger()) {
                try {
                    dim = n.longValueExact();
                } catch (ArithmeticException e) {
                    dim = -1;
                }
            }
            if (dim < 0 || dim > Integer.MAX_VALUE) {
                throw new NetFileException(where, "shape[" + d + "] = " + show(v)
                        + " is not a dimension (an integer from 0 to " + Integer.MAX_VALUE + ")");
            }
            shape[d] = dim;
        }
        return shape;
    }

    private static Object values(DType dtype, List<Object> data, String where) {
        int n = data.size();
        switch (dtype) {
            case BOOL -> {
                boolean[] out = new boolean[n];
                for (int i = 0; i < n; i++) {
                    if (!(data.get(i) instanceof Boolean v)) {
                        throw element(where, i, data.get(i), "expected true or false for bool");
                    }
                    out[i] = v;
                }
                return out;
            }
            case INT32 -> {
                int[] out = new int[n];
                for (int i = 0; i < n; i++) {
                    long v = integer(data.get(i), where, i, dtype);
                    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                        throw element(where, i, data.get(i), "is out of range of int32 ("
                                + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")");
                    }
                    out[i] = (int) v;
                }
                return out;
            }
            case INT64 -> {
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = integer(data.get(i), where, i, dtype);
                }
                return out;
            }
            case FLOAT -> {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    Object v = data.get(i);
                    float f = v instanceof JsonNumber num ? num.floatValue() : (float) special(v, where, i, dtype);
                    if (v instanceof JsonNumber && Float.isInfinite(f)) {
                        throw element(where, i, v, "is out of range of float (largest finite " + Float.MAX_VALUE
                                + "); write \"Infinity\" or \"-Infinity\" for an infinity");
                    }
                    out[i] = f;
                }
                return out;
            }
            case DOUBLE -> {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    Object v = data.get(i);
                    double d = v instanceof JsonNumber num ? num.doubleValue() : special(v, where, i, dtype);
                    if (v instanceof JsonNumber && Double.isInfinite(d)) {
                        throw element(where, i, v, "is out of range of double (largest finite " + Double.MAX_VALUE
                                + "); write \"Infinity\" or \"-Infinity\" for an infinity");
                    }
                    out[i] = d;
                }
                return out;
            }
            case STRING -> {
                String[] out = new String[n];
                for (int i = 0; i < n; i++) {
                    if (!(data.get(i) instanceof String s)) {
                        throw element(where, i, data.get(i), "expected a JSON string for string");
                    }
                    out[i] = s;
                }
                return out;
            }
            default -> throw new AssertionError(dtype);
        }
    }

    private static long integer(Object v, String where, int i, DType dtype) {
        if (!(v instanceof JsonNumber n) || !n.isInteger()) {
            throw element(where, i, v, "expected an integer literal for " + dtype.label());
        }
        try {
            return n.longValueExact();
        } catch (ArithmeticException e) {
            throw element(where, i, v, "is out of range of " + dtype.label() + " (" + Long.MIN_VALUE + " to "
                    + Long.MAX_VALUE + ")");
        }
    }

    private static double special(Object v, String where, int i, DType dtype) {
        if (v instanceof String s) {
            switch (s) {
                case "NaN" -> {
                    return Double.NaN;
                }
                case "Infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                }
            }
        }
        throw element(where, i, v, "expected a number (or \"NaN\", \"Infinity\", \"-Infinity\") for "
                + dtype.label());
    }

    private static NetFileException element(String where, int i, Object v, String detail) {
        return new NetFileException(where, "data[" + i + "] = " + show(v) + " " + detail);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String where, String what) {
        if (!(value instanceof Map<?, ?>)) {
            throw new NetFileException(where, "must be " + what + ", got " + show(value));
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> array(Object value, String where, String what) {
        if (!(value instanceof List<?>)) {
            throw new NetFileException(where, "must be " + what + ", got " + show(value));
        }
        return (List<Object>) value;
    }

    private static List<String> strings(Object value, String where) {
        List<Object> list = array(value, where, "an array of blob names");
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw new NetFileException(where, "entry " + i + " must be a blob name string, got " + show(list.get(i)));
            }
            out.add(s);
        }
        return out;
    }

    private static Object require(Map<String, Object> object, String key, String where) {
        Object v = object.get(key);
        if (v == null) {
            throw new NetFileException(where, key + " is missing");
        }
        return v;
    }

    private static void members(Map<String, Object> object, String where, List<String> allowed) {
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                throw new NetFileException(where, "unknown member \"" + key + "\"; expected "
                        + String.join(", ", allowed));
            }
        }
    }

    /** A JSON value shown in a message, cut short when long. */
    private static String show(Object value) {
        String s = Json.append(new StringBuilder(), value).toString();
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    // Writing.

    /**
     * Appends a tensor as {@code {"dtype": ..., "shape": [...], "data": [...]}} on one line.
     *
     * @param sb where to append
     * @param t the tensor
     * @return {@code sb}
     */
    public static StringBuilder appendTensor(StringBuilder sb, Tensor t) {
        sb.append("{\"dtype\": \"").append(t.dtype().label()).append("\", \"shape\": [");
        long[] shape = t.shape();
        for (int d = 0; d < shape.length; d++) {
            sb.append(d == 0 ? "" : ", ").append(shape[d]);
        }
        sb.append("], \"data\": [");
        appendData(sb, t);
        return sb.append("]}");
    }

    /**
     * Appends a tensor's elements, comma-separated, in the net format.
     *
     * @param sb where to append
     * @param t the tensor
     * @return {@code sb}
     */
    public static StringBuilder appendData(StringBuilder sb, Tensor t) {
        long n = t.count();
        for (long i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            switch (t.dtype()) {
                case BOOL -> sb.append(t.getBoolean(i));
                case INT32 -> sb.append(t.getInt(i));
                case INT64 -> sb.append(t.getLong(i));
                case FLOAT -> sb.append(Json.floatText(t.getFloat(i)));
                case DOUBLE -> sb.append(Json.doubleText(t.getDouble(i)));
                case STRING -> Json.appendString(sb, t.getString(i));
                default -> throw new AssertionError(t.dtype());
            }
        }
        return sb;
    }

    /**
     * Appends an operator as it appears in a net's {@code ops}, on one line; {@code args} is left
     * out when empty.
     *
     * @param sb where to append
     * @param op the operator
     * @return {@code sb}
     */
    public static StringBuilder appendOperator(StringBuilder sb, OperatorDef op) {
        sb.append("{\"type\": ");
        Json.appendString(sb, op.type()).append(", \"inputs\": ");
        Json.append(sb, op.inputs()).append(", \"outputs\": ");
        Json.append(sb, op.outputs());
        if (!op.args().isEmpty()) {
            sb.append(", \"args\": ");
            Json.append(sb, op.args());
        }
        return sb.append('}');
    }
}
