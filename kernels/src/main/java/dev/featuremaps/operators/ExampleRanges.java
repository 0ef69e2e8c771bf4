package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.operators.ExampleSplit.Extent;
import dev.featuremaps.operators.ExampleSplit.NestedRuns;
import dev.featuremaps.operators.ExampleSplit.PresentCells;
import dev.featuremaps.operators.ExampleSplit.Rows;
import dev.featuremaps.operators.ExampleSplit.Runs;
import dev.featuremaps.operators.ExampleSplit.Sum;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a validated call as calls of the same operator on ranges of examples, one range per
 * thread.
 *
 * <p>Three steps, each over all ranges at once: every range counts its elements of each tensor
 * by the {@link ExampleSplit} (sums of its lengths, counts of its presence), and a scan over the
 * ranges turns the counts into each range's offsets; where there are runs of runs (the multi
 * list and map operators), a second step sums the run lengths of each range's entries, which
 * the first step located; then each range plans its views of the inputs and executes into its
 * views of the outputs. A range's plan re-derives what the full plan derived for the whole
 * batch: the views are parts of valid inputs, so it cannot reject them, and its check of the
 * outputs against the planned sizes confirms the split.
 */
final class ExampleRanges {
    /** A thread that is never started: memory it may access is memory every thread may access. */
    private static final Thread ANOTHER_THREAD = new Thread(() -> { });

    private ExampleRanges() {
    }

    /** Kept in the full plan: a plan per range, reused from call to call. */
    static final class Plans {
        Plan[] plans = new Plan[0];

        Plan get(int range) {
            if (plans.length <= range) {
                plans = java.util.Arrays.copyOf(plans, range + 1);
            }
            if (plans[range] == null) {
                plans[range] = new Plan();
            }
            return plans[range];
        }
    }

    /**
     * Writes the outputs of a planned, checked call by ranges, when that pays.
     *
     * @return {@code false}, having written nothing, when the call is to run on the calling thread
     */
    static boolean run(AbstractOperator op, Plan plan, Tensor[] outputs, Parallelism parallelism) {
        if (parallelism.threads() < 2 || strings(plan.inputs) || strings(outputs) || !shared(plan.inputs)
                || !shared(outputs)) {
            return false;
        }
        int ranges = parallelism.ranges(bytes(outputs));
        if (ranges < 2) {
            return false;
        }
        ExampleSplit split = ExampleSplit.of(OperatorType.of(op.name()), plan);
        if (split == null) {
            return false;
        }
        Plans plans = plan.scratch(Plans.class, Plans::new);
        for (int r = 0; r < ranges; r++) {
            plans.get(r);
        }
        new Call(op, plan, outputs, split, ranges, plans.plans, parallelism).run();
        return true;
    }

    private static boolean strings(Tensor[] tensors) {
        for (Tensor t : tensors) {
            if (t.dtype() == DType.STRING) {
                return true;
            }
        }
        return false;
    }

    private static boolean shared(Tensor[] tensors) {
        for (Tensor t : tensors) {
            if (!t.data().isAccessibleBy(ANOTHER_THREAD)) {
                return false;
            }
        }
        return true;
    }

    private static long bytes(Tensor[] outputs) {
        long bytes = 0;
        for (Tensor t : outputs) {
            bytes += t.data().byteSize();
        }
        return bytes;
    }

    /** One split call: the ranges' element counts and offsets per extent, then the ranges' calls. */
    private static final class Call {
        private final AbstractOperator op;
        private final FeatureKernels kernels;
        private final Plan plan;
        private final Tensor[] in;
        private final Tensor[] out;
        private final ExampleSplit split;
        private final List<Extent> extents;
        private final int ranges;
        private final Plan[] plans;
        private final Parallelism parallelism;
        /** Elements of extent x in range r at {@code [r * X + x]}; offsets likewise. */
        private final long[] counts;
        private final long[] offsets;

        Call(AbstractOperator op, Plan plan, Tensor[] outputs, ExampleSplit split, int ranges, Plan[] plans,
             Parallelism parallelism) {
            this.op = op;
            this.kernels = op.kernels;
            this.plan = plan;
            this.in = plan.inputs;
            this.out = outputs;
            this.split = split;
            this.extents = split.extents;
            this.ranges = ranges;
            this.plans = plans;
            this.parallelism = parallelism;
            this.counts = new long[ranges * extents.size()];
            this.offsets = new long[ranges * extents.size()];
        }

        /** The first example of range {@code r}; {@code r == ranges} gives B. */
        private long start(int r) {
            return plan.batch * r / ranges;
        }

        void run() {
            boolean nested = false;
            for (Extent e : extents) {
                nested |= e instanceof NestedRuns;
            }
            forEachRange(r -> count(r, false));
            if (nested) {
                scan();
                forEachRange(r -> count(r, true));
            }
            int x = extents.size();
            for (int r = 0; r < ranges; r++) {
                for (int e = 0; e < x; e++) {
                    if (extents.get(e) instanceof Sum s) {
                        long sum = 0;
                        for (Extent part : s.parts()) {
                            sum += counts[r * x + split.position(part)];
                        }
                        counts[r * x + e] = sum;
                    }
                }
            }
            scan();
            forEachRange(this::write);
        }

