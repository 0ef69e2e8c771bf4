package dev.featuremaps.benchmarks.report;

import dev.featuremaps.benchmarks.Operation;
import dev.featuremaps.benchmarks.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One operation on one workload, side by side: median µs/op of the reference, the C baseline, the
 * scalar kernels, the library path under test (normally {@code vector}) and the roofline copy;
 * {@code null} where a benchmark did not run or failed.
 *
 * @param operator the operation's benchmark method name
 * @param workload the workload name
 * @param reference median µs/op of the plain Caffe2 loops in Java
 * @param nativeImpl median µs/op of the plain Caffe2 loops in C (impl {@code native})
 * @param scalar median µs/op of the library on the scalar kernels
 * @param library median µs/op of the implementation the ratios divide by
 * @param roofline median µs/op of the bulk copy of the same traffic
 */
public record Comparison(String operator, String workload, Double reference, Double nativeImpl, Double scalar,
                         Double library, Double roofline) {

    /** The benchmark class that measures the operators. */
    public static final String MERGE_BENCHMARK = "MergeBenchmark";
    /** The benchmark class of the key-major and padded-dense operators, reported as the merges are. */
    public static final String LAYOUT_BENCHMARK = "LayoutBenchmark";
    /** The benchmark class that measures the copies. */
    public static final String ROOFLINE_BENCHMARK = "RooflineBenchmark";

    /**
     * Pairs results by operation and workload. Repeated results of one benchmark and parameters
     * (for example two files concatenated) pool their iterations before the median is taken.
     *
     * @param results results of {@link #MERGE_BENCHMARK}, {@link #LAYOUT_BENCHMARK} and
     *     {@link #ROOFLINE_BENCHMARK}; others are ignored
     * @param library the {@code impl} the ratios divide by
     * @return one row per operation and workload seen, operations in {@link Operation} order,
     *     workloads in {@link Workload#NAMED} order, unknown names after in alphabetical order
     */
    public static List<Comparison> of(List<JmhResult> results, String library) {
        Map<String, List<double[]>> pooled = new LinkedHashMap<>();
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (JmhResult r : results) {
            String operator;
            String impl;
            if (measuresOperators(r.benchmark())) {
                operator = r.method();
                impl = r.param("impl");
            } else if (r.benchmark().equals(ROOFLINE_BENCHMARK)) {
                operator = r.param("op");
                impl = "roofline";
            } else {
                continue;
            }
            String workload = r.param("workload");
            if (operator == null || impl == null || workload == null) {
                continue;
            }
            String row = operator + "\u0000" + workload;
            rows.putIfAbsent(row, new String[] {operator, workload});
            pooled.computeIfAbsent(row + "\u0000" + impl, k -> new ArrayList<>()).add(r.micros());
        }
        List<Comparison> out = new ArrayList<>();
        for (Map.Entry<String, String[]> e : rows.entrySet()) {
            String key = e.getKey();
            out.add(new Comparison(e.getValue()[0], e.getValue()[1],
                    median(pooled.get(key + "\u0000reference")),
                    median(pooled.get(key + "\u0000native")),
                    median(pooled.get(key + "\u0000scalar")),
                    median(pooled.get(key + "\u0000" + library)),
                    median(pooled.get(key + "\u0000roofline"))));
        }
        out.sort(Comparator.comparingInt((Comparison c) -> operatorRank(c.operator))
                .thenComparing(Comparison::operator)
                .thenComparingInt(c -> workloadRank(c.workload))
                .thenComparing(Comparison::workload));
        return out;
    }

    /**
     * @param benchmark a benchmark class's simple name
     * @return whether its methods are operations and its {@code impl} parameter the implementations
     */
    static boolean measuresOperators(String benchmark) {
        return benchmark.equals(MERGE_BENCHMARK) || benchmark.equals(LAYOUT_BENCHMARK);
    }

    private static Double median(List<double[]> runs) {
        if (runs == null) {
            return null;
        }
        int n = 0;
        for (double[] r : runs) {
            n += r.length;
        }
        double[] all = new double[n];
        int i = 0;
        for (double[] r : runs) {
            System.arraycopy(r, 0, all, i, r.length);
            i += r.length;
        }
        return Stats.median(all);
    }

    static int operatorRank(String operator) {
        for (Operation op : Operation.values()) {
            if (op.benchmark().equals(operator)) {
                return op.ordinal();
            }
        }
        return Integer.MAX_VALUE;
    }

    static int workloadRank(String workload) {
        for (int i = 0; i < Workload.NAMED.size(); i++) {
            if (Workload.NAMED.get(i).name().equals(workload)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }
}
