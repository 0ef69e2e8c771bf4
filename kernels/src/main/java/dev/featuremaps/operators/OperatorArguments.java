package dev.featuremaps.operators;

import java.util.Arrays;

/**
 * The arguments of an operator call beyond its tensors: the ids ({@code feature_ids} of the
 * Single* and Dense merges, {@code keys} of the key-major operators) and {@code max_length} and
 * {@code padding_value} of {@code JaggedToPaddedDense}.
 *
 * <p>Immutable; make one per call shape and reuse it, so that planning allocates nothing. The
 * operators read only the arguments they take.
 */
public final class OperatorArguments {
    /** No arguments. */
    public static final OperatorArguments NONE = new OperatorArguments(null, 0, 0);

    private final long[] ids;
    private final long maxLength;
    private final double paddingValue;

    private OperatorArguments(long[] ids, long maxLength, double paddingValue) {
        this.ids = ids;
        this.maxLength = maxLength;
        this.paddingValue = paddingValue;
    }

    /**
     * The ids of a call: one feature id per feature (or dense column), or the {@code keys} of a
     * key-major operator.
     *
     * @param ids the ids, copied; {@code null} for none
     * @return the arguments
     */
    public static OperatorArguments ids(long... ids) {
        return new OperatorArguments(ids == null ? null : ids.clone(), 0, 0);
    }

    /**
     * The arguments of {@code JaggedToPaddedDense}.
     *
     * @param maxLength cells per row of the padded matrix; the operator rejects values below 1
     * @param paddingValue the value of the cells past a run (0 or 1 for bool; integral for the
     *     integer types; only 0, meaning {@code ""}, for strings)
     * @return the arguments
     */
    public static OperatorArguments padding(long maxLength, double paddingValue) {
        return new OperatorArguments(null, maxLength, paddingValue);
    }

    /** @return the ids, or {@code null} when none were given (a copy) */
    public long[] ids() {
        return ids == null ? null : ids.clone();
    }

    /** The ids without a copy, for the operators, which only read them. */
    long[] idsView() {
        return ids;
    }

    /** @return {@code max_length}, 0 when not given */
    public long maxLength() {
        return maxLength;
    }

    /** @return {@code padding_value}, 0 when not given */
    public double paddingValue() {
        return paddingValue;
    }

    @Override
    public String toString() {
        return "OperatorArguments[ids=" + Arrays.toString(ids) + ", maxLength=" + maxLength + ", paddingValue="
                + paddingValue + "]";
    }
}
