package dev.featuremaps.features;

import dev.featuremaps.tensors.Tensor;
import java.util.Objects;

/**
 * A batch in the key-major layout (TorchRec's {@code KeyedJaggedTensor}): for each of K keys,
 * for each of B examples, that example's run. {@code lengths} int32[K·B] ({@code lengths[k·B+e]}
 * is the run of key {@code k} in example {@code e}), {@code values} T[*] the runs back to back,
 * and for map features {@code weights} V[*], the runs of the map values beside the runs of its
 * keys in {@code values}.
 *
 * <p>An immutable grouping of tensors; sizes are checked by the operators that consume it.
 *
 * @param lengths the {@code lengths} tensor
 * @param values the {@code values} tensor (a map's keys)
 * @param weights the {@code weights} tensor (a map's values), or {@code null} for scalar and list
 *     features
 */
public record KeyMajorFeatures(Tensor lengths, Tensor values, Tensor weights) {
    /** Checks that lengths and values are there. */
    public KeyMajorFeatures {
        Objects.requireNonNull(lengths, "lengths");
        Objects.requireNonNull(values, "values");
    }

    /**
     * Groups the outputs of a key-major operator.
     *
     * @param t {@code lengths, values} or {@code lengths, values, weights}
     * @return the grouping
     */
    public static KeyMajorFeatures of(Tensor... t) {
        if (t.length != 2 && t.length != 3) {
            throw new IllegalArgumentException("KeyMajorFeatures needs 2 tensors [lengths, values] or 3 "
                    + "[lengths, values, weights], got " + t.length);
        }
        return new KeyMajorFeatures(t[0], t[1], t.length == 3 ? t[2] : null);
    }
}
