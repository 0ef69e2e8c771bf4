package dev.featuremaps.cli;

import dev.featuremaps.operators.FeatureOperator;
import dev.featuremaps.operators.OperatorArguments;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.operators.Plan;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.ReusableArena;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.testkit.fuzz.Fuzzer;
import dev.featuremaps.testkit.fuzz.ModelOperators;
import dev.featuremaps.testkit.model.Cases.Density;
import dev.featuremaps.testkit.model.Cases.Fill;
import dev.featuremaps.testkit.model.Cases.Shape;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code featuremaps soak}: calls every operator in turn, a million times by default, the way a
 * service does (one reused plan, outputs from a {@link ReusableArena} reset per call), and
 * reports the native memory held as it goes: the arena's own accounting and, when the JVM runs
 * with {@code -XX:NativeMemoryTracking=summary}, the JVM's committed native memory.
 */
@Command(name = "soak",
        synopsisHeading = "usage: ",
        customSynopsis = "featuremaps soak [-h] [--debug] [--calls N] [--kernels scalar|panama] [--[no-]progress]",
        descriptionHeading = "%n",
        description = {
            "Call every operator N times with a reused arena; report native memory.",
            "",
            "Calls the 13 operators in turn, N calls in all, on batches of 256 examples and 6",
            "inputs, each call with a reused plan and outputs carved from one reused arena that",
            "is reset per call. Prints, at every tenth of the run, the arena's block size and",
            "peak use and, when the JVM runs with",
            "FEATUREMAPS_JAVA_OPTS=-XX:NativeMemoryTracking=summary, the JVM's committed native",
            "memory in all and in its 'Other' category (where off-heap arenas are counted).",
            "Exit status 1 if the native memory held grew after the first tenth.",
        },
        optionListHeading = "%noptions:%n", sortOptions = false)
final class SoakCommand implements Callable<Integer> {
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern NMT_OTHER = Pattern.compile("-\\s+Other \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

    private final Io io;

    @Mixin
    private Options.Help help;

    @Option(names = "--calls", paramLabel = "N", description = "operator calls in all, at least 10 (default: "
            + "1000000)")
    private long calls = 1_000_000;

    @Mixin
    private Options.Kernels kernels;

    @Mixin
    private Options.Progress progress;

    SoakCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        if (calls < 10) {
            throw new UsageException("--calls must be at least 10, got " + calls);
        }
        StringBuilder out = new StringBuilder();
        int status = run(out);
        io.out().print(out);
        return status;
    }

    private int run(StringBuilder out) throws Exception {
        Operators ops = kernels.operators();
        Progress p = new Progress(io, "soak", "calls", calls, progress.on(io));
        List<FeatureOperator> operators = new ArrayList<>();
        List<Tensor[]> inputs = new ArrayList<>();
        List<OperatorArguments> args = new ArrayList<>();
        try (TensorArena inputArena = TensorArena.shared(); ReusableArena arena = new ReusableArena(1 << 16)) {
            for (int o = 0; o < ModelOperators.NAMES.size(); o++) {
                String name = ModelOperators.NAMES.get(o);
                Shape shape = new Shape(256, List.of(Density.MIXED, Density.ALL, Density.MIXED, Density.MIXED,
                        Density.NONE, Density.MIXED), DType.FLOAT, DType.INT64, 8, 0, o);
                Fuzzer.ValidCall call = Fuzzer.validCall(name, shape, new Fill(o));
                operators.add(ops.operator(name));
                inputs.add(call.tensors(inputArena));
                args.add(call.arguments());
            }
            Plan plan = new Plan();
            long step = calls / 10;
            long heldAfterFirstTenth = -1;
            long capacityAfterFirstTenth = -1;
            boolean grew = false;
            out.append("soak: ").append(calls).append(" operator calls, kernels ").append(ops.family().id())
                    .append('\n');
            out.append(String.format("  %12s %14s %14s %18s %18s%n", "calls", "arena block B", "arena peak B",
                    "NMT committed KB", "NMT Other KB"));
            for (long c = 1; c <= calls; c++) {
                int o = (int) (c % operators.size());
                arena.reset();
                FeatureOperator op = operators.get(o);
                op.planWith(inputs.get(o), args.get(o), plan);
                op.execute(plan, plan.allocateOutputs(arena));
                if ((c & 1023) == 0) {
                    p.update(c);
                }
                if (c % step == 0) {
                    long[] nmt = nativeMemory();
                    out.append(String.format("  %12d %14d %14d %18s %18s%n", c, arena.capacityBytes(), arena.peakBytes(),
                            nmt == null ? "-" : Long.toString(nmt[0]), nmt == null ? "-" : Long.toString(nmt[1])));
                    long held = nmt == null ? arena.capacityBytes() : nmt[1] * 1024;
                    if (c == step) {
                        heldAfterFirstTenth = held;
                        capacityAfterFirstTenth = arena.capacityBytes();
                    } else if (arena.capacityBytes() > capacityAfterFirstTenth
                            || held > heldAfterFirstTenth + (1 << 20)) {
                        grew = true;
                    }
                }
            }
            p.finish(calls);
            if (nativeMemory() == null) {
                out.append("  (JVM native memory not tracked: run with "
                        + "FEATUREMAPS_JAVA_OPTS=-XX:NativeMemoryTracking=summary to see it)\n");
            }
            out.append(grew ? "native memory grew after the first tenth of the run\n"
                    : "native memory held steady after the first tenth of the run\n");
            return grew ? Main.FAILED : Main.OK;
        }
    }

    /** {committed KB in all, committed KB of 'Other'} from Native Memory Tracking, or null. */
    private static long[] nativeMemory() {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            Matcher total = NMT_TOTAL.matcher(text.toString());
            Matcher other = NMT_OTHER.matcher(text.toString());
            if (!total.find()) {
                return null;
            }
            return new long[] {Long.parseLong(total.group(2)), other.find() ? Long.parseLong(other.group(2)) : 0};
        } catch (Exception e) {
            return null;
        }
    }
}
