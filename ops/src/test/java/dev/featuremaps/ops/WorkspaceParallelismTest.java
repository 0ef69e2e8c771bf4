package dev.featuremaps.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.featuremaps.operators.Operators;
import dev.featuremaps.operators.Parallelism;
import dev.featuremaps.tensors.DType;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A net run with a parallel workspace leaves the blobs, byte for byte, of a single-threaded one. */
class WorkspaceParallelismTest {
    private static final int BATCH = 1000;

    @Test
    void aNetOfMergesAndGradientsGivesTheSameBlobsOnTwoThreads() {
        AtomicInteger tasks = new AtomicInteger();
        Executor executor = task -> {
            tasks.incrementAndGet();
            Thread t = new Thread(task);
            t.setDaemon(true);
            t.start();
        };
        List<String> fetched = List.of("l", "k", "vl", "vv", "g0", "g1");
        byte[][] single = run(new Workspace(Operators.defaults()), fetched);
        byte[][] split = run(new Workspace(Operators.defaults(),
                Parallelism.of(executor, 2).withMinimumRangeBytes(0)), fetched);
        for (int b = 0; b < fetched.size(); b++) {
            assertArrayEquals(single[b], split[b], fetched.get(b));
        }
        assertTrue(tasks.get() > 0, "the calls were split");
    }

    private static byte[][] run(Workspace ws, List<String> fetched) {
        try (ws) {
            SplittableRandom rnd = new SplittableRandom(42);
            for (String name : List.of("a", "b")) {
                int[] lengths = new int[BATCH];
                boolean[] presence = new boolean[BATCH];
                int total = 0;
                for (int e = 0; e < BATCH; e++) {
                    lengths[e] = rnd.nextInt(6);
                    presence[e] = rnd.nextInt(10) < 7;
                    total += presence[e] ? lengths[e] : 0;
                }
                float[] values = new float[total];
                for (int v = 0; v < total; v++) {
                    values[v] = rnd.nextFloat();
                }
                ws.feed(name + "_l", DType.INT32, lengths);
                ws.feed(name + "_v", DType.FLOAT, values);
                ws.feed(name + "_p", DType.BOOL, presence);
            }
            ws.runNet(List.of(
                    OperatorDef.of("MergeSingleListFeatureTensors", List.of("a_l", "a_v", "a_p", "b_l", "b_v", "b_p"),
                            List.of("l", "k", "vl", "vv"), 1, 2),
                    OperatorDef.of("MergeSingleListFeatureTensorsGradient", List.of("a_l", "a_p", "b_l", "b_p", "vv"),
                            List.of("g0", "g1"))));
            assertArrayEquals((float[]) ws.fetchArray("a_v"), (float[]) ws.fetchArray("g0"));
            byte[][] out = new byte[fetched.size()][];
            for (int b = 0; b < out.length; b++) {
                out[b] = ws.fetch(fetched.get(b)).data().toArray(ValueLayout.JAVA_BYTE);
            }
            assertEquals(BATCH * Integer.BYTES, out[0].length);
            return out;
        }
    }
}
