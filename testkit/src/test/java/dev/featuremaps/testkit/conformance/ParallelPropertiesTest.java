package dev.featuremaps.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.featuremaps.operators.FeatureMerge;
import dev.featuremaps.operators.FeatureOperator;
import dev.featuremaps.operators.KernelFamily;
import dev.featuremaps.operators.OperatorArguments;
import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.operators.Parallelism;
import dev.featuremaps.operators.Plan;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.testkit.model.Cases.Shape;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * A call split by ranges of examples writes the bytes of the single-threaded call: every
 * operator, every element type, both kernel families, 1 to 4 threads, on random batches (0 to
 * 300 examples, so ranges of none or one example and batches smaller than the thread count come
 * up often). The size threshold is 0, so every fixed-width call splits; the executor counts its
 * tasks, which shows it did (and that string calls stayed on the calling thread).
 */
class ParallelPropertiesTest {

    private static final ExecutorService POOL = Executors.newFixedThreadPool(3, r -> {
        Thread t = new Thread(r, "parallel-properties");
        t.setDaemon(true);
        return t;
    });

    /** Tasks handed to the pool. */
    private static final AtomicLong TASKS = new AtomicLong();
    private static final Executor COUNTING = task -> {
        TASKS.incrementAndGet();
        POOL.execute(task);
    };

    /** Reused by every try, so that range plans and outputs left by other shapes are in play. */
    private final Map<KernelFamily, Plan> plans = new EnumMap<>(KernelFamily.class);
    private final Map<KernelFamily, Map<Integer, FeatureMerge>> merges = new EnumMap<>(KernelFamily.class);

    @AfterContainer
    static void stopPool() {
        POOL.shutdownNow();
    }

    @Provide
    Arbitrary<Shape> shapes() {
        return FeatureCases.shapes(Arbitraries.of(DType.class));
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void splitCallsWriteTheSingleThreadedBytes(@ForAll("shapes") Shape s, @ForAll OperatorType type,
                                               @ForAll KernelFamily family,
                                               @ForAll @IntRange(min = 1, max = 4) int threads) {
        Operators ops = Operators.using(family);
        FeatureOperator op = ops.operator(type);
        Parallelism parallelism = Parallelism.of(COUNTING, threads).withMinimumRangeBytes(0);
        OperatorInputs inputs = OperatorInputs.of(type, s);
        try (TensorArena arena = TensorArena.shared()) {
            Tensor[] in = inputs.tensors().apply(arena);
            Plan single = op.planWith(in, inputs.arguments(), null);
            Tensor[] expected = OperatorHarness.allocateOutputs(single, arena, s.shift());
            OperatorHarness.fillCanary(expected);
            op.execute(single, expected);
            byte[][] want = OperatorHarness.snapshot(expected);
            boolean strings = hasStrings(in) || hasStrings(expected);

            long before = TASKS.get();
            Plan plan = op.planWith(OperatorHarness.readOnly(in), inputs.arguments(),
                    plans.computeIfAbsent(family, f -> new Plan()));
            Tensor[] split = OperatorHarness.allocateOutputs(plan, arena, s.shift());
            OperatorHarness.fillCanary(split);
            op.execute(plan, split, parallelism);
            assertSame(type + " on " + family + ", " + threads + " threads", want, split);
            if (threads > 1 && !strings && ParallelCallsTest.splits(type)) {
                assertTrue(TASKS.get() > before, "the call was split over the executor");
            } else {
                assertEquals(before, TASKS.get(), "the call ran on the calling thread");
            }

            // The typed merge, its outputs reused and refilled with the canary between calls.
            FeatureMerge merge = merges.computeIfAbsent(family, f -> new java.util.HashMap<>())
                    .computeIfAbsent(threads, t -> FeatureMerge.create(ops, parallelism));
            Tensor[] reused = merge.callWith(type, in, inputs.arguments());
            assertSame(type + " through FeatureMerge", want, reused);
            OperatorHarness.fillCanary(reused);
            assertSame(type + " through FeatureMerge, reused outputs", want, merge.callWith(type, in, inputs.arguments()));
        }
    }

    private static boolean hasStrings(Tensor[] tensors) {
        for (Tensor t : tensors) {
            if (t.dtype() == DType.STRING) {
                return true;
            }
        }
        return false;
    }

    static void assertSame(String what, byte[][] expected, Tensor[] actual) {
        byte[][] got = OperatorHarness.snapshot(actual);
        assertEquals(expected.length, got.length, what + ": outputs");
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], got[i], what + ": output " + i / 2 + (i % 2 == 0 ? " offsets" : " data"));
        }
    }
}
