package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.kernels.KernelProvider;
import java.util.function.Supplier;

/**
 * The kernel families the operator tests run on. Every property, validation test and example
 * runs once per constant, so a new family is tested by adding one constant here; a constant
 * whose family cannot load fails the tests rather than skipping them.
 */
enum KernelFamily {
    /** The plain Java kernels. */
    SCALAR(KernelProvider::scalar),
    /** The Vector API kernels, at the width the test JVM selects. */
    PANAMA(KernelProvider::panama);

    private final Supplier<FeatureKernels> kernels;
    private Operators operators;

    KernelFamily(Supplier<FeatureKernels> kernels) {
        this.kernels = kernels;
    }

    /** @return the 13 operators on this family's kernels */
    synchronized Operators operators() {
        if (operators == null) {
            operators = Operators.using(kernels.get());
        }
        return operators;
    }

    /** @param name a Caffe2 type name @return that operator on this family */
    FeatureOperator operator(String name) {
        return operators().operator(name);
    }
}
