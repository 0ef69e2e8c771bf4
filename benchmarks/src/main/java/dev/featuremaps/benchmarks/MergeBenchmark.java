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
 * The execute path of every operator on every workload, for the plain Caffe2 algorithm in Java
 * ({@code reference}) and in C ({@code native}, see {@link NativeMerge}) and the library on the
 * scalar and the Vector API kernels.
 *
 * <p>Inputs, the plan and the outputs are made once per trial; each invocation only writes the
 * outputs. The trial's setup first checks the implementation against the reference byte for byte.
 * Only the data the running method needs is generated: the method name picks the operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class MergeBenchmark {
    /** The workload, see {@link Workload#named}. */
    @Param({"request", "training", "wide"})
    public String workload;

    /** The implementation, see {@link Subject#IMPLS}. */
    @Param({"reference", "native", "scalar", "vector"})
    public String impl;

    private TensorArena arena;
    private Subject subject;

    /** Made by JMH, once per trial; {@link #setUp} does the work. */
    public MergeBenchmark() {
    }

    /**
     * Generates the inputs, binds the implementation and checks it against the reference.
     *
     * @param params tells which benchmark method is about to run
     */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        Operation operation = Operation.ofBenchmark(methodName(params.getBenchmark()));
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

    static String methodName(String benchmark) {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] mergeSingleScalar() {
        return subject.execute();
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] mergeSingleScalarGradient() {
        return subject.execute();
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] mergeSingleList() {
        return subject.execute();
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] mergeSingleMap() {
        return subject.execute();
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] mergeSingleListOrMapGradient() {
        return subject.execute();
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] mergeMultiScalar() {
        return subject.execute();
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] mergeMultiScalarGradient() {
        return subject.execute();
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] mergeMultiList() {
        return subject.execute();
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] mergeMultiMap() {
        return subject.execute();
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] mergeMultiListOrMapGradient() {
        return subject.execute();
    }

    /** @return the outputs, sunk by JMH */
    @Benchmark
    public Tensor[] mergeDense() {
        return subject.execute();
    }
}
