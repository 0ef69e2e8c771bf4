package dev.featuremaps.benchmarks.stability;

import dev.featuremaps.benchmarks.Operation;
import dev.featuremaps.benchmarks.OperatorCase;
import dev.featuremaps.benchmarks.Workload;
import dev.featuremaps.operators.FeatureMerge;
import dev.featuremaps.operators.FeatureOperator;
import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.operators.Plan;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.testkit.fuzz.TypedCalls;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Whether the library's execute path, and the whole typed request cycle of {@link FeatureMerge}
 * (plan, outputs, execute) of every operator, stay in compiled code once warm: every operation
 * on every workload is called in interleaved rounds, as a service with mixed traffic calls them; after a
 * warm-up, the bytes the calling thread allocates per call are measured
 * ({@code com.sun.management.ThreadMXBean}) and the deoptimizations of library methods are
 * counted (JFR's {@code jdk.Deoptimization} events).
 *
 * <p>Both are facts, not timings: vector code that runs outside C2-compiled code boxes every
 * vector on the heap, and a method that C2 keeps throwing away is a method whose speed depends on
 * the data it saw first. Either is a failure. Interleaving matters: a loop predicate that one
 * workload's data makes C2 hoist is exactly what another workload's data breaks.
 *
 * <p>Prints one {@code alloc} line per case, one {@code deopt} line per deoptimized library
 * method and reason, and a last line {@code steady: OK} or {@code steady: FAILED ...}; exits with
 * status 0 or 1.
 */
public final class SteadyState {
    /** Calls every case has made before the steady phase, however slow it is. */
    private static final long MIN_WARMUP_CALLS = 100;
    private static final String LIBRARY = "dev.featuremaps.";
    private static final String NOT_LIBRARY = "dev.featuremaps.benchmarks.";
    private static final long TARGET_NANOS_PER_CASE = 2_000_000;

    private SteadyState() {
    }

    /**
     * One operation on one workload: either {@code execute} on a plan and outputs made once, or
     * the whole typed request cycle (plan, outputs, execute, result) of a {@link FeatureMerge}.
     */
    private static final class Case {
        final String name;
        final Runnable call;
        int callsPerRound = 1;
        long calls;
        long bytes;

        Case(String name, Runnable call) {
            this.name = name;
            this.call = call;
        }

        void run(int times) {
            for (int i = 0; i < times; i++) {
                call.run();
            }
        }
    }

    /**
     * Runs the check.
     *
     * @param args {@code [--warmup SECONDS] [--steady SECONDS] [--workloads a,b] [--max-deopts N]
     *     [--allocation-stacks]}; the last prints where the steady phase allocated (JFR samples)
     * @throws IOException if the JFR recording cannot be written or read
     */
    public static void main(String[] args) throws IOException {
        double warmup = 10;
        double steady = 4;
        int maxDeopts = 0;
        List<Workload> workloads = Workload.NAMED;
        boolean stacks = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--steady" -> steady = Double.parseDouble(args[++i]);
                case "--max-deopts" -> maxDeopts = Integer.parseInt(args[++i]);
                case "--allocation-stacks" -> stacks = true;
                case "--workloads" -> workloads = List.of(args[++i].split(",")).stream().map(Workload::named).toList();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.exit(run(workloads, warmup, steady, maxDeopts, stacks, System.out) ? 0 : 1);
    }

    static boolean run(List<Workload> workloads, double warmupSeconds, double steadySeconds, int maxDeopts,
                       boolean allocationStacks, PrintStream out) throws IOException {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        out.println("kernels: " + Operators.kernelChoice());
        try (TensorArena arena = TensorArena.shared(); Recording recording = new Recording()) {
            List<Case> cases = new ArrayList<>();
            for (Workload w : workloads) {
                // One merge per workload, as one per thread serving requests of one shape: a
                // merge that alternates shapes makes new output views at each change.
                FeatureMerge merge = FeatureMerge.create();
                for (Operation op : Operation.values()) {
                    OperatorCase c = OperatorCase.generate(op, w, arena);
                    FeatureOperator operator = Operators.defaults().operator(op.operatorName());
                    Plan plan = operator.planWith(c.inputs(), c.arguments(), new Plan());
                    Tensor[] outputs = plan.allocateOutputs(arena);
                    cases.add(new Case(op.benchmark() + "/" + w.name(), () -> operator.execute(plan, outputs)));
                }
                for (OperatorType type : OperatorType.values()) {
                    OperatorCase c = OperatorCase.generate(Operation.computing(type), w, arena);
                    Supplier<Object> call = TypedCalls.of(merge, type, c.inputs(), c.arguments());
                    cases.add(new Case("cycle " + type.typeName() + "/" + w.name(), call::get));
                }
            }
            recording.enable("jdk.Deoptimization").withoutStackTrace();
            if (allocationStacks) {
                recording.enable("jdk.ObjectAllocationSample").withStackTrace().with("throttle", "1000/s");
            }
            recording.start();
            Instant warmupStart = Instant.now();
            for (Case c : cases) {
                long t0 = System.nanoTime();
                c.run(1);
                long took = Math.max(1, System.nanoTime() - t0);
                c.callsPerRound = (int) Math.max(1, Math.min(200, TARGET_NANOS_PER_CASE / took));
            }
            rounds(cases, warmupSeconds, 3, threads);
            // The slowest cases (wide gradients on the scalar kernels) make a few dozen calls in
            // the rounds, and their once-per-call methods were still being compiled in the steady
            // phase (104 bytes in 8 calls); a service measures long after its first hundred calls.
            for (Case c : cases) {
                if (c.calls < MIN_WARMUP_CALLS) {
                    c.run((int) (MIN_WARMUP_CALLS - c.calls));
                }
            }
            rounds(cases, 0, 3, threads);
            for (Case c : cases) {
                c.calls = 0;
                c.bytes = 0;
            }
            Instant steadyStart = Instant.now();
            rounds(cases, steadySeconds, 3, threads);
            Instant steadyEnd = Instant.now();
            recording.stop();
            Path file = Files.createTempFile("featuremaps-steady", ".jfr");
            try {
                recording.dump(file);
                return report(cases, RecordingFile.readAllEvents(file), warmupStart, steadyStart, steadyEnd,
                        maxDeopts, out);
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Calls every case in turn until {@code seconds} passed and at least {@code minRounds} ran,
     * counting calls and bytes. Warm-up and steady phase run this same loop, so that the steady
     * phase does not start by compiling a loop of a new shape around the library.
     */
    private static void rounds(List<Case> cases, double seconds, int minRounds,
                               com.sun.management.ThreadMXBean measure) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (int round = 0; round < minRounds || System.nanoTime() < end; round++) {
            for (Case c : cases) {
                long before = measure.getCurrentThreadAllocatedBytes();
                c.run(c.callsPerRound);
                c.bytes += measure.getCurrentThreadAllocatedBytes() - before;
                c.calls += c.callsPerRound;
            }
        }
    }

    private static boolean report(List<Case> cases, List<RecordedEvent> events, Instant warmupStart,
                                  Instant steadyStart, Instant steadyEnd, int maxDeopts, PrintStream out) {
        int allocating = 0;
        for (Case c : cases) {
            out.printf("alloc %-36s calls=%-8d bytes=%-12d per-call=%.1f%n", c.name, c.calls, c.bytes,
                    c.calls == 0 ? 0.0 : (double) c.bytes / c.calls);
            if (c.bytes > 0) {
                allocating++;
            }
        }
        Map<String, Integer> warm = new TreeMap<>();
        Map<String, Integer> steady = new TreeMap<>();
        for (RecordedEvent e : events) {
            if (!e.getEventType().getName().equals("jdk.Deoptimization")) {
                continue;
            }
            RecordedMethod m = e.getValue("method");
            if (m == null) {
                continue;
            }
            String type = m.getType().getName();
            if (!type.startsWith(LIBRARY) || type.startsWith(NOT_LIBRARY)) {
                continue;
            }
            String key = type.substring(LIBRARY.length()) + "::" + m.getName() + " reason=" + e.getString("reason")
                    + " action=" + e.getString("action") + " line=" + e.getInt("lineNumber")
                    + " " + e.getString("instruction");
            Instant at = e.getStartTime();
            Map<String, Integer> phase = at.isBefore(steadyStart) ? warm : steady;
            if (!at.isBefore(warmupStart) && !at.isAfter(steadyEnd)) {
                phase.merge(key, 1, Integer::sum);
            }
        }
        Map<String, Long> allocations = new TreeMap<>();
        for (RecordedEvent e : events) {
            if (e.getEventType().getName().equals("jdk.ObjectAllocationSample") && !e.getStartTime().isBefore(steadyStart)
                    && e.getStackTrace() != null && e.getThread("eventThread") != null
                    && !e.getStackTrace().getFrames().isEmpty()) {
                StringBuilder where = new StringBuilder(e.getClass("objectClass").getName());
                e.getStackTrace().getFrames().stream().limit(6).forEach(f -> where.append(" <- ")
                        .append(f.getMethod().getType().getName()).append("::").append(f.getMethod().getName())
                        .append(":").append(f.getLineNumber()));
                allocations.merge(where.toString(), e.getLong("weight"), Long::sum);
            }
        }
        allocations.forEach((k, w) -> out.println("allocated " + w + " B " + k));
        warm.forEach((k, n) -> out.println("deopt warm-up " + n + "x " + k));
        steady.forEach((k, n) -> out.println("deopt steady " + n + "x " + k));
        int deopts = steady.values().stream().mapToInt(Integer::intValue).sum();
        out.printf("steady phase %.1f s after %.1f s of warm-up%n",
                Duration.between(steadyStart, steadyEnd).toMillis() / 1e3,
                Duration.between(warmupStart, steadyStart).toMillis() / 1e3);
        if (allocating == 0 && deopts <= maxDeopts) {
            out.println("steady: OK (" + cases.size() + " cases allocate nothing; " + deopts
                    + " deoptimizations of library methods)");
            return true;
        }
        out.println("steady: FAILED (" + allocating + " of " + cases.size() + " cases allocate; " + deopts
                + " deoptimizations of library methods, at most " + maxDeopts + " allowed)");
        return false;
    }
}
