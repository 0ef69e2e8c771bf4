/** Optional bridge: featuremaps tensors as Agrona buffers and back, without a copy. */
module featuremaps.agrona {
    requires transitive featuremaps.tensors;
    requires transitive org.agrona;

    exports dev.featuremaps.agrona;
}
