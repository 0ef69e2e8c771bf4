package dev.featuremaps.features;

import dev.featuremaps.tensors.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * A variable set of scalar features per example: {@code lengths} int32[B] (features per example), {@code keys} int64[F] (feature ids), {@code values} T[F].
 *
 * <p>An immutable grouping of tensors in Caffe2's order; sizes are checked by the operators that
 * consume it, which name the offending tensor by its role.
 *
 * @param lengths the {@code lengths} tensor
 * @param keys the {@code keys} tensor
 * @param values the {@code values} tensor
 */
public record MultiScalarFeatures(Tensor lengths, Tensor keys, Tensor values) {
    /** The roles of {@link #tensors()}, in Caffe2's order. */
    public static final List<String> ROLES = List.of("lengths", "keys", "values");

    /** Checks that no tensor is missing. */
    public MultiScalarFeatures {
        Objects.requireNonNull(lengths, "lengths");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
    }

    /**
     * Groups tensors given in Caffe2's order.
     *
     * @param t exactly {@code ROLES.size()} tensors
     * @return the grouping
     */
    public static MultiScalarFeatures of(Tensor... t) {
        if (t.length != ROLES.size()) {
            throw new IllegalArgumentException("MultiScalarFeatures needs " + ROLES.size() + " tensors " + ROLES
                    + ", got " + t.length);
        }
        return new MultiScalarFeatures(t[0], t[1], t[2]);
    }

    /** @return the tensors in Caffe2's order, as {@link #ROLES} names them */
    public Tensor[] tensors() {
        return new Tensor[] {lengths, keys, values};
    }
}
