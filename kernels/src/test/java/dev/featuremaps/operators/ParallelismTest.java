package dev.featuremaps.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.tensors.Tensors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** How a parallelism sizes its ranges, says what it is, and leaves the calling thread as it found it. */
class ParallelismTest {
    @Test
    void oneThreadIsOneRangeAndAThresholdCapsTheRanges() {
        Parallelism one = Parallelism.of(Runnable::run, 1);
        assertEquals(1, one.ranges(0));
        assertEquals(1, one.ranges(Long.MAX_VALUE));
        Parallelism four = Parallelism.of(Runnable::run, 4).withMinimumRangeBytes(100);
        assertEquals(1, four.ranges(99));
        assertEquals(2, four.ranges(200));
        assertEquals(4, four.ranges(10_000));
        assertEquals(4, Parallelism.of(Runnable::run, 4).withMinimumRangeBytes(0).ranges(1));
        assertEquals("Parallelism[threads=4, minimumRangeBytes=100]", four.toString());
    }

    @Test
    void argumentsSayWhatTheyHold() {
        assertEquals("OperatorArguments[ids=[7, 8], maxLength=0, paddingValue=0.0]",
                OperatorArguments.ids(7, 8).toString());
        assertEquals("OperatorArguments[ids=null, maxLength=3, paddingValue=-1.5]",
                OperatorArguments.padding(3, -1.5).toString());
    }

    /**
     * The calling thread waits for the ranges its helper took; an interrupt that was pending when
     * the call began is still pending when it returns, and none is made up. Many calls, so that
     * the calling thread waits in some of them.
     */
    @Test
    void aSplitCallKeepsTheCallersInterruptStatus() {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        // A shared arena: a call splits only when other threads may read its tensors.
        try (TensorArena a = TensorArena.shared()) {
            // Ranges of half a million examples: the helper wakes while the caller is in its range.
            int batch = 1 << 20;
            float[] values = new float[batch];
            boolean[] present = new boolean[batch];
            for (int e = 0; e < batch; e++) {
                values[e] = e;
                present[e] = e % 3 != 0;
            }
            Tensor[] in = {Tensors.ofFloats(a, values), Tensors.ofBooleans(a, present)};
            FeatureOperator op = Operators.using(KernelFamily.SCALAR).operator(OperatorType.MERGE_SINGLE_SCALAR);
            Plan plan = op.plan(in, new long[] {5}, null);
            Tensor[] single = plan.allocateOutputs(a);
            op.execute(plan, single);
            Parallelism two = Parallelism.of(pool, 2).withMinimumRangeBytes(0);
            Tensor[] split = plan.allocateOutputs(a);
            for (int k = 0; k < 200; k++) {
                boolean interrupt = k % 2 == 0;
                if (interrupt) {
                    Thread.currentThread().interrupt();
                }
                for (Tensor t : split) {
                    t.data().fill((byte) 0x5A);
                }
                op.execute(plan, split, two);
                assertEquals(interrupt, Thread.interrupted(), "call " + k);
                for (int o = 0; o < split.length; o++) {
                    assertArrayEquals(bytes(single[o]), bytes(split[o]), "call " + k + ", output " + o);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertFalse(Thread.currentThread().isInterrupted());
    }

    private static byte[] bytes(Tensor t) {
        return t.data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    /** The interface's default split execute, for operators that do not split: one plain execute. */
    @Test
    void anOperatorThatDoesNotSplitExecutesOnce() {
        int[] executed = {0};
        FeatureOperator plain = new FeatureOperator() {
            @Override
            public String name() {
                return "Plain";
            }

            @Override
            public Plan plan(Tensor[] inputs, long[] featureIds, Plan plan) {
                return plan;
            }

            @Override
            public Plan planWith(Tensor[] inputs, OperatorArguments arguments, Plan plan) {
                return plan;
            }

            @Override
            public void execute(Plan plan, Tensor[] outputs) {
                executed[0]++;
            }
        };
        plain.execute(null, new Tensor[0], Parallelism.of(Runnable::run, 2));
        assertEquals(1, executed[0]);
    }
}
