package dev.featuremaps.features;

import dev.featuremaps.tensors.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * One feature with a scalar per example: {@code values} T[B], {@code presence} bool[B].
 *
 * <p>An immutable grouping of tensors in Caffe2's order; sizes are checked by the operators that
 * consume it, which name the offending tensor by its role.
 *
 * @param values the {@code values} tensor
 * @param presence the {@code presence} tensor
 */
public record SingleScalarFeature(Tensor values, Tensor presence) {
    /** The roles of {@link #tensors()}, in Caffe2's order. */
    public static final List<String> ROLES = List.of("values", "presence");

    /** Checks that no tensor is missing. */
    public SingleScalarFeature {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(presence, "presence");
    }

    /**
     * Groups tensors given in Caffe2's order.
     *
     * @param t exactly {@code ROLES.size()} tensors
     * @return the grouping
     */
    public static SingleScalarFeature of(Tensor... t) {
        if (t.length != ROLES.size()) {
            throw new IllegalArgumentException("SingleScalarFeature needs " + ROLES.size() + " tensors " + ROLES
                    + ", got " + t.length);
        }
        return new SingleScalarFeature(t[0], t[1]);
    }

    /** @return the tensors in Caffe2's order, as {@link #ROLES} names them */
    public Tensor[] tensors() {
        return new Tensor[] {values, presence};
    }
}
