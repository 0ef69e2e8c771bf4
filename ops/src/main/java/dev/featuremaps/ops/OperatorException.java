package dev.featuremaps.ops;

import dev.featuremaps.operators.FeatureTensorException;

/**
 * An operator of a net was rejected before it wrote any output.
 *
 * <p>The message names the operator by position and type, the offending input by position, role
 * and blob name, and the numbers that disagree:
 * <pre>ops[1] MergeSingleScalarFeatureTensors: input 3 (presence, blob 'ctr_presence'): has 2 elements, expected 3 (...)</pre>
 * Errors about no single input (input counts, arguments, outputs) carry {@link
 * FeatureTensorException#NO_INPUT} and name the blobs in the detail.
 */
public final class OperatorException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Position of an operator run on its own, outside a net. */
    public static final int NO_POSITION = -1;

    private final String type;
    private final int position;
    private final int input;
    private final String role;
    private final String blob;
    private final String detail;

    /**
     * @param type the operator's type name
     * @param position the operator's index in the net, or {@link #NO_POSITION}
     * @param input the offending input's position, or {@link FeatureTensorException#NO_INPUT}
     * @param role what that input is, or {@code null}
     * @param blob that input's blob name, or {@code null}
     * @param detail what disagrees, with the numbers
     * @param cause the typed layer's exception, or {@code null}
     */
    public OperatorException(String type, int position, int input, String role, String blob, String detail,
                             Throwable cause) {
        super(format(type, position, input, role, blob, detail), cause);
        this.type = type;
        this.position = position;
        this.input = input;
        this.role = role;
        this.blob = blob;
        this.detail = detail;
    }

    /**
     * An error that concerns the operator as a whole.
     *
     * @param type the operator's type name
     * @param position the operator's index in the net, or {@link #NO_POSITION}
     * @param detail what is wrong
     */
    public OperatorException(String type, int position, String detail) {
        this(type, position, FeatureTensorException.NO_INPUT, null, null, detail, null);
    }

    /**
     * The typed layer's error, with the blob name of the input it names.
     *
     * @param def the operator that was run
     * @param position its index in the net, or {@link #NO_POSITION}
     * @param e the typed layer's error
     * @return the error to throw
     */
    static OperatorException of(OperatorDef def, int position, FeatureTensorException e) {
        int input = e.input();
        String blob = input >= 0 && input < def.inputs().size() ? def.inputs().get(input) : null;
        return new OperatorException(def.type(), position, input, e.role(), blob, e.detail(), e);
    }

    private static String format(String type, int position, int input, String role, String blob, String detail) {
        String message = FeatureTensorException.format(type, input, role, blob, detail);
        return position == NO_POSITION ? message : "ops[" + position + "] " + message;
    }

    /** @return the operator's type name */
    public String type() {
        return type;
    }

    /** @return the operator's index in the net, or {@link #NO_POSITION} */
    public int position() {
        return position;
    }

    /** @return the offending input's position, or {@link FeatureTensorException#NO_INPUT} */
    public int input() {
        return input;
    }

    /** @return the offending input's role, or {@code null} */
    public String role() {
        return role;
    }

    /** @return the offending input's blob name, or {@code null} */
    public String blob() {
        return blob;
    }

    /** @return what disagrees, without the operator and input prefix */
    public String detail() {
        return detail;
    }
}
