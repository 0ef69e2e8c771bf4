package dev.featuremaps.benchmarks.report;

/** The ratios the report quotes: how a baseline's time compares with the library path's. */
public enum Ratio {
    /** reference time / library time: how many times faster than the plain Caffe2 loops in Java. */
    REFERENCE("reference"),
    /** native time / library time: how many times faster than the same loops in C at -O3 -march=native. */
    NATIVE("native"),
    /** scalar-kernel time / library time: what the Vector API kernels add. */
    SCALAR("scalar"),
    /** roofline time / library time: the fraction of the bulk-copy bandwidth reached (1 = at the ceiling). */
    ROOFLINE("roofline");

    private final String baseline;

    Ratio(String baseline) {
        this.baseline = baseline;
    }

    /** @return the baseline's name, the numerator */
    public String baseline() {
        return baseline;
    }

    /**
     * @param library the library implementation in the denominator
     * @return a label such as {@code reference / vector}
     */
    public String label(String library) {
        return baseline + " / " + library;
    }

    /**
     * The numerator of this ratio.
     *
     * @param c a comparison row
     * @return the baseline's median µs/op in the row, or {@code null} when it was not measured
     */
    public Double baselineTime(Comparison c) {
        return switch (this) {
            case REFERENCE -> c.reference();
            case NATIVE -> c.nativeImpl();
            case SCALAR -> c.scalar();
            case ROOFLINE -> c.roofline();
        };
    }

    /**
     * @param c a comparison row
     * @return this ratio of the row, or {@code null} when a side was not measured
     */
    public Double of(Comparison c) {
        return Stats.ratio(baselineTime(c), c.library());
    }
}
