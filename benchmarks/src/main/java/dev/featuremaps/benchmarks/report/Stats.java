package dev.featuremaps.benchmarks.report;

import java.util.Arrays;

/** Order statistics and ratios of benchmark scores. */
public final class Stats {
    private Stats() {
    }

    /**
     * The median: the middle value, or the mean of the two middle values of an even count.
     *
     * @param values at least one value; not modified
     * @return the median
     * @throws IllegalArgumentException if there are none
     */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * How many times faster {@code subject} is than {@code baseline}, from times per operation.
     *
     * @param baseline time per operation of the baseline, or {@code null} if not measured
     * @param subject time per operation of the subject, or {@code null} if not measured
     * @return {@code baseline / subject}, or {@code null} if either is missing or not positive
     */
    public static Double ratio(Double baseline, Double subject) {
        if (baseline == null || subject == null || !(subject > 0) || !(baseline > 0)) {
            return null;
        }
        return baseline / subject;
    }
}
