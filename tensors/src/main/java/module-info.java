/**
 * Typed tensors over off-heap memory ({@link java.lang.foreign.MemorySegment}), the arenas they
 * live in, and the six feature structures the operators read and write.
 */
module featuremaps.tensors {
    exports dev.featuremaps.tensors;
    exports dev.featuremaps.features;
}
