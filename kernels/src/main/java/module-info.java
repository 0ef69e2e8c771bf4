/**
 * The featuremaps operators: Caffe2's feature-map merges and their gradients over off-heap
 * tensors, run on scalar or JDK Vector API kernels.
 *
 * <p>Only {@code dev.featuremaps.operators} is API. The kernel families are internal (the
 * optional Arrow bridge alone reads them); the vector one is read only when {@code
 * jdk.incubator.vector} is in the module graph ({@code requires static}), so the module loads,
 * and runs the scalar kernels, without it.
 */
module featuremaps.kernels {
    requires transitive featuremaps.tensors;
    requires static jdk.incubator.vector;
    requires java.logging;
    requires java.management;
    requires jdk.management;

    exports dev.featuremaps.operators;
    // The Arrow bridge converts offsets and validity bits on the same kernels.
    exports dev.featuremaps.kernels to featuremaps.arrow;
}
