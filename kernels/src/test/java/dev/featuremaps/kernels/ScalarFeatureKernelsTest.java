package dev.featuremaps.kernels;

/** The contract on the scalar family, the reference every other family must match. */
class ScalarFeatureKernelsTest extends FeatureKernelsContractTest {
    @Override
    protected FeatureKernels kernels() {
        return KernelProvider.scalar();
    }
}
