package dev.featuremaps.ops.json;

/**
 * Text that is not valid JSON, with where the reader stopped.
 *
 * <p>The message reads {@code line 3, column 14: expected ',' or '}' ...}; the position is also
 * available as {@link #offset()}, {@link #line()} and {@link #column()} (all counted in chars,
 * line and column from 1).
 */
public final class JsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int offset;
    private final int line;
    private final int column;
    private final String detail;

    /**
     * @param offset char offset of the error in the text
     * @param line line of the error, from 1
     * @param column column of the error, from 1
     * @param detail what was expected or found
     */
    public JsonException(int offset, int line, int column, String detail) {
        super("line " + line + ", column " + column + ": " + detail);
        this.offset = offset;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    /** @return the char offset of the error, from 0 */
    public int offset() {
        return offset;
    }

    /** @return the line of the error, from 1 */
    public int line() {
        return line;
    }

    /** @return the column of the error, from 1 */
    public int column() {
        return column;
    }

    /** @return what was expected or found, without the position */
    public String detail() {
        return detail;
    }
}
