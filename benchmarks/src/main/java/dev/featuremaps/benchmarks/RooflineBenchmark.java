package dev.featuremaps.benchmarks;

import dev.featuremaps.tensors.TensorAllocator;
import dev.featuremaps.tensors.TensorArena;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
 * The memory-bandwidth ceiling of each operation: one {@link MemorySegment#copy} of half the bytes
 * the operation reads plus writes, so that the copy moves the same traffic (it reads and writes
 * each byte once). The byte count comes from the generated inputs and the reference's outputs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Benchmark)
public class RooflineBenchmark {
    /** The workload, see {@link Workload#named}. */
    @Param({"request", "training", "wide"})
    public String workload;

    /** The operation whose traffic is copied: a {@link MergeBenchmark} or {@link LayoutBenchmark} method name. */
    @Param({"mergeSingleScalar", "mergeSingleScalarGradient", "mergeSingleList", "mergeSingleMap",
            "mergeSingleListOrMapGradient", "mergeMultiScalar", "mergeMultiScalarGradient", "mergeMultiList",
            "mergeMultiMap", "mergeMultiListOrMapGradient", "mergeDense", "multiScalarToKeyMajor",
            "multiListToKeyMajor", "multiMapToKeyMajor", "multiScalarToKeyMajorGradient",
            "multiListOrMapToKeyMajorGradient", "jaggedToPaddedDense", "jaggedToPaddedDenseGradient",
            "paddedDenseToJagged"})
    public String op;

    private Arena arena;
    private MemorySegment source;
    private MemorySegment target;
    private long bytes;

    /** Made by JMH, once per trial; {@link #setUp} does the work. */
    public RooflineBenchmark() {
    }

    /** Sizes the copy from the operation's traffic and allocates both ends. */
    @Setup(Level.Trial)
    public void setUp() {
        bytes = traffic(Operation.ofBenchmark(op), Workload.named(workload)) / 2;
        arena = Arena.ofShared();
        source = arena.allocate(Math.max(bytes, 1), TensorAllocator.ALIGNMENT_BYTES);
        target = arena.allocate(Math.max(bytes, 1), TensorAllocator.ALIGNMENT_BYTES);
        source.fill((byte) 0x5A);
    }

    /** Frees both ends. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (arena != null) {
            arena.close();
        }
    }

    /**
     * The bytes an operation reads and writes: every input tensor, every output tensor.
     *
     * @param operation what is computed
     * @param workload on what
     * @return input plus output bytes
     */
    public static long traffic(Operation operation, Workload workload) {
        try (TensorArena scratch = TensorArena.confined()) {
            OperatorCase c = OperatorCase.generate(operation, workload, scratch);
            return c.inputBytes() + OperatorCase.bytes(ReferenceMerge.of(c).allocateOutputs(scratch));
        }
    }

    /** @return the target, sunk by JMH */
    @Benchmark
    public MemorySegment roofline() {
        MemorySegment.copy(source, 0, target, 0, bytes);
        return target;
    }
}
