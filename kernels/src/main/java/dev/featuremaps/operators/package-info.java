/**
 * The merge and gradient operators. {@link dev.featuremaps.operators.FeatureMerge} is the typed
 * entry point; {@link dev.featuremaps.operators.Operators} gives every operator by its Caffe2 type
 * name, as a {@link dev.featuremaps.operators.FeatureOperator} whose {@code plan} validates a call
 * and sizes its outputs, and whose {@code execute} writes them without allocating. Invalid input
 * is a {@link dev.featuremaps.operators.FeatureTensorException} naming the operator, the input and
 * the numbers, thrown before anything is written.
 */
package dev.featuremaps.operators;
