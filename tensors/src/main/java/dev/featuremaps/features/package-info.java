/**
 * The six feature structures of Caffe2's feature maps, as records of tensors: single scalar,
 * list and map features (one per input column), and the multi-feature scalar, list and map
 * batches the merges produce.
 */
package dev.featuremaps.features;
