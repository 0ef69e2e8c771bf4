/**
 * The fuzzer: valid random calls, mutated, each of which must either equal the model or be
 * rejected cleanly with nothing written.
 */
package dev.featuremaps.testkit.fuzz;
