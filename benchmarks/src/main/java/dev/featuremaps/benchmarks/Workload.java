package dev.featuremaps.benchmarks;

import java.util.List;

/**
 * The shape of a benchmark batch (see WORKLOADS.md): every figure the library quotes is measured
 * on one of the named workloads, so that runs and baselines can be set side by side.
 *
 * @param name the name used as the JMH {@code workload} parameter
 * @param batch B, the number of examples
 * @param singleInputs N, the number of single-feature inputs (and dense columns)
 * @param multiInputs M, the number of multi-feature inputs
 * @param featuresPerExample K, the mean number of features per example of one multi input;
 *     multi {@code lengths} are uniform in [0, 2K]
 * @param runLength L, the mean run length; single list/map lengths and {@code values.lengths} are
 *     uniform in [0, 2L]
 * @param presence the probability that an (example, input) pair is present, drawn independently
 */
public record Workload(String name, int batch, int singleInputs, int multiInputs, int featuresPerExample,
                       int runLength, double presence) {

    /** Online inference: one request's candidates. */
    public static final Workload REQUEST = new Workload("request", 512, 64, 4, 16, 8, 0.7);
    /** A training batch: the request shape, 16 times the examples. */
    public static final Workload TRAINING = new Workload("training", 8192, 64, 4, 16, 8, 0.7);
    /** Many sparse, short features: the per-input and per-run overheads dominate. */
    public static final Workload WIDE = new Workload("wide", 512, 512, 16, 64, 2, 0.3);

    /** Every named workload, in WORKLOADS.md order. */
    public static final List<Workload> NAMED = List.of(REQUEST, TRAINING, WIDE);

    /** Validates the shape. */
    public Workload {
        if (batch < 0 || singleInputs < 1 || multiInputs < 1 || featuresPerExample < 0 || runLength < 0
                || !(presence >= 0 && presence <= 1)) {
            throw new IllegalArgumentException("bad workload: " + name + " B=" + batch + " N=" + singleInputs
                    + " M=" + multiInputs + " K=" + featuresPerExample + " L=" + runLength + " p=" + presence);
        }
    }

    /**
     * A named workload.
     *
     * @param name {@code request}, {@code training} or {@code wide}
     * @return the workload
     * @throws IllegalArgumentException for any other name
     */
    public static Workload named(String name) {
        for (Workload w : NAMED) {
            if (w.name.equals(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + name + "'; known: request, training, wide");
    }
}
