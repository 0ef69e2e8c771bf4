package dev.featuremaps.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.featuremaps.operators.FeatureMerge;
import dev.featuremaps.operators.FeatureOperator;
import dev.featuremaps.operators.FeatureTensorException;
import dev.featuremaps.operators.KernelFamily;
import dev.featuremaps.operators.OperatorArguments;
import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.operators.Parallelism;
import dev.featuremaps.operators.Plan;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.testkit.model.Cases.Density;
import dev.featuremaps.testkit.model.Cases.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a split call does besides writing the same bytes: it validates once, with the errors of
 * the single-threaded call, and writes nothing when rejected; it stays on the calling thread when
 * splitting does not pay or is not allowed; and it completes whatever the executor does with its
 * tasks.
 */
class ParallelCallsTest {
    /** An executor that starts each task on a thread of its own and records the threads. */
    private static final class NewThreads implements Executor {
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger tasks = new AtomicInteger();
        final List<Thread> started = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void execute(Runnable task) {
            tasks.incrementAndGet();
            Thread t = new Thread(() -> {
                threads.add(Thread.currentThread());
                task.run();
            });
            t.setDaemon(true);
            started.add(t);
            t.start();
        }

        /** Waits for every thread started: a helper may start after its call has returned. */
        void join() throws InterruptedException {
            for (Thread t : List.copyOf(started)) {
                t.join();
            }
        }
    }

    /** A training-like batch: large enough to split at the default threshold. */
    private static Shape large(DType type, long seed) {
        return new Shape(4096, List.of(Density.MIXED, Density.ALL, Density.MIXED, Density.MIXED, Density.ALL,
                Density.MIXED, Density.MIXED, Density.ALL), type, DType.FLOAT, 16, 0, seed);
    }

    private static Tensor[] single(FeatureOperator op, Tensor[] in, OperatorArguments args, TensorArena arena) {
        Plan plan = op.planWith(in, args, null);
        Tensor[] out = plan.allocateOutputs(arena);
        op.execute(plan, out);
        return out;
    }

    @ParameterizedTest
    @EnumSource(OperatorType.class)
    void largeCallsSplitAndWriteTheSameBytes(OperatorType type) {
        for (KernelFamily family : KernelFamily.values()) {
            FeatureOperator op = Operators.using(family).operator(type);
            OperatorInputs inputs = OperatorInputs.of(type, large(DType.FLOAT, type.ordinal()));
            try (TensorArena arena = TensorArena.shared()) {
                Tensor[] in = inputs.tensors().apply(arena);
                byte[][] want = OperatorHarness.snapshot(single(op, in, inputs.arguments(), arena));
                NewThreads executor = new NewThreads();
                Plan plan = op.planWith(in, inputs.arguments(), null);
                Tensor[] out = plan.allocateOutputs(arena);
                op.execute(plan, out, Parallelism.of(executor, 2).withMinimumRangeBytes(32 * 1024));
                ParallelPropertiesTest.assertSame(type + " on " + family, want, out);
                // One range per step to the executor: the counts, the nested counts of runs of
                // runs, the writes.
                assertEquals(!splits(type) ? 0 : nested(type) ? 3 : 2, executor.tasks.get(),
                        "tasks handed to the executor");
            }
        }
    }

    /**
     * Inputs whose last input and last output are not empty, so that one element fewer is a
     * size to reject: a key-major draw may keep no entry at all.
     */
    private static OperatorInputs nonEmpty(OperatorType type, DType valueType, long seed) {
        for (long k = seed; ; k++) {
            OperatorInputs inputs = OperatorInputs.of(type, large(valueType, k));
            try (TensorArena arena = TensorArena.confined()) {
                Tensor[] in = inputs.tensors().apply(arena);
                Plan plan = Operators.defaults().operator(type).planWith(in, inputs.arguments(), null);
                if (in[in.length - 1].count() > 0 && plan.outputCount(plan.outputCount() - 1) > 0) {
                    return inputs;
                }
            }
        }
    }

    /** Whether the operator's outputs split by ranges of examples; the key-major ones do not. */
    static boolean splits(OperatorType type) {
        return !type.name().contains("KEY_MAJOR");
    }

