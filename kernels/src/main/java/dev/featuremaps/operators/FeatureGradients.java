package dev.featuremaps.operators;

import dev.featuremaps.tensors.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The outputs of a gradient operator: one tensor per feature (single-feature gradients) or per
 * input (multi-feature gradients), in the order of the forward call, each the gradient of that
 * feature's or input's values.
 */
public final class FeatureGradients {
    private final Tensor[] gradients;

    FeatureGradients(Tensor[] gradients) {
        this.gradients = gradients;
    }

    /** @return the number of features or inputs */
    public int size() {
        return gradients.length;
    }

    /**
     * @param i a feature or input position of the forward call
     * @return the gradient of its values
     * @throws IndexOutOfBoundsException if there is no such position
     */
    public Tensor get(int i) {
        return gradients[i];
    }

    /** @return the gradients in order, as a new list */
    public List<Tensor> toList() {
        return List.of(gradients);
    }

    @Override
    public String toString() {
        return "FeatureGradients" + Arrays.toString(gradients);
    }
}
