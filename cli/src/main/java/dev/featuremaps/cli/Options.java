package dev.featuremaps.cli;

import dev.featuremaps.operators.KernelChoice;
import dev.featuremaps.operators.KernelFamily;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.operators.Parallelism;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Option;

/** Options more than one command takes, spelt and checked the same way everywhere. */
final class Options {
    private Options() {
    }

    /** {@code -h, --help} on every command. */
    static final class Help {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;
    }

    /** {@code --max-input-bytes N} on the commands that read a file. */
    static final class Input {
        @Option(names = "--max-input-bytes", paramLabel = "N", description = "refuse an input larger than N "
                + "bytes (default: 268435456, 256 MiB)")
        long maxInputBytes = InputFiles.DEFAULT_MAX_BYTES;

        long maxBytes() {
            if (maxInputBytes < 1) {
                throw new UsageException("--max-input-bytes must be at least 1, got " + maxInputBytes);
            }
            return maxInputBytes;
        }
    }

    /** {@code --kernels K} on the commands that run operators in bulk. */
    static final class Kernels {
        @Option(names = "--kernels", paramLabel = "K", description = "scalar or panama: the kernel family to run "
                + "(default: the one this JVM selects)")
        String kernels;

        /** @return the family asked for, or the JVM's choice */
        KernelFamily family() {
            if (kernels == null) {
                return defaultChoice().family();
            }
            return switch (kernels) {
                case "scalar" -> KernelFamily.SCALAR;
                case "panama" -> KernelFamily.PANAMA;
                default -> throw new UsageException("--kernels needs scalar or panama, got '" + kernels + "'");
            };
        }

        /** The operators on the family asked for; a family this JVM cannot load is bad input. */
        Operators operators() {
            KernelFamily family = family();
            if (kernels == null) {
                return Operators.defaults();
            }
            try {
                return Operators.using(family);
            } catch (UnsupportedOperationException e) {
                throw new BadInputException("--kernels " + family.id() + ": " + e.getMessage(), e);
            }
        }
    }

    /** {@code --threads N} on the commands that run nets. */
    static final class Threads {
        /** More threads than this is a typo, not a machine. */
        static final int MAX_THREADS = 1024;

        @Option(names = "--threads", paramLabel = "N", description = "split each large operator call by ranges of "
                + "examples over N threads; the output is the same (default: 1)")
        int threads = 1;

        /** @return the threads asked for, checked */
        int count() {
            if (threads < 1 || threads > MAX_THREADS) {
                throw new UsageException("--threads must be between 1 and " + MAX_THREADS + ", got " + threads);
            }
            return threads;
        }

        /** @return the parallelism asked for, with threads of its own that {@link Pool#close()} stops */
        Pool open() {
            int n = count();
            if (n == 1) {
                return new Pool(Parallelism.NONE, null);
            }
            // The calling thread takes a range of every call: N - 1 more, daemons so that an
            // error exit never waits for them.
            ExecutorService service = Executors.newFixedThreadPool(n - 1, r -> {
                Thread t = new Thread(r, "featuremaps-range");
                t.setDaemon(true);
                return t;
            });
            return new Pool(Parallelism.of(service, n), service);
        }
    }

    /** The parallelism of one command run and the threads behind it. */
    record Pool(Parallelism parallelism, ExecutorService service) implements AutoCloseable {
        @Override
        public void close() {
            if (service != null) {
                service.shutdownNow();
            }
        }
    }

    /** {@code --progress} / {@code --no-progress} on the long-running commands. */
    static final class Progress {
        @Option(names = "--progress", negatable = true, description = "report progress on stderr about every "
                + "2 s, and the time taken at the end (default: when stderr is a terminal)")
        Boolean progress;

        boolean on(Io io) {
            return progress != null ? progress : io.errIsTerminal();
        }
    }

    /**
     * The JVM's kernel choice; a bad {@code -Dfeaturemaps.kernels} is the user's input, so it is
     * reported as one error line, not as an internal error.
     */
    static KernelChoice defaultChoice() {
        try {
            return Operators.kernelChoice();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }
}
