package dev.featuremaps.benchmarks.report;

import dev.featuremaps.benchmarks.Subject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How far apart the forks of one benchmark cell landed: an implementation (or the roofline) on an
 * operation and workload. Each fork is a fresh JVM whose JIT may settle on different code, so a
 * median pooled over forks that disagree is a mix of two programs, and its ratios are not to be
 * quoted without a rerun.
 *
 * @param operator the operation's benchmark method name
 * @param workload the workload name
 * @param impl the {@code impl} parameter, or {@code roofline}
 * @param forkMedians each fork's median µs/op, in run order (every pooled result's forks in turn)
 */
public record ForkSpread(String operator, String workload, String impl, double[] forkMedians) {

    /** The largest spread (max / min fork median) that is not flagged: forks within 20 % agree. */
    public static final double LIMIT = 1.2;

    /** Copies the medians. */
    public ForkSpread {
        forkMedians = forkMedians.clone();
    }

    /** @return a copy of each fork's median µs/op, in run order */
    @Override
    public double[] forkMedians() {
        return forkMedians.clone();
    }

    /** @return the slowest fork's median over the fastest's; 1 for a single fork */
    public double spread() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double m : forkMedians) {
            min = Math.min(min, m);
            max = Math.max(max, m);
        }
        return max / min;
    }

    /** @return whether the forks differ by more than {@link #LIMIT} */
    public boolean flagged() {
        return spread() > LIMIT;
    }

    /**
     * The spread of every cell, keyed as {@link Comparison#of} pairs results: repeated results of
     * one cell contribute all their forks.
     *
     * @param results results of {@link Comparison#MERGE_BENCHMARK}, {@link Comparison#LAYOUT_BENCHMARK} and
     *     {@link Comparison#ROOFLINE_BENCHMARK}; others are ignored
     * @return one entry per cell, in the comparison's operation and workload order
     */
    public static List<ForkSpread> of(List<JmhResult> results) {
        Map<List<String>, List<Double>> medians = new LinkedHashMap<>();
        for (JmhResult r : results) {
            String operator;
            String impl;
            if (Comparison.measuresOperators(r.benchmark())) {
                operator = r.method();
                impl = r.param("impl");
            } else if (r.benchmark().equals(Comparison.ROOFLINE_BENCHMARK)) {
                operator = r.param("op");
                impl = "roofline";
            } else {
                continue;
            }
            String workload = r.param("workload");
            if (operator == null || impl == null || workload == null) {
                continue;
            }
            List<Double> list = medians.computeIfAbsent(List.of(operator, workload, impl), k -> new ArrayList<>());
            for (double m : r.forkMedians()) {
                list.add(m);
            }
        }
        List<ForkSpread> out = new ArrayList<>();
        medians.forEach((k, v) -> out.add(new ForkSpread(k.get(0), k.get(1), k.get(2),
                v.stream().mapToDouble(Double::doubleValue).toArray())));
        out.sort(Comparator.comparingInt((ForkSpread s) -> Comparison.operatorRank(s.operator))
                .thenComparing(ForkSpread::operator)
                .thenComparingInt(s -> Comparison.workloadRank(s.workload))
                .thenComparing(ForkSpread::workload)
                .thenComparingInt(s -> implRank(s.impl)));
        return out;
    }

    /**
     * @param spreads cells' spreads
     * @param operator an operation
     * @param workload a workload
     * @param impl an implementation or {@code roofline}
     * @return whether that cell is among the spreads and {@linkplain #flagged flagged}
     */
    public static boolean flagged(List<ForkSpread> spreads, String operator, String workload, String impl) {
        for (ForkSpread s : spreads) {
            if (s.operator.equals(operator) && s.workload.equals(workload) && s.impl.equals(impl)) {
                return s.flagged();
            }
        }
        return false;
    }

    private static int implRank(String impl) {
        int i = Subject.IMPLS.indexOf(impl);
        return i >= 0 ? i : impl.equals("roofline") ? Subject.IMPLS.size()
                : Integer.MAX_VALUE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForkSpread s && operator.equals(s.operator) && workload.equals(s.workload)
                && impl.equals(s.impl) && Arrays.equals(forkMedians, s.forkMedians);
    }

    @Override
    public int hashCode() {
        return Objects.hash(operator, workload, impl, Arrays.hashCode(forkMedians));
    }

    @Override
    public String toString() {
        return operator + "/" + workload + "/" + impl + " fork medians " + Arrays.toString(forkMedians);
    }
}