    private static boolean nested(OperatorType type) {
        return switch (type) {
            case MERGE_MULTI_LIST, MERGE_MULTI_MAP, MERGE_MULTI_LIST_GRADIENT, MERGE_MULTI_MAP_GRADIENT -> true;
            default -> false;
        };
    }

    @Test
    void smallCallsStayOnTheCallingThread() {
        OperatorInputs inputs = OperatorInputs.of(OperatorType.MERGE_MULTI_SCALAR,
                new Shape(64, List.of(Density.ALL, Density.MIXED), DType.FLOAT, DType.INT64, 4, 0, 7));
        NewThreads executor = new NewThreads();
        try (TensorArena arena = TensorArena.shared()) {
            FeatureMerge.allocating(Operators.defaults(), arena, Parallelism.of(executor, 4))
                    .callWith(OperatorType.MERGE_MULTI_SCALAR, inputs.tensors().apply(arena), OperatorArguments.NONE);
        }
        assertEquals(0, executor.tasks.get());
    }

    @Test
    void aCallSplitsIntoRangesOfAtLeastTheThresholdsBytes() {
        OperatorType type = OperatorType.MERGE_MULTI_SCALAR;
        OperatorInputs inputs = OperatorInputs.of(type, large(DType.FLOAT, 13));
        try (TensorArena arena = TensorArena.shared()) {
            Tensor[] in = inputs.tensors().apply(arena);
            FeatureOperator op = Operators.defaults().operator(type);
            Plan plan = op.plan(in, null, null);
            Tensor[] out = plan.allocateOutputs(arena);
            long bytes = 0;
            for (Tensor t : out) {
                bytes += t.data().byteSize();
            }
            // Three ranges of a third each; one byte more per range leaves two. Two helpers, or
            // one, in each of the two steps.
            int[] expectedTasks = {4, 2, 0};
            long[] thresholds = {bytes / 3, bytes / 3 + 1, bytes / 2 + 1};
            for (int k = 0; k < thresholds.length; k++) {
                NewThreads executor = new NewThreads();
                op.execute(plan, out, Parallelism.of(executor, 4).withMinimumRangeBytes(thresholds[k]));
                assertEquals(expectedTasks[k], executor.tasks.get(), "threshold " + thresholds[k] + " of " + bytes);
            }
        }
    }

    @Test
    void stringsAndConfinedMemoryStayOnTheCallingThread() {
        NewThreads executor = new NewThreads();
        Parallelism everything = Parallelism.of(executor, 2).withMinimumRangeBytes(0);
        OperatorInputs strings = OperatorInputs.of(OperatorType.MERGE_SINGLE_LIST, large(DType.STRING, 1));
        try (TensorArena arena = TensorArena.shared()) {
            FeatureMerge.allocating(Operators.defaults(), arena, everything)
                    .callWith(OperatorType.MERGE_SINGLE_LIST, strings.tensors().apply(arena), strings.arguments());
        }
        OperatorInputs floats = OperatorInputs.of(OperatorType.MERGE_SINGLE_LIST, large(DType.FLOAT, 1));
        try (TensorArena confined = TensorArena.confined(); TensorArena shared = TensorArena.shared()) {
            Tensor[] in = floats.tensors().apply(confined);
            FeatureMerge.allocating(Operators.defaults(), shared, everything)
                    .callWith(OperatorType.MERGE_SINGLE_LIST, in, floats.arguments());
            FeatureMerge.allocating(Operators.defaults(), confined, everything)
                    .callWith(OperatorType.MERGE_SINGLE_LIST, floats.tensors().apply(shared), floats.arguments());
        }
        assertEquals(0, executor.tasks.get());
    }

    @Test
    void rangesGoToOtherThreads() throws InterruptedException {
        NewThreads executor = new NewThreads();
        OperatorInputs inputs = OperatorInputs.of(OperatorType.MERGE_MULTI_LIST, large(DType.INT64, 3));
        try (TensorArena arena = TensorArena.shared()) {
            FeatureMerge merge = FeatureMerge.create(Operators.defaults(), Parallelism.of(executor, 4)
                    .withMinimumRangeBytes(0));
            merge.callWith(OperatorType.MERGE_MULTI_LIST, inputs.tensors().apply(arena), OperatorArguments.NONE);
        }
        // Three steps (counts, nested counts, writes) of three helpers each.
        executor.join();
        assertEquals(9, executor.tasks.get());
        assertEquals(9, executor.threads.size());
        assertTrue(executor.threads.stream().noneMatch(t -> t == Thread.currentThread()));
    }

