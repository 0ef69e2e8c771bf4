package dev.featuremaps.features;

import dev.featuremaps.tensors.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * A variable set of list features per example: {@code lengths} int32[B], {@code keys} int64[F], {@code valuesLengths} int32[F], {@code valuesValues} T[V].
 *
 * <p>An immutable grouping of tensors in Caffe2's order; sizes are checked by the operators that
 * consume it, which name the offending tensor by its role.
 *
 * @param lengths the {@code lengths} tensor
 * @param keys the {@code keys} tensor
 * @param valuesLengths the {@code values.lengths} tensor
 * @param valuesValues the {@code values.values} tensor
 */
public record MultiListFeatures(Tensor lengths, Tensor keys, Tensor valuesLengths, Tensor valuesValues) {
    /** The roles of {@link #tensors()}, in Caffe2's order. */
    public static final List<String> ROLES = List.of("lengths", "keys", "values.lengths", "values.values");

    /** Checks that no tensor is missing. */
    public MultiListFeatures {
        Objects.requireNonNull(lengths, "lengths");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(valuesLengths, "valuesLengths");
        Objects.requireNonNull(valuesValues, "valuesValues");
    }

    /**
     * Groups tensors given in Caffe2's order.
     *
     * @param t exactly {@code ROLES.size()} tensors
     * @return the grouping
     */
    public static MultiListFeatures of(Tensor... t) {
        if (t.length != ROLES.size()) {
            throw new IllegalArgumentException("MultiListFeatures needs " + ROLES.size() + " tensors " + ROLES
                    + ", got " + t.length);
        }
        return new MultiListFeatures(t[0], t[1], t[2], t[3]);
    }

    /** @return the tensors in Caffe2's order, as {@link #ROLES} names them */
    public Tensor[] tensors() {
        return new Tensor[] {lengths, keys, valuesLengths, valuesValues};
    }
}
