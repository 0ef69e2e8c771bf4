package dev.featuremaps.benchmarks;

import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
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
 * What a freshly started service pays before its calls reach their steady time: no warm-up, one
 * call per measurement iteration ({@link Mode#SingleShotTime}), so iteration {@code i} of a fork
 * is the {@code i}-th call the JVM ever made to the operator. The report takes the median over
 * forks per call index and finds where the calls settle.
 *
 * <p>Unlike the other benchmarks the outputs are checked against the reference after measuring:
 * checking first would run the operator, and the first call is the one this benchmark is for.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 2000)
@Fork(value = 5, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class ColdStartBenchmark {
    /** The workload, see {@link Workload#named}: a service's, by default. */
    @Param({"request"})
    public String workload;

    /** The operator, by its {@link OperatorType} constant. */
    @Param({"MERGE_SINGLE_SCALAR", "MERGE_SINGLE_LIST", "MERGE_SINGLE_MAP", "MERGE_MULTI_SCALAR",
        "MERGE_MULTI_LIST", "MERGE_MULTI_MAP", "MERGE_DENSE", "MERGE_SINGLE_SCALAR_GRADIENT",
        "MERGE_SINGLE_LIST_GRADIENT", "MERGE_SINGLE_MAP_GRADIENT", "MERGE_MULTI_SCALAR_GRADIENT",
        "MERGE_MULTI_LIST_GRADIENT", "MERGE_MULTI_MAP_GRADIENT",
        "MULTI_SCALAR_TO_KEY_MAJOR", "MULTI_LIST_TO_KEY_MAJOR", "MULTI_MAP_TO_KEY_MAJOR", "JAGGED_TO_PADDED_DENSE",
        "PADDED_DENSE_TO_JAGGED", "MULTI_SCALAR_TO_KEY_MAJOR_GRADIENT", "MULTI_LIST_TO_KEY_MAJOR_GRADIENT",
        "MULTI_MAP_TO_KEY_MAJOR_GRADIENT", "JAGGED_TO_PADDED_DENSE_GRADIENT"})
    public String operator;

    /** The implementation, see {@link Subject#IMPLS}. */
    @Param({"reference", "vector"})
    public String impl;

    private TensorArena arena;
    private OperatorCase operatorCase;
    private Subject subject;

    /** Made by JMH, once per trial; {@link #setUp} does the work. */
    public ColdStartBenchmark() {
    }

    /** Generates the inputs and binds the implementation, without calling it. */
    @Setup(Level.Trial)
    public void setUp() {
        OperatorType type = OperatorType.valueOf(operator);
        arena = TensorArena.shared();
        operatorCase = OperatorCase.generate(Operation.computing(type), Workload.named(workload), arena);
        subject = Subject.create(impl, type, operatorCase, arena);
    }

    /** Checks the implementation against the reference, then frees the trial's tensors. */
    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            if (subject != null) {
                Verification.requireReferenceOutputs(operatorCase, impl, subject);
            }
        } finally {
            if (arena != null) {
                arena.close();
            }
        }
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] call() {
        return subject.execute();
    }
}
