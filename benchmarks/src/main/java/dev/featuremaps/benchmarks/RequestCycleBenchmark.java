package dev.featuremaps.benchmarks;

import dev.featuremaps.operators.FeatureMerge;
import dev.featuremaps.operators.FeatureOperator;
import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.operators.Plan;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.testkit.fuzz.TypedCalls;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * The whole request cycle a service runs per call, through the typed per-thread
 * {@link FeatureMerge} ({@code cycle}: grouping, validation and planning, outputs, execute, the
 * typed result), beside {@code execute} alone on a plan and outputs made once. Run with
 * {@code -prof gc}: the cycle's {@code gc.alloc.rate.norm} is its bytes per call, plus the
 * harness's own few kilobytes per iteration spread over the iteration's calls. {@link #allocation}
 * counts exactly: the bytes the calling thread allocated inside the calls, and the calls, as
 * totals per iteration.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Benchmark)
public class RequestCycleBenchmark {
    /** The workload, see {@link Workload#named}. */
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

    /** {@code cycle} (the typed API, end to end) or {@code execute} (the write step only). */
    @Param({"cycle", "execute"})
    public String path;

    private TensorArena arena;
    private Supplier<Object> call;

    /** Made by JMH, once per trial; {@link #setUp} does the work. */
    public RequestCycleBenchmark() {
    }

    /** Generates the inputs and binds the call. */
    @Setup(Level.Trial)
    public void setUp() {
        OperatorType type = OperatorType.valueOf(operator);
        arena = TensorArena.shared();
        OperatorCase c = OperatorCase.generate(Operation.computing(type), Workload.named(workload), arena);
        if (path.equals("cycle")) {
            call = TypedCalls.of(FeatureMerge.create(), type, c.inputs(), c.arguments());
        } else if (path.equals("execute")) {
            FeatureOperator op = Operators.defaults().operator(type);
            Plan plan = op.planWith(c.inputs(), c.arguments(), new Plan());
            Tensor[] out = plan.allocateOutputs(arena);
            call = () -> {
                op.execute(plan, out);
                return out;
            };
        } else {
            throw new IllegalArgumentException("path must be cycle or execute, not " + path);
        }
    }

    /** Frees the trial's tensors. */
    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** @return the call's result, sunk by JMH */
    @Benchmark
    public Object call() {
        return call.get();
    }

    /**
     * The call between two readings of the thread's allocated bytes, which allocate nothing
     * themselves; its time includes theirs, so quote {@link #call} for time.
     *
     * <p>It warms up for 20 seconds, because HotSpot allocates on the calling thread until the
     * JIT has settled: when a call makes C2 compile a method of a class for the first time, the
     * compile broker first resolves every string constant in that class's constant pool (the
     * error messages of branches never taken, among them) as interned strings on that thread,
     * once per class and JVM, 64 B to 1.2 KB. The slowest operators reach that point for their
     * last classes after several thousand calls, ten seconds and more into a run.
     *
     * @param counts where the bytes and calls add up
     * @return the call's result, sunk by JMH
     */
    @Benchmark
    @Warmup(iterations = 20, time = 1)
    public Object allocation(Allocation counts) {
        long before = Allocation.THREADS.getCurrentThreadAllocatedBytes();
        Object result = call.get();
        counts.bytes += Allocation.THREADS.getCurrentThreadAllocatedBytes() - before;
        counts.calls++;
        return result;
    }

    /** Per-iteration totals, reported by JMH beside the time: {@code bytes / calls} per call. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Allocation {
        static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        /** Bytes the calling thread allocated inside the calls. */
        public long bytes;
        /** Calls made. */
        public long calls;

        /** Made by JMH, once per thread. */
        public Allocation() {
        }

        /** Starts each iteration's totals from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
            calls = 0;
        }
    }
}
