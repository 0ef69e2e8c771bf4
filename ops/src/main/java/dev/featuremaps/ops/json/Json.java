package dev.featuremaps.ops.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader (RFC 8259) and writer.
 *
 * <p>Values read are {@code Map<String, Object>} (members in file order, duplicate names
 * rejected), {@code List<Object>}, {@link String}, {@link Boolean}, {@link JsonNumber} (the
 * number's text, converted exactly by its user) and {@link #NULL}. Anything that is not JSON is
 * rejected with its line and column: trailing commas, comments, single quotes, leading zeros,
 * unpaired surrogate escapes, trailing text.
 *
 * <p>The writer side writes a value on one line ({@link #append}) or indented, one member or
 * element per line ({@link #appendIndented}). It formats floats and doubles in their shortest
 * round-trip form and writes the non-finite values, which JSON numbers cannot express, as the
 * strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}.
 */
public final class Json {
    /** The JSON {@code null}. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Nesting deeper than this is rejected instead of exhausting the stack. */
    static final int MAX_DEPTH = 512;

    private final String text;
    private int pos;
    private int depth;

    private Json(String text) {
        this.text = text;
    }

    /**
     * Reads one JSON value that fills the whole text (surrounding whitespace aside).
     *
     * @param text the JSON text
     * @return the value
     * @throws JsonException with the position, if the text is not exactly one JSON value
     */
    public static Object parse(String text) {
        Json reader = new Json(text);
        if (text.startsWith("\uFEFF")) {
            reader.pos = 1;
        }
        reader.skipWhitespace();
        Object value = reader.value();
        reader.skipWhitespace();
        if (reader.pos < text.length()) {
            throw reader.error("unexpected " + reader.describeHere() + " after the JSON value");
        }
        return value;
    }

    private Object value() {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected " + describeHere() + ", expected a value");
            }
        };
    }

    private Map<String, Object> object() {
        enter();
        int start = pos;
        pos++;
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return Collections.unmodifiableMap(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("unexpected " + describeHere() + ", expected a member name in quotes");
            }
            int namePos = pos;
            String name = string();
            if (members.containsKey(name)) {
                pos = namePos;
                throw error("duplicate member name \"" + name + "\" in the object starting at "
                        + describe(start));
            }
            skipWhitespace();
            expect(':', "after the member name \"" + name + "\"");
            skipWhitespace();
            members.put(name, value());
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                depth--;
                return Collections.unmodifiableMap(members);
            } else {
                throw error("unexpected " + describeHere() + ", expected ',' or '}' in the object starting at "
                        + describe(start));
            }
        }
    }

    private List<Object> array() {
        enter();
        int start = pos;
        pos++;
        List<Object> items = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return Collections.unmodifiableList(items);
        }
        while (true) {
            skipWhitespace();
            items.add(value());
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                depth--;
                return Collections.unmodifiableList(items);
            } else {
                throw error("unexpected " + describeHere() + ", expected ',' or ']' in the array starting at "
                        + describe(start));
            }
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private String string() {
        int start = pos;
        pos++;
        StringBuilder sb = null;
        int runStart = pos;
        while (true) {
            if (pos >= text.length()) {
                pos = start;
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String s = sb == null ? text.substring(runStart, pos) : sb.append(text, runStart, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) {
                throw error("control character U+" + hex4(c) + " in a string must be escaped");
            }
            if (Character.isSurrogate(c)) {
                // Raw surrogates come only from a malformed decoding of the file.
                if (Character.isHighSurrogate(c) && pos + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(pos + 1))) {
                    pos += 2;
                    continue;
                }
                throw error("unpaired surrogate U+" + hex4(c) + " in a string");
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder();
            }
            sb.append(text, runStart, pos);
            pos++;
            if (pos >= text.length()) {
                throw error("unterminated escape sequence");
            }
            char e = text.charAt(pos);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    int escapeStart = pos - 1;
                    char u = unicodeEscape();
                    if (Character.isHighSurrogate(u) && text.startsWith("\\u", pos + 1)) {
                        int save = pos;
                        pos += 2;
                        char low = unicodeEscape();
                        if (Character.isLowSurrogate(low)) {
                            sb.append(u).append(low);
                            break;
                        }
                        pos = save;
                    }
                    if (Character.isSurrogate(u)) {
                        pos = escapeStart;
                        throw error("unpaired surrogate escape \\u" + hex4(u) + " in a string");
                    }
                    sb.append(u);
                }
                default -> {
                    pos--;
                    throw error("invalid escape sequence \\" + printable(e) + " in a string");
                }
            }
            pos++;
            runStart = pos;
        }
    }

    /** Reads the four hex digits after {@code \\u}; leaves {@code pos} on the last digit. */
    private char unicodeEscape() {
        int v = 0;
        for (int k = 1; k <= 4; k++) {
            int at = pos + k;
            int d = at < text.length() ? Character.digit(text.charAt(at), 16) : -1;
            if (d < 0) {
                pos = Math.min(at, text.length());
                throw error("\\u escape needs 4 hex digits");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private JsonNumber number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        char c = peek();
        if (c == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zero in a number");
            }
        } else if (isDigit(c)) {
            digits();
        } else {
            throw error("unexpected " + describeHere() + ", expected a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("unexpected " + describeHere() + ", expected a digit after the decimal point");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("unexpected " + describeHere() + ", expected a digit in the exponent");
            }
            digits();
        }
        return new JsonNumber(text.substring(start, pos));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + describeHere() + ", expected a value");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c, String where) {
        if (peek() != c) {
            throw error("unexpected " + describeHere() + ", expected '" + c + "' " + where);
        }
        pos++;
    }

    /** The char at the position, or NUL at the end (NUL cannot start any valid token). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String describeHere() {
        if (pos >= text.length()) {
            return "end of input";
        }
        return "'" + printable(text.charAt(pos)) + "'";
    }

    private String describe(int offset) {
        int[] lc = lineColumn(offset);
        return "line " + lc[0] + ", column " + lc[1];
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? "\\u" + hex4(c) : String.valueOf(c);
    }

    private static String hex4(char c) {
        return String.format("%04X", (int) c);
    }

    private int[] lineColumn(int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, offset - lineStart + 1};
    }

    private JsonException error(String detail) {
        int[] lc = lineColumn(pos);
        return new JsonException(pos, lc[0], lc[1], detail);
    }

    // Writing.

    /**
     * Appends a JSON string literal: quotes, backslashes and control characters escaped, other
     * characters as they are.
     *
     * @param sb where to append
     * @param s the string
     * @return {@code sb}
     */
    public static StringBuilder appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        sb.append("\\u").append(hex4(c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    /**
     * A float as JSON: the shortest decimal that reads back as the same float (as {@link
     * Float#toString(float)}), or a string for NaN and the infinities.
     *
     * @param v the value
     * @return JSON text
     */
    public static String floatText(float v) {
        if (Float.isNaN(v)) {
            return "\"NaN\"";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
        }
        return Float.toString(v);
    }

    /**
     * A double as JSON: the shortest decimal that reads back as the same double (as {@link
     * Double#toString(double)}), or a string for NaN and the infinities.
     *
     * @param v the value
     * @return JSON text
     */
    public static String doubleText(double v) {
        if (Double.isNaN(v)) {
            return "\"NaN\"";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
        }
        return Double.toString(v);
    }

    /**
     * Writes a value made of the types {@link #parse} returns (and {@link Long}, {@link
     * Integer}, {@link Float}, {@link Double}) on one line.
     *
     * @param sb where to append
     * @param value the value
     * @return {@code sb}
     */
    public static StringBuilder append(StringBuilder sb, Object value) {
        return write(sb, value, null);
    }

    /**
     * Writes a value as {@link #append} does, but for people to read and diff: each member and
     * element on its own line, indented two spaces per level of nesting, empty objects and arrays
     * as {@code {}} and {@code []}. No newline follows the value.
     *
     * @param sb where to append
     * @param value the value
     * @return {@code sb}
     */
    public static StringBuilder appendIndented(StringBuilder sb, Object value) {
        return write(sb, value, "");
    }

    /** {@code indent} is the current line's indentation, or {@code null} to write one line. */
    private static StringBuilder write(StringBuilder sb, Object value, String indent) {
        if (value == null || value == NULL) {
            return sb.append("null");
        }
        if (value instanceof String s) {
            return appendString(sb, s);
        }
        if (value instanceof Boolean || value instanceof JsonNumber || value instanceof Long
                || value instanceof Integer) {
            return sb.append(value);
        }
        if (value instanceof Float f) {
            return sb.append(floatText(f));
        }
        if (value instanceof Double d) {
            return sb.append(doubleText(d));
        }
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                return sb.append("{}");
            }
            String inner = indent == null ? null : indent + "  ";
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                separate(sb, first, inner);
                first = false;
                appendString(sb, String.valueOf(e.getKey())).append(": ");
                write(sb, e.getValue(), inner);
            }
            return close(sb, indent, '}');
        }
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                return sb.append("[]");
            }
            String inner = indent == null ? null : indent + "  ";
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                separate(sb, i == 0, inner);
                write(sb, list.get(i), inner);
            }
            return close(sb, indent, ']');
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }

    /** Starts a member or element: after a comma unless it is the first, on its own line if indented. */
    private static void separate(StringBuilder sb, boolean first, String inner) {
        if (inner == null) {
            sb.append(first ? "" : ", ");
        } else {
            sb.append(first ? "\n" : ",\n").append(inner);
        }
    }

    private static StringBuilder close(StringBuilder sb, String indent, char bracket) {
        if (indent != null) {
            sb.append('\n').append(indent);
        }
        return sb.append(bracket);
    }
}
