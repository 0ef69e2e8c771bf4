package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;

/**
 * The key-major and padded-dense operators: a fixed list of inputs, and strings copied directly
 * in output order, so planning sizes none of the merges' string records.
 */
abstract class LayoutOperator extends AbstractOperator {
    LayoutOperator(String name, FeatureKernels kernels, String[] inputRoles, String... outputRoles) {
        super(name, kernels, inputRoles, null, outputRoles);
    }

    @Override
    final boolean recordsStrings() {
        return false;
    }
}
