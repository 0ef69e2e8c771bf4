/**
 * The operator contract as plain on-heap Java: the model every operator is tested against, random
 * valid cases, and their conversion to tensors.
 */
package dev.featuremaps.testkit.model;
