package dev.featuremaps.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.featuremaps.operators.FeatureOperator;
import dev.featuremaps.operators.KernelFamily;
import dev.featuremaps.operators.OperatorArguments;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.operators.Plan;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.testkit.fuzz.Fuzzer;
import dev.featuremaps.testkit.fuzz.ModelOperators;
import dev.featuremaps.testkit.model.Cases.Density;
import dev.featuremaps.testkit.model.Cases.Fill;
import dev.featuremaps.testkit.model.Cases.Shape;
import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.ModelTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every operator called from several threads at once on the same read-only inputs, each thread
 * with its own plan and outputs: every result equals the model, every time.
 */
class SharedInputsConcurrencyTest {
    private static final int THREADS = 4;
    private static final int ROUNDS = 40;

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void operatorsShareReadOnlyInputsAcrossThreads(KernelFamily family) throws Exception {
        try (TensorArena arena = TensorArena.shared()) {
            List<String> names = ModelOperators.NAMES;
            List<Tensor[]> inputs = new ArrayList<>();
            List<OperatorArguments> args = new ArrayList<>();
            List<List<Column>> expected = new ArrayList<>();
            for (int o = 0; o < names.size(); o++) {
                String op = names.get(o);
                Shape shape = new Shape(97, List.of(Density.MIXED, Density.ALL, Density.MIXED, Density.NONE),
                        DType.FLOAT, DType.INT64, 9, 0, 31 + o);
                Fuzzer.ValidCall call = Fuzzer.validCall(op, shape, new Fill(shape.seed()));
                inputs.add(OperatorHarness.readOnly(call.tensors(arena)));
                args.add(call.arguments());
                expected.add(call.expected());
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int first = t;
                    done.add(pool.submit(() -> {
                        start.await();
                        Plan plan = new Plan();
                        int checked = 0;
                        try (TensorArena own = TensorArena.confined()) {
                            for (int round = 0; round < ROUNDS; round++) {
                                for (int k = 0; k < names.size(); k++) {
                                    int o = (first + k + round) % names.size();
                                    FeatureOperator op = Operators.using(family).operator(names.get(o));
                                    op.planWith(inputs.get(o), args.get(o), plan);
                                    Tensor[] out = plan.allocateOutputs(own);
                                    op.execute(plan, out);
                                    List<Column> got = ModelTensors.fromTensors(out);
                                    for (int c = 0; c < got.size(); c++) {
                                        Column want = expected.get(o).get(c);
                                        assertTrue(want.sameBits(got.get(c)), names.get(o) + " output " + c
                                                + ": " + want.firstDifference(got.get(c)));
                                    }
                                    checked++;
                                }
                            }
                        }
                        return checked;
                    }));
                }
                start.countDown();
                for (Future<Integer> f : done) {
                    assertTrue(f.get() == ROUNDS * names.size());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