    @Test
    void callsCompleteWhenTheExecutorRunsNothingOrRejects() {
        List<Runnable> dropped = new ArrayList<>();
        Executor never = dropped::add;
        Executor rejecting = task -> {
            throw new RejectedExecutionException("shut down");
        };
        for (Executor executor : List.of(never, rejecting)) {
            for (OperatorType type : OperatorType.values()) {
                OperatorInputs inputs = OperatorInputs.of(type, large(DType.DOUBLE, 5));
                try (TensorArena arena = TensorArena.shared()) {
                    Tensor[] in = inputs.tensors().apply(arena);
                    FeatureOperator op = Operators.defaults().operator(type);
                    byte[][] want = OperatorHarness.snapshot(single(op, in, inputs.arguments(), arena));
                    Tensor[] out = FeatureMerge.allocating(Operators.defaults(), arena,
                            Parallelism.of(executor, 3).withMinimumRangeBytes(0)).callWith(type, in, inputs.arguments());
                    ParallelPropertiesTest.assertSame(type.typeName(), want, out);
                }
            }
        }
        assertNotEquals(0, dropped.size());
        // A task run late, after its call returned, finds no range left and does nothing.
        dropped.forEach(Runnable::run);
    }

    @ParameterizedTest
    @EnumSource(OperatorType.class)
    void rejectedCallsFailAsSingleThreadedOnesAndWriteNothing(OperatorType type) {
        OperatorInputs inputs = nonEmpty(type, DType.INT32, 11);
        NewThreads executor = new NewThreads();
        Parallelism parallelism = Parallelism.of(executor, 2).withMinimumRangeBytes(0);
        FeatureOperator op = Operators.defaults().operator(type);
        try (TensorArena arena = TensorArena.shared()) {
            Tensor[] in = inputs.tensors().apply(arena);
            // The last input one element (or one row) short: a size every operator checks.
            Tensor last = in[in.length - 1];
            Tensor[] bad = in.clone();
            bad[in.length - 1] = last.rank() == 2
                    ? Tensor.wrap(last.dtype(), last.data(), last.dim(0) - 1, last.dim(1))
                    : Tensor.wrap(last.dtype(), last.data(), last.count() - 1);
            FeatureTensorException single = assertThrows(FeatureTensorException.class,
                    () -> FeatureMerge.allocating(Operators.defaults(), arena).callWith(type, bad, inputs.arguments()));
            FeatureTensorException split = assertThrows(FeatureTensorException.class,
                    () -> FeatureMerge.allocating(Operators.defaults(), arena, parallelism)
                            .callWith(type, bad, inputs.arguments()));
            assertEquals(single.getMessage(), split.getMessage());

            // Outputs that do not fit the plan: the last one an element short; nothing is written.
            Plan plan = op.planWith(in, inputs.arguments(), null);
            Tensor[] out = plan.allocateOutputs(arena);
            OperatorHarness.fillCanary(out);
            byte[][] canary = OperatorHarness.snapshot(out);
            Tensor[] wrong = out.clone();
            int o = out.length - 1;
            wrong[o] = Tensor.wrap(out[o].dtype(), out[o].data(), out[o].count() - 1);
            FeatureTensorException outputs = assertThrows(FeatureTensorException.class,
                    () -> op.execute(plan, wrong, parallelism));
            assertTrue(outputs.getMessage().contains("output " + o), outputs.getMessage());
            ParallelPropertiesTest.assertSame(type + " outputs after the rejected call", canary, out);
        }
        assertEquals(0, executor.tasks.get());
    }

    @Test
    void parallelismRejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> Parallelism.of(Runnable::run, 0));
        assertThrows(IllegalArgumentException.class, () -> Parallelism.of(Runnable::run, 2).withMinimumRangeBytes(-1));
        assertThrows(NullPointerException.class, () -> Parallelism.of(null, 2));
        assertEquals(1, Parallelism.NONE.threads());
        assertEquals(Parallelism.DEFAULT_MINIMUM_RANGE_BYTES, Parallelism.of(Runnable::run, 2).minimumRangeBytes());
    }
}
