package dev.featuremaps.testkit.conformance;

import dev.featuremaps.operators.KernelFamily;
import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.testkit.model.Cases;
import dev.featuremaps.testkit.model.Cases.Density;
import dev.featuremaps.testkit.model.Cases.Shape;
import dev.featuremaps.tensors.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Operators are stateless and shared between threads, each thread keeping its own plans: two
 * threads calling every operator at once on different inputs get the model's answers.
 */
class ConcurrentUseTest {
    private static final int THREADS = 2;
    private static final int CASES_PER_THREAD = 150;

    @Test
    void threadsShareOperatorsAndKeepTheirOwnPlans() throws Exception {
        List<String> operators = List.copyOf(Operators.using(KernelFamily.SCALAR).all().keySet());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = 1000L * t;
                done.add(pool.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    OperatorChecks checks = new OperatorChecks();
                    for (int c = 0; c < CASES_PER_THREAD; c++) {
                        String op = operators.get(c % operators.size());
                        checks.check(op, shape(rnd, op.equals(OperatorType.MERGE_DENSE.typeName())));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Shape shape(SplittableRandom rnd, boolean fixedWidth) {
        DType[] types = DType.values();
        DType value;
        do {
            value = types[rnd.nextInt(types.length)];
        } while (fixedWidth && !value.isFixedWidth());
        DType second;
        do {
            second = types[rnd.nextInt(types.length)];
        } while (second == value);
        List<Density> densities = new ArrayList<>();
        for (int i = 1 + rnd.nextInt(6); i > 0; i--) {
            densities.add(Density.values()[rnd.nextInt(3)]);
        }
        return new Shape(rnd.nextInt(100), densities, value, second, rnd.nextInt(8), rnd.nextInt(4),
                rnd.nextLong());
    }
}
