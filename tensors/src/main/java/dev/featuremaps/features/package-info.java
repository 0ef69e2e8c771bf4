/**
 * The feature structures of Caffe2's feature maps, as records of tensors: single scalar, list and
 * map features (one per input column), the multi-feature scalar, list and map batches the merges
 * produce, and the key-major batches models consume.
 */
package dev.featuremaps.features;
