package dev.featuremaps.operators;

import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * Checks that the memory an operator call touches is usable: alive, reachable from this thread,
 * and, for outputs, disjoint from every input and from each other. Writing into an input would
 * corrupt data the same call still reads; writing into another output would silently overwrite
 * results.
 *
 * <p>The overlap test is O((inputs + outputs) log outputs) and allocation-free: output ranges are
 * sorted into reusable tables (sorted starts and sorted ends pair up exactly when the ranges are
 * disjoint), then each input range is located among them by binary search. Only native memory is
 * compared, by address; heap-backed segments of distinct tensors are assumed distinct.
 */
final class MemoryChecks {
    private long[] starts = new long[0];
    private long[] ends = new long[0];

    /** Throws unless every tensor's memory is alive and accessible by the calling thread. */
    static void requireAccessible(Check check, Tensor[] tensors, boolean outputs) {
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            if (t == null) {
                continue;
            }
            String problem = problem(t.data());
            if (problem == null && t.offsets() != null) {
                problem = problem(t.offsets());
            }
            if (problem != null) {
                throw outputs ? check.fail("output " + i + " " + problem) : check.fail(i, problem);
            }
        }
    }

    private static String problem(MemorySegment s) {
        if (!s.scope().isAlive()) {
            return "is in freed memory (its arena was closed)";
        }
        if (!s.isAccessibleBy(Thread.currentThread())) {
            return "belongs to a confined arena of another thread";
        }
        return null;
    }

    /** Throws if two outputs overlap or an output overlaps an input. */
    void requireDisjoint(Check check, Tensor[] inputs, Tensor[] outputs) {
        int n = 0;
        int need = outputs.length * 2;
        if (starts.length < need) {
            starts = new long[need];
            ends = new long[need];
        }
        for (Tensor t : outputs) {
            n = add(t.data(), n);
            if (t.offsets() != null) {
                n = add(t.offsets(), n);
            }
        }
        sort(starts, n);
        sort(ends, n);
        for (int i = 1; i < n; i++) {
            if (starts[i] < ends[i - 1]) {
                throw check.fail("outputs overlap in memory at address 0x" + Long.toHexString(starts[i]));
            }
        }
        for (int i = 0; i < inputs.length; i++) {
            if (overlaps(inputs[i].data(), n) || (inputs[i].offsets() != null && overlaps(inputs[i].offsets(), n))) {
                throw check.fail(i, "its memory overlaps an output");
            }
        }
    }

    /**
     * Sorts {@code a[0, n)} in place without allocating. {@code Arrays.sort} allocates a merge
     * buffer when its input is made of a few sorted runs, which is what separately allocated
     * outputs look like: 9 KB per call for 512 outputs. Outputs carved from one arena are
     * already in order, so that case costs one pass; otherwise a heap sort.
     */
    static void sort(long[] a, int n) {
        int i = 1;
        while (i < n && a[i - 1] <= a[i]) {
            i++;
        }
        if (i >= n) {
            return;
        }
        for (int k = n / 2 - 1; k >= 0; k--) {
            siftDown(a, k, n);
        }
        for (int end = n - 1; end > 0; end--) {
            long top = a[0];
            a[0] = a[end];
            a[end] = top;
            siftDown(a, 0, end);
        }
    }

    private static void siftDown(long[] a, int at, int n) {
        long v = a[at];
        while (true) {
            int child = 2 * at + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && a[child + 1] > a[child]) {
                child++;
            }
            if (a[child] <= v) {
                break;
            }
            a[at] = a[child];
            at = child;
        }
        a[at] = v;
    }

    private int add(MemorySegment s, int n) {
        if (!s.isNative() || s.byteSize() == 0) {
            return n;
        }
        starts[n] = s.address();
        ends[n] = s.address() + s.byteSize();
        return n + 1;
    }

    /** Whether {@code s} intersects one of the {@code n} sorted, disjoint output ranges. */
    private boolean overlaps(MemorySegment s, int n) {
        if (!s.isNative() || s.byteSize() == 0 || n == 0) {
            return false;
        }
        long a = s.address();
        long b = a + s.byteSize();
        // First output range ending after a; it intersects [a, b) iff it starts before b.
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] <= a) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < n && starts[lo] < b;
    }
}
