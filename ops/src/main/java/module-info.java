/**
 * Caffe2-style nets over the featuremaps operators: operator definitions by type name, a
 * workspace of named blobs, and the gradient makers.
 */
module featuremaps.ops {
    requires transitive featuremaps.kernels;

    exports dev.featuremaps.ops;
}
