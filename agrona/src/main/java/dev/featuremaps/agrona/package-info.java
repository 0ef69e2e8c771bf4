/**
 * Zero-copy views between featuremaps tensors and Agrona's {@code DirectBuffer} and
 * {@code UnsafeBuffer}.
 */
package dev.featuremaps.agrona;
