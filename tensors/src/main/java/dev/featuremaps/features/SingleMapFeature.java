package dev.featuremaps.features;

import dev.featuremaps.tensors.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * One feature with a map per example: {@code lengths} int32[B], {@code keys} K[*] and {@code values} V[*] (the runs of the present examples), {@code presence} bool[B].
 *
 * <p>An immutable grouping of tensors in Caffe2's order; sizes are checked by the operators that
 * consume it, which name the offending tensor by its role.
 *
 * @param lengths the {@code lengths} tensor
 * @param keys the {@code keys} tensor
 * @param values the {@code values} tensor
 * @param presence the {@code presence} tensor
 */
public record SingleMapFeature(Tensor lengths, Tensor keys, Tensor values, Tensor presence) {
    /** The roles of {@link #tensors()}, in Caffe2's order. */
    public static final List<String> ROLES = List.of("lengths", "keys", "values", "presence");

    /** Checks that no tensor is missing. */
    public SingleMapFeature {
        Objects.requireNonNull(lengths, "lengths");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(presence, "presence");
    }

    /**
     * Groups tensors given in Caffe2's order.
     *
     * @param t exactly {@code ROLES.size()} tensors
     * @return the grouping
     */
    public static SingleMapFeature of(Tensor... t) {
        if (t.length != ROLES.size()) {
            throw new IllegalArgumentException("SingleMapFeature needs " + ROLES.size() + " tensors " + ROLES
                    + ", got " + t.length);
        }
        return new SingleMapFeature(t[0], t[1], t[2], t[3]);
    }

    /** @return the tensors in Caffe2's order, as {@link #ROLES} names them */
    public Tensor[] tensors() {
        return new Tensor[] {lengths, keys, values, presence};
    }
}
