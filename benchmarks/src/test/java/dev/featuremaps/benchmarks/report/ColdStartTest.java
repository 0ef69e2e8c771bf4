package dev.featuremaps.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColdStartTest {
    private static final Map<String, String> PARAMS = Map.of("operator", "MERGE_DENSE", "impl", "vector",
            "workload", "request");

    /** {@code n} calls: {@code slow} µs for the first {@code cold}, then {@code fast}. */
    private static double[] fork(int n, int cold, double slow, double fast) {
        double[] f = new double[n];
        Arrays.fill(f, 0, cold, slow);
        Arrays.fill(f, cold, n, fast);
        return f;
    }

    private static ColdStart coldStart(double[]... forks) {
        return ColdStart.of(new JmhResult("ColdStartBenchmark", "call", PARAMS, forks, null));
    }

    @Test
    void eachCallIndexTakesTheMedianOverForks() {
        double[] a = {300, 30, 10, 10};
        double[] b = {100, 50, 12, 10};
        double[] c = {200, 40, 11, 999};
        ColdStart s = coldStart(a, b, c);
        assertArrayEquals(new double[] {200, 40, 11, 10}, s.calls());
        assertEquals(3, s.forks());
        assertEquals(200, s.firstCall());
    }

    @Test
    void steadyIsTheMedianOfTheLastQuarter() {
        double[] f = new double[40];
        Arrays.fill(f, 100);
        double[] tail = {9, 10, 10, 11, 12, 50, 10, 10, 10, 9};
        System.arraycopy(tail, 0, f, 30, 10);
        assertEquals(10, coldStart(f).steady());
    }

    @Test
    void settlesWhereTheTrailingWindowsMedianReachesSteadyForGood() {
        // Ten calls at 100 µs, then 10 µs: the window ending at call 15 is the first with six fast
        // calls of ten, and every later window is all but fast.
        ColdStart s = coldStart(fork(40, 10, 100, 10), fork(40, 10, 100, 10), fork(40, 10, 100, 10));
        assertEquals(10, s.steady());
        assertEquals(15, s.settled());
        assertEquals(16, s.callsToSettle());
        assertEquals((10 * 100 + 6 * 10) / 1000.0, s.millisToSettle(), 1e-12);
        assertTrue(s.hasSettled());
    }

    @Test
    void oneSlowCallInAWindowDoesNotUnsettle() {
        double[] f = fork(40, 10, 100, 10);
        f[30] = 500;
        assertEquals(15, coldStart(f).settled());
    }

    @Test
    void aRelapseAfterReachingSteadyRestartsTheCount() {
        // Fast from the start, then 20 slow calls (a deoptimisation), then fast again.
        double[] f = fork(80, 0, 0, 10);
        Arrays.fill(f, 10, 30, 100);
        ColdStart s = coldStart(f);
        assertEquals(10, s.steady());
        assertEquals(35, s.settled());
    }

    @Test
    void aRunStillDriftingAtItsEndHasNotSettled() {
        // The last quarter is half 10 µs, half 20 µs: steady 15, and the last window's median is 20.
        double[] f = fork(80, 0, 0, 10);
        Arrays.fill(f, 70, 80, 20);
        ColdStart s = coldStart(f);
        assertEquals(15, s.steady());
        assertFalse(s.hasSettled());
        assertEquals(-1, s.callsToSettle());
        assertTrue(Double.isNaN(s.millisToSettle()));
    }

    @Test
    void aLongRunsWindowIsAFortiethOfItSoABurstOfSlowCallsDoesNotUnsettle() {
        // 2000 calls, fast from call 100; calls 1500-1519 are slowed alike (another process's
        // burst): 20 of a 50-call window, under half.
        double[] f = fork(2000, 100, 100, 10);
        Arrays.fill(f, 1500, 1520, 30);
        ColdStart s = coldStart(f, f.clone(), f.clone());
        assertEquals(50, s.window());
        assertEquals(125, s.settled());
        // A burst of 8 in a short run (80 calls, window 10) is most of a window: settled after it.
        double[] shortRun = fork(80, 10, 100, 10);
        Arrays.fill(shortRun, 60, 68, 30);
        assertEquals(10, coldStart(shortRun).window());
        assertEquals(73, coldStart(shortRun).settled());
    }

    @Test
    void forksOfUnequalLengthAreCutToTheShortest() {
        ColdStart s = coldStart(fork(8, 2, 50, 5), fork(6, 2, 50, 5));
        assertEquals(6, s.calls().length);
        assertThrows(IllegalArgumentException.class, () -> coldStart(fork(8, 2, 50, 5), new double[] {1, 2, 3}));
    }

    @Test
    void theSummaryListsFirstCallSteadyAndSettling() {
        List<ColdStart> cold = List.of(coldStart(fork(40, 10, 100, 10), fork(40, 10, 100, 10)),
                ColdStart.of(new JmhResult("ColdStartBenchmark", "call", Map.of("operator", "MERGE_DENSE",
                        "impl", "reference", "workload", "request"), new double[][] {fork(80, 70, 10, 20)}, null)));
        String md = Summary.markdown(List.of(), List.of(), "vector", "s.json", "", "r.svg", Target.GOALS,
                List.of(), cold);
        assertTrue(md.contains("## Cold start"), md);
        assertTrue(md.contains("every trailing window of 10 calls"), md);
        assertTrue(md.contains("| `MERGE_DENSE` | request | vector | 2 | 40 | 100 | 10.0 | 16 | 1.06 |"), md);
        assertTrue(md.contains("| `MERGE_DENSE` | request | reference | 1 | 80 | 10.0 | 15.0 | not settled | - |"), md);
        assertTrue(md.indexOf("| reference | 1 |") < md.indexOf("| vector | 2 |"), "reference first: " + md);
        assertFalse(md.contains("## Latency"), md);
    }
}
