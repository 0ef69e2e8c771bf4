package dev.featuremaps.operators;

/**
 * An operator call was rejected before anything was written.
 *
 * <p>The message names the operator, the offending input by position and role ({@code input 3
 * (values)}) and the numbers that disagree. The parts are also available one by one, so that a
 * layer that knows more (the blob name of each input) can say so.
 */
public final class FeatureTensorException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Marks an error that concerns no single input (input counts, arguments, totals). */
    public static final int NO_INPUT = -1;

    private final String operator;
    private final int input;
    private final String role;
    private final String detail;

    /**
     * @param operator the operator's Caffe2 type name
     * @param input position of the offending input, or {@link #NO_INPUT}
     * @param role what that input is ({@code values}, {@code presence}, ...) or {@code null}
     * @param detail what disagrees, with the numbers
     */
    public FeatureTensorException(String operator, int input, String role, String detail) {
        super(format(operator, input, role, null, detail));
        this.operator = operator;
        this.input = input;
        this.role = role;
        this.detail = detail;
    }

    /**
     * Formats a message the way this exception does, with an optional blob name.
     *
     * @param operator the operator's type name
     * @param input the input position or {@link #NO_INPUT}
     * @param role the input's role, or {@code null}
     * @param blob the input's blob name, or {@code null}
     * @param detail what disagrees
     * @return {@code operator: input 3 (values, blob 'x'): detail}
     */
    public static String format(String operator, int input, String role, String blob, String detail) {
        StringBuilder sb = new StringBuilder(operator).append(": ");
        if (input != NO_INPUT) {
            sb.append("input ").append(input).append(" (").append(role);
            if (blob != null) {
                sb.append(", blob '").append(blob).append('\'');
            }
            sb.append("): ");
        }
        return sb.append(detail).toString();
    }

    /** @return the operator's Caffe2 type name */
    public String operator() {
        return operator;
    }

    /** @return the position of the offending input, or {@link #NO_INPUT} */
    public int input() {
        return input;
    }

    /** @return the role of the offending input, or {@code null} */
    public String role() {
        return role;
    }

    /** @return what disagrees, without the operator and input prefix */
    public String detail() {
        return detail;
    }
}
