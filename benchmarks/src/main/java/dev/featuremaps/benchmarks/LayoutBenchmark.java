package dev.featuremaps.benchmarks;

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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The key-major and padded-dense operators on every workload, as {@link MergeBenchmark} measures
 * the merges, for the plain loops in Java ({@code reference}) and the library on the scalar and
 * the Vector API kernels. There is no {@code native} parameter: the C baseline has no version of
 * these operators ({@link Operation#hasNative}).
 *
 * <p>Inputs, the plan and the outputs are made once per trial, and the trial's setup first checks
 * the implementation against the reference byte for byte. Each invocation writes the outputs; for
 * the key-major operators it plans too ({@link Operation#plansPerCall}), since their plan groups
 * the batch's entries by key, the work the reference does in its measured pass.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class LayoutBenchmark {
    /** The workload, see {@link Workload#named}. */
    @Param({"request", "training", "wide"})
    public String workload;

    /** The implementation, see {@link Subject#IMPLS}; all but {@code native}. */
    @Param({"reference", "scalar", "vector"})
    public String impl;

    private TensorArena arena;
    private Subject subject;

    /** Made by JMH, once per trial; {@link #setUp} does the work. */
    public LayoutBenchmark() {
    }

    /**
     * Generates the inputs, binds the implementation and checks it against the reference.
     *
     * @param params tells which benchmark method is about to run
     */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        Operation operation = Operation.ofBenchmark(MergeBenchmark.methodName(params.getBenchmark()));
        arena = TensorArena.shared();
        OperatorCase c = OperatorCase.generate(operation, Workload.named(workload), arena);
        subject = Subject.create(impl, c, arena);
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
    public Tensor[] multiScalarToKeyMajor() {
        return subject.execute();
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] multiListToKeyMajor() {
        return subject.execute();
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] multiMapToKeyMajor() {
        return subject.execute();
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] multiScalarToKeyMajorGradient() {
        return subject.execute();
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] multiListOrMapToKeyMajorGradient() {
        return subject.execute();
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] jaggedToPaddedDense() {
        return subject.execute();
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] jaggedToPaddedDenseGradient() {
        return subject.execute();
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] paddedDenseToJagged() {
        return subject.execute();
    }
}