        /** Offsets from counts: each range starts where the ranges before it end. */
        private void scan() {
            int x = extents.size();
            for (int e = 0; e < x; e++) {
                long at = 0;
                for (int r = 0; r < ranges; r++) {
                    offsets[r * x + e] = at;
                    at += counts[r * x + e];
                }
            }
        }

        /** Counts range {@code r}'s elements of the extents read from the inputs, or of the nested ones. */
        private void count(int r, boolean nestedStep) {
            long first = start(r);
            long n = start(r + 1) - first;
            int x = extents.size();
            for (int e = 0; e < x; e++) {
                Extent extent = extents.get(e);
                long c;
                if (extent instanceof NestedRuns nr) {
                    if (!nestedStep) {
                        continue;
                    }
                    int entries = r * x + split.position(nr.entries());
                    c = kernels.sumLengths(ints(nr.runLengths(), offsets[entries], counts[entries]), counts[entries]);
                } else if (nestedStep || extent instanceof Sum) {
                    continue;
                } else if (extent instanceof Rows rows) {
                    c = n * rows.width();
                } else if (extent instanceof Runs runs) {
                    if (runs.lengths() < 0) {
                        c = kernels.countPresent(in[runs.presence()].data(), first, n);
                    } else if (runs.presence() < 0) {
                        c = kernels.sumLengths(ints(runs.lengths(), first, n), n);
                    } else {
                        c = kernels.sumPresentLengths(ints(runs.lengths(), first, n),
                                in[runs.presence()].data().asSlice(first, n), n);
                    }
                } else {
                    PresentCells cells = (PresentCells) extent;
                    c = kernels.countPresent(in[cells.presence()].data(), first * cells.columns(),
                            n * cells.columns());
                }
                counts[r * x + e] = c;
            }
        }

        private MemorySegment ints(int input, long from, long n) {
            return in[input].data().asSlice(from * Integer.BYTES, n * Integer.BYTES);
        }

        /** Plans range {@code r}'s views of the inputs and executes it into its views of the outputs. */
        private void write(int r) {
            long examples = start(r + 1) - start(r);
            Tensor[] rangeIn = new Tensor[in.length];
            for (int i = 0; i < in.length; i++) {
                rangeIn[i] = view(in[i], split.inputExtent[i], r, examples);
            }
            Tensor[] rangeOut = new Tensor[out.length];
            for (int o = 0; o < out.length; o++) {
                rangeOut[o] = view(out[o], split.outputExtent[o], r, examples);
            }
            Plan p = op.plan(rangeIn, plan.featureIds, plan.maxLength, plan.paddingValue, plans[r]);
            op.execute(p, rangeOut);
        }

        private Tensor view(Tensor t, int extent, int r, long examples) {
            int x = extents.size();
            long offset = offsets[r * x + extent];
            long count = counts[r * x + extent];
            long size = t.dtype().byteSize();
            MemorySegment data = t.data().asSlice(offset * size, count * size);
            if (t.rank() == 2 && extents.get(extent) instanceof Rows rows && t.dim(1) == rows.width()) {
                return Tensor.wrap(t.dtype(), data, examples, rows.width());
            }
            return Tensor.wrap(t.dtype(), data, count);
        }

        /**
         * Runs {@code body} for every range: the executor's threads and the calling one take
         * ranges until none is left, then the calling thread waits for the ranges others took.
         */
        private void forEachRange(RangeBody body) {
            Ranges work = new Ranges(body, ranges, Thread.currentThread());
            Executor executor = parallelism.executor();
            int helpers = Math.min(parallelism.threads(), ranges) - 1;
            for (int k = 0; k < helpers; k++) {
                try {
                    executor.execute(work);
                } catch (RuntimeException e) {
                    // Rejected, or the executor failed: the calling thread takes the ranges no
                    // helper will, and still waits for those handed over before.
                    break;
                }
            }
            work.run();
            work.await();
        }
    }

    @FunctionalInterface
    interface RangeBody {
        void run(int range);
    }

    /** The ranges of one step, taken one at a time by whichever thread comes. */
    static final class Ranges implements Runnable {
        private final RangeBody body;
        private final int ranges;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Ranges(RangeBody body, int ranges, Thread caller) {
            this.body = body;
            this.ranges = ranges;
            this.caller = caller;
        }

        @Override
        public void run() {
            for (int r = next.getAndIncrement(); r < ranges; r = next.getAndIncrement()) {
                try {
                    body.run(r);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    if (done.incrementAndGet() == ranges) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        /** Waits for every range, then rethrows the first failure of any. */
        void await() {
            boolean interrupted = false;
            while (done.get() < ranges) {
                LockSupport.park(this);
                // An interrupt must not turn the wait into a spin: note it, and restore it after.
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException("a range of the call failed", t);
            }
        }
    }
}
