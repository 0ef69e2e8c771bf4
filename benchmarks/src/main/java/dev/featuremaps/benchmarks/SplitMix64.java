package dev.featuremaps.benchmarks;

/**
 * The SplitMix64 generator (Steele, Lea and Flood, 2014): a fixed seed gives the same data on
 * every JVM, so runs on different days and machines measure the same bytes.
 */
public final class SplitMix64 {
    private long state;

    /** @param seed the initial state */
    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** @return the next 64 pseudo-random bits */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A uniform integer in {@code [0, bound)} by a multiply-shift; its bias, below 2^-32 of the
     * mass per value, is invisible in a benchmark.
     *
     * @param bound exclusive upper bound, {@code >= 1}
     * @return the integer
     */
    public int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /**
     * @param probability chance of {@code true}, in [0, 1]
     * @return {@code true} with that probability
     */
    public boolean nextBoolean(double probability) {
        return (nextLong() >>> 11) * 0x1.0p-53 < probability;
    }

    /** @return a float in [0, 1) with 24 random mantissa bits (never NaN, so results print) */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }
}
