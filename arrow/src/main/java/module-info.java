/**
 * Optional bridge: Apache Arrow vectors and Arrow's C Data Interface as featuremaps features and
 * back, sharing the memory. Needs Arrow Java's JVM flags (see {@link dev.featuremaps.arrow}).
 */
module featuremaps.arrow {
    requires transitive featuremaps.kernels;
    requires transitive org.apache.arrow.memory.core;
    requires transitive org.apache.arrow.vector;
    requires transitive org.apache.arrow.c;

    exports dev.featuremaps.arrow;
}
