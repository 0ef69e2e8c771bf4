package dev.featuremaps.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.tensors.Tensors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
     * A split call gives the same bytes as a plain one, and makes up no interrupt nor loses one
     * that was pending when it began (whether or not the caller had to wait: the next tests make
     * it wait).
     */
    @Test
    void aSplitCallWritesWhatAPlainCallWritesAndKeepsTheInterruptStatus() {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        // A shared arena: a call splits only when other threads may read its tensors.
        try (TensorArena a = TensorArena.shared()) {
            int batch = 1 << 16;
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
            for (int k = 0; k < 20; k++) {
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

    /** An interrupt pending when the caller starts to wait is still pending when the wait ends. */
    @Test
    @Timeout(60)
    void aPendingInterruptSurvivesTheWait() throws InterruptedException {
        assertTrue(waitForAHelper(true, false));
    }

    /** An interrupt that comes while the caller waits is still pending when the wait ends. */
    @Test
    @Timeout(60)
    void anInterruptDuringTheWaitSurvivesIt() throws InterruptedException {
        assertTrue(waitForAHelper(false, true));
    }

    /** A wait with no interrupt ends with none. */
    @Test
    @Timeout(60)
    void aWaitMakesUpNoInterrupt() throws InterruptedException {
        assertFalse(waitForAHelper(false, false));
    }

    /**
     * Makes the calling thread wait for a range a helper holds: the helper takes range 0 and keeps
     * it until the caller, done with range 1, is parked in the wait; then lets it go.
     *
     * @return the caller's interrupt status after the wait (cleared)
     */
    private static boolean waitForAHelper(boolean interruptBefore, boolean interruptDuring)
            throws InterruptedException {
        Thread caller = Thread.currentThread();
        CountDownLatch helperHolds = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicIntegerArray ran = new AtomicIntegerArray(2);
        ExampleRanges.Ranges ranges = new ExampleRanges.Ranges(r -> {
            ran.incrementAndGet(r);
            if (Thread.currentThread() != caller) {
                helperHolds.countDown();
                awaitUninterruptibly(release);
            }
        }, 2, caller);
        Thread helper = new Thread(ranges::run);
        helper.start();
        helperHolds.await();
        Thread releaser = new Thread(() -> {
            while (caller.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            if (interruptDuring) {
                caller.interrupt();
                // The interrupt unparks the caller, which parks again for the range still held.
                while (caller.getState() != Thread.State.WAITING) {
                    Thread.onSpinWait();
                }
            }
            release.countDown();
        });
        releaser.start();
        if (interruptBefore) {
            caller.interrupt();
        }
        ranges.run();
        ranges.await();
        boolean interrupted = Thread.interrupted();
        helper.join();
        releaser.join();
        assertEquals(1, ran.get(0));
        assertEquals(1, ran.get(1));
        return interrupted;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // Only the caller is interrupted here; keep holding the range.
            }
        }
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
