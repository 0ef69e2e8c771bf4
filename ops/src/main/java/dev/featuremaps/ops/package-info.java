/**
 * Nets in Caffe2's terms: {@link dev.featuremaps.ops.OperatorDef} (type name, input and output
 * blob names, arguments), the {@link dev.featuremaps.ops.Workspace} that runs them over named
 * blobs, and the {@link dev.featuremaps.ops.OperatorRegistry} with each operator's schema and
 * gradient maker.
 */
package dev.featuremaps.ops;
