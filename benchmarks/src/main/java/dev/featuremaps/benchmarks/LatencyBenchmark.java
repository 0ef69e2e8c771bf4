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
 * The distribution of single-call times a service sees once warm: each operator's execute path
 * (planning too where {@link Operation#plansPerCall}), sampled call by call ({@link Mode#SampleTime}), so that the report can quote
 * p50, p99 and p99.9 rather than a mean that hides the tail. The same inputs, plan and outputs as
 * {@link MergeBenchmark}, checked against the reference before measuring.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class LatencyBenchmark {
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

    /** The implementation, see {@link Subject#IMPLS}: the plain loops beside the library path. */
    @Param({"reference", "vector"})
    public String impl;

    private TensorArena arena;
    private Subject subject;

    /** Made by JMH, once per trial; {@link #setUp} does the work. */
    public LatencyBenchmark() {
    }

    /** Generates the inputs, binds the implementation and checks it against the reference. */
    @Setup(Level.Trial)
    public void setUp() {
        OperatorType type = OperatorType.valueOf(operator);
        arena = TensorArena.shared();
        OperatorCase c = OperatorCase.generate(Operation.computing(type), Workload.named(workload), arena);
        subject = Subject.create(impl, type, c, arena);
        Verification.requireReferenceOutputs(c, impl, subject);
    }

    /** Frees the trial's tensors. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (arena != null) {
            arena.close();
        }
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] call() {
        return subject.execute();
    }
}
