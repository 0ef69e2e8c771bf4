package dev.featuremaps.benchmarks.report;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How long a cold JVM takes to reach its steady call time, from a {@code SingleShotTime} run with
 * no warm-up and one call per iteration: iteration {@code i} of every fork is the fork's
 * {@code i}-th call.
 *
 * <p>Per call index the median over forks is taken, so one fork's GC pause or a late compile in
 * one JVM does not move the curve. The steady time is the median of the last quarter of that
 * curve. The calls have settled at the first index from which a trailing window of calls, by its
 * median, stays within {@link #TOLERANCE} of the steady time to the end of the run. The window is
 * {@link #WINDOW_FRACTION} of the run, at least {@link #MIN_WINDOW} calls: on a shared machine
 * another process's burst slows tens of consecutive calls in every fork alike, and a window that
 * short would count it as not yet settled.
 *
 * @param benchmark the benchmark class's simple name
 * @param params the {@code @Param} values
 * @param forks how many forks (cold JVMs) the curve is the median of
 * @param calls per call index, the median over forks of that call's time, µs
 * @param steady the steady call time, µs
 * @param window calls per trailing window
 * @param settled the index of the first settled call, or -1 if the run never settled
 */
public record ColdStart(String benchmark, Map<String, String> params, int forks, double[] calls, double steady,
                        int window, int settled) {

    /** The fewest calls per trailing window: enough that one slow call (a GC, an interrupt) does not count. */
    public static final int MIN_WINDOW = 10;
    /** The trailing window's share of the run's calls, where that is more than {@link #MIN_WINDOW}. */
    public static final double WINDOW_FRACTION = 1.0 / 40;
    /** How close to the steady time a window's median must be, as a fraction of the steady time. */
    public static final double TOLERANCE = 0.10;

    /** Copies the mutable parts. */
    public ColdStart {
        params = Map.copyOf(params);
        calls = calls.clone();
    }

    /**
     * Computes the curve, steady time and settling point.
     *
     * @param result a {@code SingleShotTime} result with at least one fork
     * @return its cold start; forks of unequal length are cut to the shortest
     * @throws IllegalArgumentException if the forks have fewer than 4 calls in common
     */
    public static ColdStart of(JmhResult result) {
        double[][] forks = result.forks();
        int n = Integer.MAX_VALUE;
        for (double[] f : forks) {
            n = Math.min(n, f.length);
        }
        if (n < 4) {
            throw new IllegalArgumentException(result.benchmark() + "." + result.method() + result.params()
                    + ": " + n + " calls per fork, too few for a steady quarter");
        }
        double[] curve = new double[n];
        double[] atIndex = new double[forks.length];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < forks.length; f++) {
                atIndex[f] = forks[f][i];
            }
            curve[i] = Stats.median(atIndex);
        }
        double steady = Stats.median(Arrays.copyOfRange(curve, n - n / 4, n));
        int window = Math.max(MIN_WINDOW, (int) (n * WINDOW_FRACTION));
        return new ColdStart(result.benchmark(), result.params(), forks.length, curve, steady, window,
                settle(curve, steady, window));
    }

    /**
     * @param curve call times in call order
     * @param steady the steady time
     * @param window calls per trailing window (fewer at the start of the run)
     * @return the first index {@code s} such that every trailing window ending at or after
     *     {@code s} has its median within {@link #TOLERANCE} of {@code steady}, or -1 if the last does not
     */
    static int settle(double[] curve, double steady, int window) {
        int settled = -1;
        for (int end = curve.length - 1; end >= 0; end--) {
            double w = Stats.median(Arrays.copyOfRange(curve, Math.max(0, end - window + 1), end + 1));
            if (Math.abs(w - steady) > TOLERANCE * steady) {
                break;
            }
            settled = end;
        }
        return settled;
    }

    /**
     * @param name a parameter name
     * @return its value, or {@code null}
     */
    public String param(String name) {
        return params.get(name);
    }

    /** @return a copy of the per-index medians, µs */
    @Override
    public double[] calls() {
        return calls.clone();
    }

    /** @return whether the calls settled before the run ended */
    public boolean hasSettled() {
        return settled >= 0;
    }

    /** @return calls made up to and including the first settled one, or -1 if never settled */
    public int callsToSettle() {
        return settled < 0 ? -1 : settled + 1;
    }

    /** @return the summed (median) call times up to and including the first settled call, ms; NaN if never */
    public double millisToSettle() {
        if (settled < 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i <= settled; i++) {
            sum += calls[i];
        }
        return sum / 1000;
    }

    /** @return the first call's (median) time, µs */
    public double firstCall() {
        return calls[0];
    }

    /**
     * @param results results of a cold-start run
     * @return the cold start of each, in order
     */
    public static List<ColdStart> of(List<JmhResult> results) {
        return results.stream().map(ColdStart::of).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColdStart c && benchmark.equals(c.benchmark) && params.equals(c.params)
                && forks == c.forks && Arrays.equals(calls, c.calls) && Double.compare(steady, c.steady) == 0
                && window == c.window && settled == c.settled;
    }

    @Override
    public int hashCode() {
        return Objects.hash(benchmark, params, forks, Arrays.hashCode(calls), steady, window, settled);
    }

    @Override
    public String toString() {
        return benchmark + params + " steady " + steady + " us, settled at call " + callsToSettle();
    }
}
