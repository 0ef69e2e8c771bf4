package dev.featuremaps.cli;

import dev.featuremaps.testkit.fuzz.Fuzzer;
import dev.featuremaps.testkit.fuzz.ModelOperators;
import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.kernels.KernelProvider;
import dev.featuremaps.operators.Operators;
import java.util.List;
import java.util.Map;

/**
 * {@code featuremaps selftest}: fuzzes every operator on this JVM and CPU against the on-heap
 * model of SEMANTICS.md, so a user can check a machine (another vector width, another JDK)
 * without the build.
 */
final class SelftestCommand implements Command {
    private static final long DEFAULT_CASES = 1000;

    @Override
    public String name() {
        return "selftest";
    }

    @Override
    public String summary() {
        return "selftest [--cases N] [--seed S] [--kernels scalar|panama]   fuzz every operator against the model";
    }

    @Override
    public String help() {
        return """
                usage: featuremaps selftest [--cases N] [--seed S] [--kernels scalar|panama]

                Runs N cases (default 1000) per operator. Each case builds valid random inputs,
                mutates them (lengths off by one, negative or huge; tensors truncated or extended;
                presence flipped, resized or not 0/1; dtypes swapped; input and feature_ids counts
                wrong; empty batches; outputs too small, mistyped, read-only, freed or overlapping
                an input) and checks that the operator either gives exactly the model's outputs or
                rejects the call naming the input or output, with no output byte written.
                --seed S     repeat a run (default: a new seed, printed)
                --kernels K  the kernel family to test (default: the one this JVM selects)
                Ends with 'N passed, M failed'; exit status 1 when M > 0.
                """;
    }

    @Override
    public boolean takesOptions() {
        return true;
    }

    @Override
    public int run(List<String> args, StringBuilder out) {
        long cases = DEFAULT_CASES;
        long seed = System.nanoTime();
        FeatureKernels kernels = KernelProvider.kernels();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (a) {
                case "--cases" -> cases = number(a, value, 0);
                case "--seed" -> seed = number(a, value, Long.MIN_VALUE);
                case "--kernels" -> kernels = kernels(value);
                default -> throw new UsageException("unknown argument '" + a + "' for selftest");
            }
            i++;
        }
        out.append("selftest: ").append(cases).append(" cases per operator, seed ").append(seed)
                .append(", kernels ").append(kernels.name()).append('\n');
        Fuzzer.Report report = new Fuzzer(Operators.using(kernels)).run(ModelOperators.NAMES, cases, seed);
        for (Map.Entry<String, long[]> e : report.perOperator().entrySet()) {
            out.append(String.format("  %-42s %d passed, %d failed%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
        }
        for (Fuzzer.Failure f : report.failures()) {
            out.append("  FAILED ").append(f.operator()).append(" case seed ").append(f.seed()).append(' ')
                    .append(f.mutation()).append(": ").append(Main.oneLine(f.detail())).append('\n');
        }
        out.append(report.passed()).append(" passed, ").append(report.failed()).append(" failed\n");
        return report.failed() == 0 ? Main.OK : Main.FAILED;
    }

    private static long number(String option, String value, long min) {
        if (value == null) {
            throw new UsageException(option + " needs a value");
        }
        try {
            long n = Long.parseLong(value);
            if (n < min) {
                throw new UsageException(option + " must be at least " + min + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, got '" + value + "'");
        }
    }

    private static FeatureKernels kernels(String value) {
        if (value == null) {
            throw new UsageException("--kernels needs scalar or panama");
        }
        return switch (value) {
            case "scalar" -> KernelProvider.scalar();
            case "panama" -> {
                try {
                    yield KernelProvider.panama();
                } catch (UnsupportedOperationException e) {
                    throw new BadInputException(e.getMessage(), e);
                }
            }
            default -> throw new UsageException("--kernels needs scalar or panama, got '" + value + "'");
        };
    }
}
