package dev.featuremaps.operators;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How many threads one operator call may use, and where they come from.
 *
 * <p>A call with more than one thread is split by ranges of examples: the offsets of every input
 * and output at each range boundary come first (each range's lengths summed on its own thread,
 * then a scan over the ranges), then each range is planned and executed as a call of the same
 * operator on views of its part of the inputs and outputs, and writes only its part. The bytes
 * written are those of the single-threaded call, always. The calling thread takes the first
 * range and any range no worker has started, so a call completes even when the executor runs
 * nothing, and never waits for a worker that is busy elsewhere.
 *
 * <p>A call runs on the calling thread alone when splitting it does not pay: when its outputs
 * hold fewer than two {@link #minimumRangeBytes()} (each range gets at least that many output
 * bytes), when the operator moves strings (their offset tables are not split), when a tensor
 * lives in a confined arena (no other thread may touch it), or when the operator has no rule for
 * splitting (see the operator reference).
 *
 * <pre>{@code
 * ExecutorService pool = Executors.newFixedThreadPool(1);         // the caller is the other thread
 * FeatureMerge merge = FeatureMerge.create(Operators.defaults(), Parallelism.of(pool, 2));
 * }</pre>
 *
 * <p>Instances are immutable and may be shared by any number of merges and threads.
 */
public final class Parallelism {
    /**
     * Output bytes below which a range costs more to hand to another thread than it saves.
     * Handing ranges over and collecting them takes two or three wake-ups of a parked worker
     * (the counts, the nested counts where there are runs of runs, the writes), some 10 to 50
     * µs each; 1 MiB of output takes 0.3 to 2 ms to write on one thread (about 3.5 GB/s for the
     * scalar merges and gradients, 0.5 to 1 GB/s for the single list and map merges), so from
     * there on the hand-over costs under a tenth of the range's work. On the {@code request}
     * workload (0.13 to 3.6 MB of output) only the single and multi map merges split over two
     * threads; on {@code training} (2.1 to 57 MB) every call does. The figure comes from that
     * estimate and single-threaded times, not from a sweep on a quiet machine.
     */
    public static final long DEFAULT_MINIMUM_RANGE_BYTES = 1L << 20;

    /** Every call on the calling thread. */
    public static final Parallelism NONE = new Parallelism(Runnable::run, 1, DEFAULT_MINIMUM_RANGE_BYTES);

    private final Executor executor;
    private final int threads;
    private final long minimumRangeBytes;

    private Parallelism(Executor executor, int threads, long minimumRangeBytes) {
        this.executor = executor;
        this.threads = threads;
        this.minimumRangeBytes = minimumRangeBytes;
    }

    /**
     * Calls split into at most {@code threads} ranges: the calling thread runs one, {@code
     * executor} the others. An executor with {@code threads - 1} threads of its own keeps every
     * range busy; with fewer, the calling thread takes the ranges left over.
     *
     * @param executor runs the ranges past the first; its tasks never block
     * @param threads the most threads a call uses, the calling one included, at least 1
     * @return the parallelism
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static Parallelism of(Executor executor, int threads) {
        Objects.requireNonNull(executor, "executor");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return new Parallelism(executor, threads, DEFAULT_MINIMUM_RANGE_BYTES);
    }

    /**
     * The same parallelism with another size threshold: a call splits into as many ranges as
     * give each at least {@code bytes} of output, at most {@link #threads()}. {@code 0} splits
     * every call that can be split into {@link #threads()} ranges, even empty ones (for tests).
     *
     * @param bytes the least output bytes per range, at least 0
     * @return the parallelism with that threshold
     * @throws IllegalArgumentException if {@code bytes < 0}
     */
    public Parallelism withMinimumRangeBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("minimum range bytes must be at least 0, got " + bytes);
        }
        return new Parallelism(executor, threads, bytes);
    }

    /** @return the most threads a call uses, the calling one included */
    public int threads() {
        return threads;
    }

    /** @return the least output bytes a range gets */
    public long minimumRangeBytes() {
        return minimumRangeBytes;
    }

    Executor executor() {
        return executor;
    }

    /**
     * The number of ranges a call that writes {@code outputBytes} splits into.
     *
     * @param outputBytes the bytes of the planned outputs
     * @return 1 to {@link #threads()}
     */
    int ranges(long outputBytes) {
        if (threads == 1) {
            return 1;
        }
        if (minimumRangeBytes == 0) {
            return threads;
        }
        return (int) Math.max(1, Math.min(threads, outputBytes / minimumRangeBytes));
    }

    @Override
    public String toString() {
        return "Parallelism[threads=" + threads + ", minimumRangeBytes=" + minimumRangeBytes + "]";
    }
}
