/**
 * Typed tensors over {@link java.lang.foreign.MemorySegment}: {@link dev.featuremaps.tensors.DType}
 * (bool, int32, int64, float, double, string as int64 offsets + UTF-8 bytes), 1-D and 2-D
 * {@link dev.featuremaps.tensors.Tensor} views, the arenas that own their memory
 * ({@link dev.featuremaps.tensors.TensorArena}, and {@link dev.featuremaps.tensors.ReusableArena}
 * for a request loop that allocates nothing), and copies and views to and from heap arrays and
 * NIO buffers ({@link dev.featuremaps.tensors.Tensors}).
 */
package dev.featuremaps.tensors;
