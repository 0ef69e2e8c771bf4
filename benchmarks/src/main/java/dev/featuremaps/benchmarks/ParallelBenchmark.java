package dev.featuremaps.benchmarks;

import dev.featuremaps.operators.FeatureOperator;
import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.operators.Parallelism;
import dev.featuremaps.operators.Plan;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Each operator's execute path on the kernels this JVM selects (the Vector API ones in
 * the benchmark's forks), on the calling thread alone
 * and split by ranges of examples over {@code threads} threads ({@link Parallelism}); the figure
 * of merit is the time with 1 thread over the time with 2. The default size threshold applies, as
 * for a caller: on {@code training} every operator splits but the key-major ones, whose outputs
 * are ordered by key and which run on the calling thread (their figure is 1 by construction).
 *
 * <p>The trial's setup checks the split call's outputs against the single-threaded call's, byte
 * for byte, after filling them with a canary.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class ParallelBenchmark {
    /** The workload, see {@link Workload#named}. */
    @Param({"training"})
    public String workload;

    /** The operator, by its {@link OperatorType} constant. */
    @Param({"MERGE_SINGLE_SCALAR", "MERGE_SINGLE_LIST", "MERGE_SINGLE_MAP", "MERGE_MULTI_SCALAR",
        "MERGE_MULTI_LIST", "MERGE_MULTI_MAP", "MERGE_DENSE", "MERGE_SINGLE_SCALAR_GRADIENT",
        "MERGE_SINGLE_LIST_GRADIENT", "MERGE_SINGLE_MAP_GRADIENT", "MERGE_MULTI_SCALAR_GRADIENT",
        "MERGE_MULTI_LIST_GRADIENT", "MERGE_MULTI_MAP_GRADIENT", "MULTI_SCALAR_TO_KEY_MAJOR",
        "MULTI_LIST_TO_KEY_MAJOR", "MULTI_MAP_TO_KEY_MAJOR", "JAGGED_TO_PADDED_DENSE", "PADDED_DENSE_TO_JAGGED",
        "MULTI_SCALAR_TO_KEY_MAJOR_GRADIENT", "MULTI_LIST_TO_KEY_MAJOR_GRADIENT", "MULTI_MAP_TO_KEY_MAJOR_GRADIENT",
        "JAGGED_TO_PADDED_DENSE_GRADIENT"})
    public String operator;

    /** The most threads a call uses, the calling one included. */
    @Param({"1", "2"})
    public int threads;

    private TensorArena arena;
    private ExecutorService pool;
    private FeatureOperator op;
    private Plan plan;
    private Tensor[] outputs;
    private Parallelism parallelism;

    /** Made by JMH, once per trial; {@link #setUp} does the work. */
    public ParallelBenchmark() {
    }

    /** Generates the inputs, plans the call, starts the threads and checks the split call's bytes. */
    @Setup(Level.Trial)
    public void setUp() {
        OperatorType type = OperatorType.valueOf(operator);
        arena = TensorArena.shared();
        OperatorCase c = OperatorCase.generate(Operation.computing(type), Workload.named(workload), arena);
        op = Operators.defaults().operator(type);
        plan = op.planWith(c.inputs(), c.arguments(), new Plan());
        outputs = plan.allocateOutputs(arena);
        parallelism = threads == 1 ? Parallelism.NONE : Parallelism.of(pool = startPool(threads - 1), threads);
        Tensor[] expected = plan.allocateOutputs(arena);
        op.execute(plan, expected);
        for (Tensor t : outputs) {
            t.data().fill((byte) 0xA5);
        }
        op.execute(plan, outputs, parallelism);
        Verification.requireIdentical(operator + " on " + workload + " with " + threads + " threads", expected,
                outputs);
    }

    private static ExecutorService startPool(int n) {
        return Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "parallel-benchmark");
            t.setDaemon(true);
            return t;
        });
    }

    /** Stops the threads and frees the trial's tensors. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (arena != null) {
            arena.close();
        }
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] execute() {
        op.execute(plan, outputs, parallelism);
        return outputs;
    }
}
