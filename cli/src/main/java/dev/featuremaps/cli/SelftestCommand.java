package dev.featuremaps.cli;

import dev.featuremaps.operators.Operators;
import dev.featuremaps.testkit.fuzz.Fuzzer;
import dev.featuremaps.testkit.fuzz.ModelOperators;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code featuremaps selftest}: fuzzes every operator on this JVM and CPU against the on-heap
 * model of SEMANTICS.md, so a user can check a machine (another vector width, another JDK)
 * without the build.
 */
@Command(name = "selftest",
        synopsisHeading = "usage: ",
        customSynopsis = "featuremaps selftest [-h] [--debug] [--cases N] [--seed S] [--kernels scalar|panama] "
                + "[--[no-]progress]",
        descriptionHeading = "%n",
        description = {
            "Fuzz every operator against the model of the semantics.",
            "",
            "Runs N cases per operator. Each case builds valid random inputs, mutates them",
            "(lengths off by one, negative or huge; tensors truncated or extended; presence",
            "flipped, resized or not 0/1; dtypes swapped; input and feature_ids counts wrong;",
            "empty batches; outputs too small, mistyped, read-only, freed or overlapping an",
            "input) and checks that the operator either gives exactly the model's outputs or",
            "rejects the call naming the input or output, with no output byte written.",
            "Ends with 'N passed, M failed'; exit status 1 when M > 0.",
        },
        optionListHeading = "%noptions:%n", sortOptions = false)
final class SelftestCommand implements Callable<Integer> {
    /** The longest operator name, so that the counts line up. */
    private static final int NAME_WIDTH = ModelOperators.NAMES.stream().mapToInt(String::length).max().orElse(0);

    private static final long DEFAULT_CASES = 1000;

    private final Io io;

    @Mixin
    private Options.Help help;

    @Option(names = "--cases", paramLabel = "N", description = "cases per operator (default: " + DEFAULT_CASES + ")")
    private long cases = DEFAULT_CASES;

    @Option(names = "--seed", paramLabel = "S", description = "repeat a run (default: a new seed, printed)")
    private Long seed;

    @Mixin
    private Options.Kernels kernels;

    @Mixin
    private Options.Progress progress;

    SelftestCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (cases < 0) {
            throw new UsageException("--cases must be at least 0, got " + cases);
        }
        long runSeed = seed != null ? seed : System.nanoTime();
        Operators ops = kernels.operators();
        int names = ModelOperators.NAMES.size();
        if (cases > Long.MAX_VALUE / names) {
            throw new UsageException("--cases must be at most " + Long.MAX_VALUE / names + ", got " + cases);
        }
        StringBuilder out = new StringBuilder();
        out.append("selftest: ").append(cases).append(" cases per operator, seed ").append(runSeed)
                .append(", kernels ").append(ops.family().id()).append('\n');
        Progress p = new Progress(io, "selftest", "cases", cases * names, progress.on(io));
        Fuzzer.Report report = new Fuzzer(ops).run(ModelOperators.NAMES, cases, runSeed, p::update);
        p.finish(report.passed() + report.failed());
        for (Map.Entry<String, long[]> e : report.perOperator().entrySet()) {
            out.append(String.format("  %-" + NAME_WIDTH + "s %d passed, %d failed%n", e.getKey(), e.getValue()[0],
                    e.getValue()[1]));
        }
        for (Fuzzer.Failure f : report.failures()) {
            out.append("  FAILED ").append(f.operator()).append(" case seed ").append(f.seed()).append(' ')
                    .append(f.mutation()).append(": ").append(Messages.escape(f.detail())).append('\n');
        }
        out.append(report.passed()).append(" passed, ").append(report.failed()).append(" failed\n");
        io.out().print(out);
        return report.failed() == 0 ? Main.OK : Main.FAILED;
    }
}
