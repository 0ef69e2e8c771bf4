package dev.featuremaps.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.featuremaps.ops.OperatorDef;
import dev.featuremaps.tensors.Tensor;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writing the net format: tensors as {@code {"dtype": ..., "shape": [...], "data": [...]}} and
 * operators as in a net's {@code ops}, so that what {@code run} and {@code gradient} print reads
 * back as the same values.
 *
 * <p>Layout: a document's top-level object or array holds one member or element per line,
 * indented two spaces; everything inside it is on that line, with {@code ", "} and {@code ": "}.
 * Floats and doubles are the shortest decimal that reads back as the same value ({@link
 * Float#toString}, {@link Double#toString}), NaN and the infinities the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}. Strings escape quotes, backslashes and control
 * characters, and also DEL, U+2028 and U+2029, which some readers take for line ends.
 */
final class JsonOutput {
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private static final CharacterEscapes ESCAPES = new CharacterEscapes() {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = escapesWithDelete();
        private final SerializableString lineSeparator = new SerializedString("\\u2028");
        private final SerializableString paragraphSeparator = new SerializedString("\\u2029");

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x2028 ? lineSeparator : ch == 0x2029 ? paragraphSeparator : null;
        }
    };

    private JsonOutput() {
    }

    private static int[] escapesWithDelete() {
        int[] codes = CharacterEscapes.standardAsciiEscapesForJSON();
        codes[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
        return codes;
    }

    /** The result of {@code run}: one member per fetched blob, one per line, then a newline. */
    static void writeBlobs(Writer out, List<String> names, Function<String, Tensor> fetch) throws IOException {
        try (JsonGenerator g = generator(out, true)) {
            g.writeStartObject();
            for (String name : names) {
                g.writeFieldName(name);
                tensor(g, fetch.apply(name));
            }
            g.writeEndObject();
        }
        out.write('\n');
    }

    /** The result of {@code gradient}: an array of operators, one per line, then a newline. */
    static void writeOperators(Writer out, List<OperatorDef> ops) throws IOException {
        try (JsonGenerator g = generator(out, true)) {
            g.writeStartArray();
            for (OperatorDef op : ops) {
                operator(g, op);
            }
            g.writeEndArray();
        }
        out.write('\n');
    }

    /** One tensor on one line. */
    static String tensor(Tensor t) {
        return inline(g -> tensor(g, t));
    }

    /** One operator on one line; {@code args} is left out when empty. */
    static String operator(OperatorDef op) {
        return inline(g -> operator(g, op));
    }

    /** A JSON string literal. */
    static String quote(String s) {
        return inline(g -> g.writeString(s));
    }

    /** A float as the net format writes it. */
    static String floatText(float v) {
        if (Float.isNaN(v)) {
            return "\"NaN\"";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
        }
        return Float.toString(v);
    }

    /** A double as the net format writes it. */
    static String doubleText(double v) {
        if (Double.isNaN(v)) {
            return "\"NaN\"";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
        }
        return Double.toString(v);
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String inline(Body body) {
        StringWriter sw = new StringWriter();
        try (JsonGenerator g = generator(sw, false)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    private static JsonGenerator generator(Writer out, boolean linePerEntry) throws IOException {
        JsonGenerator g = JSON.createGenerator(out);
        g.setCharacterEscapes(ESCAPES);
        g.setPrettyPrinter(new LinePrinter(linePerEntry));
        return g;
    }

    private static void tensor(JsonGenerator g, Tensor t) throws IOException {
        g.writeStartObject();
        g.writeStringField("dtype", t.dtype().label());
        g.writeFieldName("shape");
        g.writeStartArray();
        for (long d : t.shape()) {
            g.writeNumber(d);
        }
        g.writeEndArray();
        g.writeFieldName("data");
        g.writeStartArray();
        long n = t.count();
        for (long i = 0; i < n; i++) {
            switch (t.dtype()) {
                case BOOL -> g.writeBoolean(t.getBoolean(i));
                case INT32 -> g.writeNumber(t.getInt(i));
                case INT64 -> g.writeNumber(t.getLong(i));
                case FLOAT -> real(g, floatText(t.getFloat(i)));
                case DOUBLE -> real(g, doubleText(t.getDouble(i)));
                case STRING -> g.writeString(t.getString(i));
                default -> throw new AssertionError(t.dtype());
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The text is chosen here, not by the generator, so the format is this class's to keep. */
    private static void real(JsonGenerator g, String text) throws IOException {
        if (text.startsWith("\"")) {
            g.writeString(text.substring(1, text.length() - 1));
        } else {
            g.writeNumber(text);
        }
    }

    private static void operator(JsonGenerator g, OperatorDef op) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", op.type());
        names(g, "inputs", op.inputs());
        names(g, "outputs", op.outputs());
        if (!op.args().isEmpty()) {
            g.writeFieldName("args");
            g.writeStartObject();
            for (Map.Entry<String, Object> e : op.args().entrySet()) {
                g.writeFieldName(e.getKey());
                argument(g, e.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void names(JsonGenerator g, String field, List<String> names) throws IOException {
        g.writeFieldName(field);
        g.writeStartArray();
        for (String name : names) {
            g.writeString(name);
        }
        g.writeEndArray();
    }

    private static void argument(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case List<?> list -> {
                g.writeStartArray();
                for (Object item : list) {
                    argument(g, item);
                }
                g.writeEndArray();
            }
            case Long l -> g.writeNumber(l);
            case Double d -> real(g, doubleText(d));
            case Boolean b -> g.writeBoolean(b);
            case String s -> g.writeString(s);
            default -> throw new IllegalArgumentException("not an argument value: " + value.getClass().getName());
        }
    }

    /**
     * The layout of the class comment. One instance per generator: it counts the nesting.
     */
    private static final class LinePrinter implements PrettyPrinter {
        private final boolean linePerEntry;
        private int depth;

        LinePrinter(boolean linePerEntry) {
            this.linePerEntry = linePerEntry;
        }

        private boolean top() {
            return linePerEntry && depth == 1;
        }

        @Override
        public void writeRootValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
        }

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            g.writeRaw('{');
            depth++;
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            if (top()) {
                g.writeRaw("\n  ");
            }
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(top() ? ",\n  " : ", ");
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            if (top() && entries > 0) {
                g.writeRaw('\n');
            }
            g.writeRaw('}');
            depth--;
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            g.writeRaw('[');
            depth++;
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (top()) {
                g.writeRaw("\n  ");
            }
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(top() ? ",\n  " : ", ");
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            if (top() && values > 0) {
                g.writeRaw('\n');
            }
            g.writeRaw(']');
            depth--;
        }
    }
}
