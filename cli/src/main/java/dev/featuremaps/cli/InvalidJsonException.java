package dev.featuremaps.cli;

/**
 * Text that is not valid JSON (or not UTF-8), with where the reader stopped: {@code line 3,
 * column 14: detail}. Lines and columns count characters, from 1.
 */
public final class InvalidJsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String detail;

    /**
     * Creates the exception.
     *
     * @param line line of the error, from 1
     * @param column column of the error, from 1
     * @param detail what was expected or found
     */
    public InvalidJsonException(int line, int column, String detail) {
        super("line " + line + ", column " + column + ": " + detail);
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    /**
     * Returns the line of the error, from 1.
     *
     * @return the line of the error, from 1
     */
    public int line() {
        return line;
    }

    /**
     * Returns the column of the error, from 1.
     *
     * @return the column of the error, from 1
     */
    public int column() {
        return column;
    }

    /**
     * Returns what was expected or found, without the position.
     *
     * @return what was expected or found, without the position
     */
    public String detail() {
        return detail;
    }
}
