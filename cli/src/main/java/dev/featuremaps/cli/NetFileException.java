package dev.featuremaps.cli;

/**
 * A net file that is valid JSON but not a valid net: an unknown dtype, a value out of range of
 * its dtype, a data count that does not match the shape, a malformed operator entry, ...
 *
 * <p>The message starts with where the problem is ({@code blob 'age'}, {@code ops[2]}, {@code
 * fetch[0]}) and gives the numbers.
 */
public final class NetFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String where;
    private final String detail;

    /**
     * Creates the exception.
     *
     * @param where the place in the net, e.g. {@code blob 'age'}
     * @param detail what is wrong there
     */
    public NetFileException(String where, String detail) {
        super(where + ": " + detail);
        this.where = where;
        this.detail = detail;
    }

    /**
     * Returns the place in the net, e.g. {@code blob 'age'} or {@code ops[2]}.
     *
     * @return the place in the net, e.g. {@code blob 'age'} or {@code ops[2]}
     */
    public String where() {
        return where;
    }

    /**
     * Returns what is wrong there.
     *
     * @return what is wrong there
     */
    public String detail() {
        return detail;
    }
}
