/**
 * Apache Arrow interop: Arrow vectors as the feature structures of {@code dev.featuremaps.features}
 * ({@link dev.featuremaps.arrow.ArrowFeatures}), merge and gradient outputs as Arrow vectors
 * ({@link dev.featuremaps.arrow.ArrowExport}), and both through Arrow's C Data Interface
 * ({@link dev.featuremaps.arrow.ArrowCData}).
 *
 * <p>The Caffe2 layouts are Arrow types: a single list feature is a nullable {@code list<T>}
 * (validity is presence), a single map feature {@code map<K,V>}, a single scalar feature a
 * nullable primitive; the multi-feature tensors are maps keyed by feature id, {@code
 * map<int64,T>}, {@code map<int64,list<T>>} and {@code map<int64,map<K,V>>}; a key-major batch
 * is a struct of one {@code list<T>} or {@code map<K,V>} column per key. Values and keys are
 * shared with Arrow's buffers; offsets, validity bits and bools, which Arrow keeps as bits and the
 * operators as bytes, are converted by the library's kernels.
 *
 * <p>JVM flags on JDK 25: Arrow's memory core needs {@code
 * --add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED}, and the views (which
 * reinterpret Arrow's native addresses) and the C Data Interface (a JNI library) want {@code
 * --enable-native-access=ALL-UNNAMED} (or the module names, on the module path).
 */
package dev.featuremaps.arrow;
