package dev.featuremaps.benchmarks.report;

import java.util.List;
import java.util.Set;

/**
 * A performance goal: a ratio at least {@code minimum} for some operations on some workloads.
 *
 * @param label a short name for tables, e.g. {@code ref>=2}
 * @param description the goal in words
 * @param ratio which ratio
 * @param minimum the lowest value that meets the goal
 * @param operators the operations it applies to (benchmark method names); empty means all
 * @param workloads the workloads it applies to; empty means all
 */
public record Target(String label, String description, Ratio ratio, double minimum, Set<String> operators,
                     Set<String> workloads) {

    /** Whether a row meets a target. */
    public enum Status {
        /** The ratio is at least the minimum. */
        MET,
        /** The ratio is below the minimum. */
        MISSED,
        /** A side of the ratio was not measured. */
        NOT_MEASURED
    }

    /** Copies the sets. */
    public Target {
        operators = Set.copyOf(operators);
        workloads = Set.copyOf(workloads);
    }

    /** The project's goals for the Vector API path. */
    public static final List<Target> GOALS = List.of(
            // Hard floors: a library slower than the loop it replaces, or than the C a Caffe2 user
            // already has, has no reason to be adopted, whatever it wins elsewhere.
            new Target("ref>=1", "every operator at least as fast as the reference on every workload",
                    Ratio.REFERENCE, 1.0, Set.of(), Set.of()),
            new Target("native>=1", "every operator at least as fast as the C loops on request and training",
                    Ratio.NATIVE, 1.0, Set.of(), Set.of("request", "training")),
            new Target("ref>=2", "every operator at least 2x the reference on request and training",
                    Ratio.REFERENCE, 2.0, Set.of(), Set.of("request", "training")),
            new Target("ref>=4", "the single scalar merge and its gradient at least 4x the reference on request and training",
                    Ratio.REFERENCE, 4.0, Set.of("mergeSingleScalar", "mergeSingleScalarGradient"),
                    Set.of("request", "training")),
            new Target("roof>=0.5", "multi list/map merges and every list/map gradient at least half the "
                    + "roofline (roofline / library >= 0.5) on every workload",
                    Ratio.ROOFLINE, 0.5, Set.of("mergeMultiList", "mergeMultiMap", "mergeSingleListOrMapGradient",
                    "mergeMultiListOrMapGradient"), Set.of()));

    /**
     * @param c a row
     * @return whether this goal covers the row's operation and workload
     */
    public boolean appliesTo(Comparison c) {
        return (operators.isEmpty() || operators.contains(c.operator()))
                && (workloads.isEmpty() || workloads.contains(c.workload()));
    }

    /**
     * @param c a row this goal {@linkplain #appliesTo applies to}
     * @return whether the row meets it
     */
    public Status check(Comparison c) {
        Double r = ratio.of(c);
        if (r == null) {
            return Status.NOT_MEASURED;
        }
        return r >= minimum ? Status.MET : Status.MISSED;
    }
}
