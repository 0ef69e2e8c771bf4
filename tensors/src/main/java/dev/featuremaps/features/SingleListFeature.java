package dev.featuremaps.features;

import dev.featuremaps.tensors.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * One feature with a list per example: {@code lengths} int32[B], {@code values} T[*] (the runs of the present examples, back to back), {@code presence} bool[B].
 *
 * <p>An immutable grouping of tensors in Caffe2's order; sizes are checked by the operators that
 * consume it, which name the offending tensor by its role.
 *
 * @param lengths the {@code lengths} tensor
 * @param values the {@code values} tensor
 * @param presence the {@code presence} tensor
 */
public record SingleListFeature(Tensor lengths, Tensor values, Tensor presence) {
    /** The roles of {@link #tensors()}, in Caffe2's order. */
    public static final List<String> ROLES = List.of("lengths", "values", "presence");

    /** Checks that no tensor is missing. */
    public SingleListFeature {
        Objects.requireNonNull(lengths, "lengths");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(presence, "presence");
    }

    /**
     * Groups tensors given in Caffe2's order.
     *
     * @param t exactly {@code ROLES.size()} tensors
     * @return the grouping
     */
    public static SingleListFeature of(Tensor... t) {
        if (t.length != ROLES.size()) {
            throw new IllegalArgumentException("SingleListFeature needs " + ROLES.size() + " tensors " + ROLES
                    + ", got " + t.length);
        }
        return new SingleListFeature(t[0], t[1], t[2]);
    }

    /** @return the tensors in Caffe2's order, as {@link #ROLES} names them */
    public Tensor[] tensors() {
        return new Tensor[] {lengths, values, presence};
    }
}
