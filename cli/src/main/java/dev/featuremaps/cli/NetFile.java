package dev.featuremaps.cli;

import static com.fasterxml.jackson.core.JsonToken.END_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
import static com.fasterxml.jackson.core.JsonToken.START_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import dev.featuremaps.ops.OperatorDef;
import dev.featuremaps.ops.Workspace;
import dev.featuremaps.tensors.DType;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * output, in the order they are first written) and names each blob once; {@code args} is
 * optional. {@code dtype} is one of {@code bool}, {@code int32}, {@code int64}, {@code float},
 * {@code double}, {@code string}, spelt so. Data values: {@code true}/{@code false} for bool;
 * integer literals (no fraction, no exponent) for int32 and int64, read exactly and rejected when
 * out of range; numbers for float and double, rounded once from their decimal text (a finite
 * number beyond the type's range is rejected) or the strings {@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"}; JSON strings for string. {@code feature_ids} are integer literals too.
 * Unknown and repeated members are rejected, so a misspelt or doubled key does not go unnoticed.
 *
 * <p>The text is read as a stream: memory grows with the tensors, not with a tree of the whole
 * document, and members may come in any order.
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

    // Blob and member names are the user's data: neither interned nor kept in a shared table.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build();

    private static final List<String> NET_MEMBERS = List.of("blobs", "ops", "fetch");
    private static final List<String> BLOB_MEMBERS = List.of("dtype", "shape", "data");
    private static final List<String> OP_MEMBERS = List.of("type", "inputs", "outputs", "args");
    private static final String DTYPES = "bool, int32, int64, float, double, string";
    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)]");

    /** Copies the parts. */
    public NetFile {
        blobs = Collections.unmodifiableMap(new LinkedHashMap<>(blobs));
        ops = List.copyOf(ops);
        fetch = List.copyOf(fetch);
    }

    /**
     * Reads a net from text.
     *
     * @param json the text
     * @return the net
     * @throws InvalidJsonException if the text is not JSON
     * @throws NetFileException if it is JSON but not a valid net
     */
    public static NetFile parse(String json) {
        try {
            return read(new StringReader(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a net.
     *
     * @param in the text; read to its end
     * @return the net
     * @throws IOException if {@code in} fails
     * @throws InvalidJsonException if the text is not JSON
     * @throws NetFileException if it is JSON but not a valid net
     */
    public static NetFile read(Reader in) throws IOException {
        return read(in, Set.of(), false);
    }

    /**
     * Reads a net whose blobs also come from elsewhere (the columns of an Arrow file).
     *
     * @param in the text; read to its end
     * @param outside blob names fed besides the net's own, which {@code fetch} may name
     * @param fetchPrefixes whether a {@code fetch} entry may name a feature prefix {@code p} of
     *     blobs {@code p.lengths}, {@code p.keys}, ... rather than a blob
     * @return the net
     * @throws IOException if {@code in} fails
     * @throws InvalidJsonException if the text is not JSON
     * @throws NetFileException if it is JSON but not a valid net
     */
    public static NetFile read(Reader in, Set<String> outside, boolean fetchPrefixes) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            first(p);
            NetFile net = net(p, outside, fetchPrefixes);
            end(p);
            return net;
        } catch (StreamReadException e) {
            throw invalid(e);
        }
    }

    /**
     * Reads one operator object, as it appears in a net's {@code ops}.
     *
     * @param json the text
     * @return the operator
     * @throws InvalidJsonException if the text is not JSON
     * @throws NetFileException if it is not an operator object
     */
    public static OperatorDef parseOperator(String json) {
        try {
            return readOperator(new StringReader(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one operator object.
     *
     * @param in the text; read to its end
     * @return the operator
     * @throws IOException if {@code in} fails
     * @throws InvalidJsonException if the text is not JSON
     * @throws NetFileException if it is not an operator object
     */
    public static OperatorDef readOperator(Reader in) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            first(p);
            OperatorDef op = operator(p, "the operator");
            end(p);
            return op;
        } catch (StreamReadException e) {
            throw invalid(e);
        }
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

    /** @return every name the net uses (blobs, operator types, inputs and outputs), for messages */
    Set<String> names() {
        Set<String> names = new LinkedHashSet<>(blobs.keySet());
        for (OperatorDef op : ops) {
            names.add(op.type());
            names.addAll(op.inputs());
            names.addAll(op.outputs());
        }
        names.addAll(fetch);
        return names;
    }

    // Reading. Each method starts on the current token of its value and ends on its last token.

    private static void first(JsonParser p) throws IOException {
        if (p.nextToken() == null) {
            JsonLocation at = p.currentLocation();
            throw new InvalidJsonException(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()),
                    "no JSON value: the input is empty");
        }
    }

    private static void end(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            JsonLocation at = p.currentTokenLocation();
            throw new InvalidJsonException(at.getLineNr(), at.getColumnNr(), "unexpected " + show(p)
                    + " after the JSON value");
        }
    }

    private static InvalidJsonException invalid(StreamReadException e) {
        JsonLocation at = e.getLocation();
        String detail = e.getOriginalMessage();
        Matcher m = SOURCE.matcher(detail);
        detail = m.replaceAll("line $1, column $2");
        if (!detail.isEmpty()) {
            detail = Character.toLowerCase(detail.charAt(0)) + detail.substring(1);
        }
        return new InvalidJsonException(at == null ? 1 : Math.max(1, at.getLineNr()),
                at == null ? 1 : Math.max(1, at.getColumnNr()), detail);
    }

    private static NetFile net(JsonParser p, Set<String> outside, boolean fetchPrefixes) throws IOException {
        if (p.currentToken() != START_OBJECT) {
            throw new NetFileException("the net", "must be a JSON object with blobs, ops and fetch, got " + show(p));
        }
        Map<String, Blob> blobs = new LinkedHashMap<>();
        List<OperatorDef> ops = new ArrayList<>();
        List<String> fetch = null;
        while (p.nextToken() == FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "blobs" -> blobs(p, blobs);
                case "ops" -> ops(p, ops);
                case "fetch" -> fetch = names(p, "fetch");
                default -> throw unknownMember("the net", key, NET_MEMBERS);
            }
        }
        Set<String> outputs = new LinkedHashSet<>();
        for (OperatorDef op : ops) {
            outputs.addAll(op.outputs());
        }
        if (fetch == null) {
            fetch = List.copyOf(outputs);
        } else {
            // The output is one JSON object keyed by blob: a name fetched twice would repeat a member.
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < fetch.size(); i++) {
                String name = fetch.get(i);
                Integer before = seen.putIfAbsent(name, i);
                if (before != null) {
                    throw new NetFileException("fetch[" + i + "]", "blob '" + Messages.shorten(name)
                            + "' is already fetched by fetch[" + before + "]; name each blob once");
                }
                if (!blobs.containsKey(name) && !outputs.contains(name) && !outside.contains(name)
                        && !(fetchPrefixes && isPrefix(name, blobs.keySet(), outputs, outside))) {
                    throw new NetFileException("fetch[" + i + "]", "blob '" + Messages.shorten(name)
                            + "' does not exist: it is neither fed in blobs nor written by an operator"
                            + (outside.isEmpty() ? "" : " nor a column's blob")
                            + (fetchPrefixes ? ", nor the prefix of such blobs" : ""));
                }
            }
        }
        return new NetFile(blobs, ops, fetch);
    }

    /** Whether some name of the sets starts with {@code prefix.}. */
    @SafeVarargs
    private static boolean isPrefix(String prefix, Set<String>... names) {
        String dotted = prefix + ".";
        for (Set<String> set : names) {
            for (String name : set) {
                if (name.startsWith(dotted)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void blobs(JsonParser p, Map<String, Blob> blobs) throws IOException {
        if (p.currentToken() != START_OBJECT) {
            throw new NetFileException("blobs", "must be an object of NAME: {dtype, shape, data}, got " + show(p));
        }
        while (p.nextToken() == FIELD_NAME) {
            String name = checked(p, p.currentName());
            p.nextToken();
            blobs.put(name, blob(p, name));
        }
    }

    private static Blob blob(JsonParser p, String name) throws IOException {
        String where = "blob '" + Messages.shorten(name) + "'";
        if (p.currentToken() != START_OBJECT) {
            throw new NetFileException(where, "must be an object {dtype, shape, data}, got " + show(p));
        }
        DType dtype = null;
        long[] shape = null;
        Elements data = null;
        while (p.nextToken() == FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "dtype" -> {
                    if (p.currentToken() != VALUE_STRING) {
                        throw new NetFileException(where, "dtype must be a string, got " + show(p));
                    }
                    dtype = dtype(p.getText(), where);
                }
                case "shape" -> shape = shape(p, where);
                case "data" -> {
                    data = new Elements(where, dtype);
                    data.read(p);
                }
                default -> throw unknownMember(where, key, BLOB_MEMBERS);
            }
        }
        if (dtype == null) {
            throw new NetFileException(where, "dtype is missing");
        }
        if (data == null) {
            throw new NetFileException(where, "data is missing");
        }
        data.type(dtype);
        int count = data.size();
        if (shape != null) {
            long needs = shape.length == 1 ? shape[0] : shape[0] * shape[1];
            if (needs != count) {
                throw new NetFileException(where, "data has " + count + " elements, shape "
                        + Arrays.toString(shape) + " needs " + needs);
            }
        } else {
            shape = new long[] {count};
        }
        return new Blob(dtype, shape, data.values());
    }

    /** The dtype a label names, spelt exactly as the format documents it. */
    private static DType dtype(String label, String where) {
        for (DType t : DType.values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        String hint = "";
        for (DType t : DType.values()) {
            if (t.label().equalsIgnoreCase(label)) {
                hint = " (dtypes are lower case)";
            }
        }
        throw new NetFileException(where, "unknown dtype '" + Messages.shorten(label) + "': expected one of "
                + DTYPES + hint);
    }

    private static long[] shape(JsonParser p, String where) throws IOException {
        if (p.currentToken() != START_ARRAY) {
            throw new NetFileException(where + " shape", "must be an array of 1 or 2 dimensions, got " + show(p));
        }
        List<Long> dims = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != END_ARRAY) {
            long dim = -1;
            if (t == JsonToken.VALUE_NUMBER_INT) {
                try {
                    dim = Long.parseLong(p.getText());
                } catch (NumberFormatException e) {
                    dim = -1;
                }
            }
            if (dim < 0 || dim > Integer.MAX_VALUE) {
                throw new NetFileException(where, "shape[" + dims.size() + "] = " + show(p)
                        + " is not a dimension (an integer from 0 to " + Integer.MAX_VALUE + ")");
            }
            dims.add(dim);
        }
        if (dims.isEmpty() || dims.size() > 2) {
            throw new NetFileException(where, "shape " + dims + " has " + dims.size() + " dimensions, expected 1 or 2");
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static void ops(JsonParser p, List<OperatorDef> ops) throws IOException {
        if (p.currentToken() != START_ARRAY) {
            throw new NetFileException("ops", "must be an array of operator objects, got " + show(p));
        }
        while (p.nextToken() != END_ARRAY) {
            ops.add(operator(p, "ops[" + ops.size() + "]"));
        }
    }

    private static OperatorDef operator(JsonParser p, String where) throws IOException {
        if (p.currentToken() != START_OBJECT) {
            throw new NetFileException(where, "must be an operator object {type, inputs, outputs, args}, got "
                    + show(p));
        }
        String type = null;
        List<String> inputs = null;
        List<String> outputs = null;
        Map<String, Object> args = new LinkedHashMap<>();
        while (p.nextToken() == FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            String at = type == null ? where : where + " " + Messages.shorten(type);
            switch (key) {
                case "type" -> {
                    if (p.currentToken() != VALUE_STRING) {
                        throw new NetFileException(where, "type must be a string, got " + show(p));
                    }
                    type = checked(p, p.getText());
                }
                case "inputs" -> inputs = names(p, at + " inputs");
                case "outputs" -> outputs = names(p, at + " outputs");
                case "args" -> args(p, at, args);
                default -> throw unknownMember(where, key, OP_MEMBERS);
            }
        }
        if (type == null) {
            throw new NetFileException(where, "type is missing");
        }
        where = where + " " + Messages.shorten(type);
        if (inputs == null) {
            throw new NetFileException(where, "inputs is missing");
        }
        if (outputs == null) {
            throw new NetFileException(where, "outputs is missing");
        }
        return new OperatorDef(type, inputs, outputs, args);
    }

    private static void args(JsonParser p, String where, Map<String, Object> args) throws IOException {
        if (p.currentToken() != START_OBJECT) {
            throw new NetFileException(where + " args", "must be an object of NAME: value, got " + show(p));
        }
        while (p.nextToken() == FIELD_NAME) {
            String name = checked(p, p.currentName());
            p.nextToken();
            args.put(name, argument(p, where + " argument '" + Messages.shorten(name) + "'",
                    name.equals(OperatorDef.FEATURE_IDS) || name.equals(OperatorDef.KEYS)));
        }
    }

    /** {@code ids}: the value is int64 ids, so a number with a fraction or exponent is refused. */
    private static Object argument(JsonParser p, String where, boolean ids) throws IOException {
        if (p.currentToken() != START_ARRAY) {
            return argumentScalar(p, where, ids);
        }
        List<Object> out = new ArrayList<>();
        while (p.nextToken() != END_ARRAY) {
            Object item = argumentScalar(p, where + "[" + out.size() + "]", ids);
            if (!out.isEmpty() && out.get(0).getClass() != item.getClass()) {
                throw new NetFileException(where, "mixes " + kind(out.get(0)) + " and " + kind(item) + " values");
            }
            out.add(item);
        }
        return out;
    }

    private static String kind(Object v) {
        return v instanceof Long ? "integer" : v instanceof Double ? "real" : v instanceof String ? "string" : "bool";
    }

    private static Object argumentScalar(JsonParser p, String where, boolean ids) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_NUMBER_INT -> {
                try {
                    return Long.parseLong(p.getText());
                } catch (NumberFormatException e) {
                    throw new NetFileException(where, show(p) + " is out of range of int64 (" + Long.MIN_VALUE
                            + " to " + Long.MAX_VALUE + ")");
                }
            }
            case VALUE_NUMBER_FLOAT -> {
                if (ids) {
                    throw new NetFileException(where, show(p) + " is not an integer literal: feature ids are "
                            + "int64, written without a fraction or exponent");
                }
                double d = Double.parseDouble(p.getText());
                if (Double.isInfinite(d)) {
                    throw new NetFileException(where, show(p) + " is out of range of double");
                }
                return d;
            }
            case VALUE_STRING -> {
                return checked(p, p.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return t == JsonToken.VALUE_TRUE;
            }
            default -> throw new NetFileException(where, "must be a number, string, bool or an array of one of "
                    + "them, got " + show(p));
        }
    }

    private static List<String> names(JsonParser p, String where) throws IOException {
        if (p.currentToken() != START_ARRAY) {
            throw new NetFileException(where, "must be an array of blob names, got " + show(p));
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != END_ARRAY) {
            if (p.currentToken() != VALUE_STRING) {
                throw new NetFileException(where, "entry " + out.size() + " must be a blob name string, got "
                        + show(p));
            }
            out.add(checked(p, p.getText()));
        }
        return out;
    }

    /**
     * A string read from the file, refused if it holds half of a surrogate pair: it could not be
     * stored as UTF-8, and {@code \ud800} escapes are the only way one gets in.
     */
    private static String checked(JsonParser p, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                JsonLocation at = p.currentTokenLocation();
                throw new InvalidJsonException(at.getLineNr(), at.getColumnNr(),
                        String.format("unpaired surrogate \\u%04X in a string", (int) c));
            }
        }
        return s;
    }

    private static NetFileException unknownMember(String where, String key, List<String> allowed) {
        return new NetFileException(where, "unknown member " + JsonOutput.quote(Messages.shorten(key)) + "; expected "
                + String.join(", ", allowed));
    }

    /** The current value as a message shows it: a scalar as written (cut when long), else its kind. */
    private static String show(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "end of input";
        }
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> JsonOutput.quote(Messages.shorten(p.getText()));
            case FIELD_NAME -> "member " + JsonOutput.quote(Messages.shorten(p.currentName()));
            default -> Messages.shorten(p.getText());
        };
    }

    /**
     * One blob's data elements: typed as they are read once the dtype is known, or kept as their
     * kind and text, compactly, when {@code data} comes before {@code dtype}.
     */
    private static final class Elements {
        private static final int MAX = Integer.MAX_VALUE - 8;
        private static final byte INT = 0;
        private static final byte REAL = 1;
        private static final byte STRING = 2;
        private static final byte TRUE = 3;
        private static final byte FALSE = 4;
        private static final byte NULL = 5;

        private final String where;
        private DType dtype;
        private int n;
        private Object array;
        private byte[] kinds;
        private int[] ends;
        private StringBuilder texts;

        Elements(String where, DType dtype) {
            this.where = where;
            if (dtype != null) {
                start(dtype, 16);
            } else {
                kinds = new byte[16];
                ends = new int[16];
                texts = new StringBuilder();
            }
        }

        int size() {
            return n;
        }

        void read(JsonParser p) throws IOException {
            if (p.currentToken() != START_ARRAY) {
                throw new NetFileException(where + " data", "must be an array of values, got " + show(p));
            }
            JsonToken t;
            while ((t = p.nextToken()) != END_ARRAY) {
                byte kind = switch (t) {
                    case VALUE_NUMBER_INT -> INT;
                    case VALUE_NUMBER_FLOAT -> REAL;
                    case VALUE_STRING -> STRING;
                    case VALUE_TRUE -> TRUE;
                    case VALUE_FALSE -> FALSE;
                    case VALUE_NULL -> NULL;
                    default -> throw new NetFileException(where, "data[" + n + "] is " + show(p)
                            + ", expected a value");
                };
                String text = kind <= STRING ? p.getText() : null;
                if (kind == STRING) {
                    checked(p, text);
                }
                if (n == MAX) {
                    throw new NetFileException(where, "data has more than " + MAX + " elements");
                }
                if (dtype != null) {
                    put(kind, text);
                } else {
                    buffer(kind, text);
                }
                n++;
            }
        }

        /** Gives the elements their dtype, converting any read before it. */
        void type(DType type) {
            if (dtype != null) {
                return;
            }
            int count = n;
            start(type, Math.max(count, 1));
            int from = 0;
            for (n = 0; n < count; n++) {
                byte kind = kinds[n];
                String text = null;
                if (kind <= STRING) {
                    text = texts.substring(from, ends[n]);
                    from = ends[n];
                }
                put(kind, text);
            }
            kinds = null;
            ends = null;
            texts = null;
        }

        Object values() {
            return switch (array) {
                case boolean[] a -> Arrays.copyOf(a, n);
                case int[] a -> Arrays.copyOf(a, n);
                case long[] a -> Arrays.copyOf(a, n);
                case float[] a -> Arrays.copyOf(a, n);
                case double[] a -> Arrays.copyOf(a, n);
                case String[] a -> Arrays.copyOf(a, n);
                default -> throw new AssertionError(array);
            };
        }

        private void start(DType type, int capacity) {
            dtype = type;
            array = switch (type) {
                case BOOL -> new boolean[capacity];
                case INT32 -> new int[capacity];
                case INT64 -> new long[capacity];
                case FLOAT -> new float[capacity];
                case DOUBLE -> new double[capacity];
                case STRING -> new String[capacity];
                default -> throw new AssertionError(type);
            };
        }

        private static int grown(int capacity) {
            return (int) Math.min(MAX, capacity + (capacity >> 1) + 16L);
        }

        private void buffer(byte kind, String text) {
            if (n == kinds.length) {
                kinds = Arrays.copyOf(kinds, grown(n));
                ends = Arrays.copyOf(ends, kinds.length);
            }
            kinds[n] = kind;
            if (text != null) {
                texts.append(text);
            }
            ends[n] = texts.length();
        }

        private void put(byte kind, String text) {
            if (n == java.lang.reflect.Array.getLength(array)) {
                int cap = grown(n);
                array = switch (array) {
                    case boolean[] a -> Arrays.copyOf(a, cap);
                    case int[] a -> Arrays.copyOf(a, cap);
                    case long[] a -> Arrays.copyOf(a, cap);
                    case float[] a -> Arrays.copyOf(a, cap);
                    case double[] a -> Arrays.copyOf(a, cap);
                    case String[] a -> Arrays.copyOf(a, cap);
                    default -> throw new AssertionError(array);
                };
            }
            switch (dtype) {
                case BOOL -> {
                    if (kind != TRUE && kind != FALSE) {
                        throw element(kind, text, "expected true or false for bool");
                    }
                    ((boolean[]) array)[n] = kind == TRUE;
                }
                case INT32 -> ((int[]) array)[n] = (int) integer(kind, text, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case INT64 -> ((long[]) array)[n] = integer(kind, text, Long.MIN_VALUE, Long.MAX_VALUE);
                case FLOAT -> {
                    float f = kind == INT || kind == REAL ? Float.parseFloat(text) : (float) special(kind, text);
                    if ((kind == INT || kind == REAL) && Float.isInfinite(f)) {
                        throw element(kind, text, "is out of range of float (largest finite " + Float.MAX_VALUE
                                + "); write \"Infinity\" or \"-Infinity\" for an infinity");
                    }
                    ((float[]) array)[n] = f;
                }
                case DOUBLE -> {
                    double d = kind == INT || kind == REAL ? Double.parseDouble(text) : special(kind, text);
                    if ((kind == INT || kind == REAL) && Double.isInfinite(d)) {
                        throw element(kind, text, "is out of range of double (largest finite " + Double.MAX_VALUE
                                + "); write \"Infinity\" or \"-Infinity\" for an infinity");
                    }
                    ((double[]) array)[n] = d;
                }
                case STRING -> {
                    if (kind != STRING) {
                        throw element(kind, text, "expected a JSON string for string");
                    }
                    ((String[]) array)[n] = text;
                }
                default -> throw new AssertionError(dtype);
            }
        }

        /** An integer literal of the dtype's range; the bounds in the message are the dtype's. */
        private long integer(byte kind, String text, long min, long max) {
            if (kind != INT) {
                throw element(kind, text, "expected an integer literal for " + dtype.label()
                        + (kind == REAL ? " (no fraction or exponent)" : ""));
            }
            long v;
            try {
                v = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw outOfRange(kind, text, min, max);
            }
            if (v < min || v > max) {
                throw outOfRange(kind, text, min, max);
            }
            return v;
        }

        private NetFileException outOfRange(byte kind, String text, long min, long max) {
            return element(kind, text, "is out of range of " + dtype.label() + " (" + min + " to " + max + ")");
        }

        private double special(byte kind, String text) {
            if (kind == STRING) {
                switch (text) {
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
            throw element(kind, text, "expected a number (or \"NaN\", \"Infinity\", \"-Infinity\") for "
                    + dtype.label());
        }

        private NetFileException element(byte kind, String text, String detail) {
            String shown = switch (kind) {
                case STRING -> JsonOutput.quote(Messages.shorten(text));
                case TRUE -> "true";
                case FALSE -> "false";
                case NULL -> "null";
                default -> Messages.shorten(text);
            };
            return new NetFileException(where, "data[" + n + "] = " + shown + " " + detail);
        }
    }
}
