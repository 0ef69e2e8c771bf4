package dev.featuremaps.cli;

import dev.featuremaps.operators.FeatureTensorException;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.ops.OperatorException;
import dev.featuremaps.ops.Workspace;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code featuremaps run NET.json}: feeds the blobs, runs the operators, prints the fetched blobs. */
@Command(name = "run",
        synopsisHeading = "usage: ",
        customSynopsis = "featuremaps run [-h] [--debug] [--max-input-bytes=N] [--threads=N] [--arrow-in=IN.arrow"
                + " [--arrow-out=OUT.arrow]] NET.json",
        descriptionHeading = "%n",
        description = {
            "Run a net and print the fetched blobs as JSON.",
            "",
            "Feeds the net's blobs, runs its operators in order and prints the fetched blobs",
            "on stdout as one JSON object, one blob per line:",
            "",
            "  {",
            "    \"NAME\": {\"dtype\": \"int32\", \"shape\": [3], \"data\": [2, 1, 1]},",
            "    ...",
            "  }",
            "",
            "Net file:",
            "  {\"blobs\": {\"NAME\": {\"dtype\": \"bool|int32|int64|float|double|string\",",
            "                      \"shape\": [d0] or [d0, d1],   (optional: [len(data)])",
            "                      \"data\": [ ... ]}, ...},",
            "   \"ops\": [{\"type\": \"MergeSingleScalarFeatureTensors\",",
            "            \"inputs\": [\"age\", \"age_presence\"], \"outputs\": [\"l\", \"k\", \"v\"],",
            "            \"args\": {\"feature_ids\": [11]}}, ...],",
            "   \"fetch\": [\"l\", \"k\"]}                  (optional: every operator output)",
            "",
            "Values: true/false for bool; integer literals for int32/int64 and feature_ids",
            "(exact, no fraction or exponent; out of range is an error); numbers for",
            "float/double, or \"NaN\", \"Infinity\", \"-Infinity\"; JSON strings for string.",
            "dtypes are lower case; unknown or repeated members, and a blob fetched twice, are",
            "errors. Printed floats are the shortest decimal that reads back as the same value.",
            "Inputs larger than --max-input-bytes are refused.",
            "",
            "--threads N splits each operator call of a large batch (1 MiB of output and more",
            "per thread) by ranges of examples over N threads; the output is the same bytes.",
            "",
            "With --arrow-in, the net runs once per record batch of an Arrow IPC file, and",
            "each column c gives blobs as Caffe2 names a feature's tensors: a nullable",
            "primitive c and c.presence; list<T> c.lengths, c.values, c.presence; map<K,V>",
            "c.lengths, c.keys, c.values, c.presence; map<int64,list<T>> c.lengths, c.keys,",
            "c.values.lengths, c.values.values; map<int64,map<K,V>> c.lengths, c.keys,",
            "c.values.lengths, c.values.keys, c.values.values. The net's own blobs may be",
            "used beside them. With --arrow-out, each fetch entry (a blob, or the prefix p of",
            "blobs p.lengths, p.keys, ...) becomes one column of an output batch per input",
            "batch, all of one row count; without it the JSON output is as above, an object",
            "per batch.",
            "",
            "Errors (exit status 2): one line on stderr naming the operator (position and",
            "type), the input (position, role and blob) and the numbers; nothing on stdout.",
            "A malformed Arrow file is an error naming the column; no output file is left.",
        },
        parameterListHeading = "%n", optionListHeading = "%noptions:%n", sortOptions = false)
final class RunCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    private Options.Help help;

    @Mixin
    private Options.Input input;

    @Mixin
    private Options.Threads threads;

    @Option(names = "--arrow-in", paramLabel = "IN.arrow", description = "feed the columns of an Arrow IPC file's "
            + "record batches, one run per batch")
    private String arrowIn;

    @Option(names = "--arrow-out", paramLabel = "OUT.arrow", description = "write the fetched blobs and features "
            + "as an Arrow IPC file instead of JSON")
    private String arrowOut;

    @Parameters(paramLabel = "NET.json", arity = "0..1", hideParamSyntax = true, description = "the net ('-': standard input)")
    private List<String> files = new ArrayList<>();

    RunCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        String file = InputFiles.single(files, "run", "net");
        long max = input.maxBytes();
        threads.count();
        Options.defaultChoice();
        if (arrowIn != null || arrowOut != null) {
            return runArrow(file, max);
        }
        NetFile net = load(file, max, NetFile::read);
        try (Options.Pool pool = threads.open(); Workspace ws = new Workspace(Operators.defaults(), pool.parallelism())) {
            net.feed(ws);
            try {
                ws.runNet(net.ops());
            } catch (OperatorException e) {
                throw new BadInputException(InputFiles.display(file) + ": "
                        + Messages.shortenNames(e.getMessage(), net.names()), e);
            }
            // Every check is behind us: the result streams out, never held whole as text.
            Writer w = new BufferedWriter(new OutputStreamWriter(io.out(), StandardCharsets.UTF_8));
            JsonOutput.writeBlobs(w, net.fetch(), ws::fetch);
            w.flush();
        }
        return Main.OK;
    }

    /** The net once per batch of the Arrow input (once if there is none), to JSON or Arrow. */
    private Integer runArrow(String file, long max) throws IOException {
        if (arrowIn == null) {
            throw new UsageException("--arrow-out needs --arrow-in");
        }
        String in = InputFiles.display(arrowIn);
        try (BufferAllocator allocator = new RootAllocator();
             ArrowFiles.Input input = openInput(allocator);
             ArrowFiles.Output output = arrowOut == null ? null : openOutput(allocator)) {
            Set<String> columns = arrowStep(in, input::schema, ArrowFiles::blobNames);
            NetFile net = load(file, max, r -> NetFile.read(r, columns, arrowOut != null));
            for (String name : net.blobs().keySet()) {
                if (columns.contains(name)) {
                    throw new BadInputException(InputFiles.display(file) + ": blob '" + Messages.shorten(name)
                            + "' is fed both by the net and by a column of " + in, null);
                }
            }
            Writer w = new BufferedWriter(new OutputStreamWriter(io.out(), StandardCharsets.UTF_8));
            int batch = 0;
            while (arrowStep(in, input::next, x -> x)) {
                try (Workspace ws = new Workspace()) {
                    final int b = batch;
                    arrowStep(in + " batch " + b, () -> {
                        input.feed(ws);
                        return null;
                    }, x -> x);
                    net.feed(ws);
                    try {
                        ws.runNet(net.ops());
                    } catch (OperatorException e) {
                        throw new BadInputException(InputFiles.display(file) + " (" + in + " batch " + b + "): "
                                + Messages.shortenNames(e.getMessage(), net.names()), e);
                    }
                    if (output == null) {
                        JsonOutput.writeBlobs(w, net.fetch(), ws::fetch);
                        w.flush();
                    } else {
                        try {
                            output.write(net.fetch(), ws);
                        } catch (FeatureTensorException e) {
                            throw new BadInputException(InputFiles.display(arrowOut) + ": " + e.getMessage(), e);
                        }
                    }
                }
                batch++;
            }
            if (output != null) {
                output.commit();
            }
        }
        return Main.OK;
    }

    private ArrowFiles.Input openInput(BufferAllocator allocator) {
        try {
            return new ArrowFiles.Input(Path.of(arrowIn), allocator);
        } catch (IOException e) {
            throw ArrowFiles.cannotOpen(arrowIn, e);
        }
    }

    private ArrowFiles.Output openOutput(BufferAllocator allocator) {
        try {
            return new ArrowFiles.Output(Path.of(arrowOut), allocator);
        } catch (IOException e) {
            throw ArrowFiles.cannotOpen(arrowOut, e);
        }
    }

    /** A step of reading the Arrow input: what the file holds that is wrong is bad input. */
    interface ArrowStep<T> {
        T run() throws IOException;
    }

    private static <T, R> R arrowStep(String where, ArrowStep<T> step, java.util.function.Function<T, R> then) {
        try {
            return then.apply(step.run());
        } catch (FeatureTensorException e) {
            throw new BadInputException(where + ": " + e.getMessage(), e);
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // Arrow's reader checks little: garbage surfaces as any of these.
            throw new BadInputException(where + ": not a readable Arrow IPC file: " + e, e);
        }
    }

    /**
     * Reads a command's input file with {@code step}, turning what can be wrong with it into
     * one-line errors that name the file.
     */
    static <T> T load(String file, long maxBytes, InputFiles.Step<T> step) {
        String name = InputFiles.display(file);
        try {
            return InputFiles.read(file, maxBytes, step);
        } catch (InvalidJsonException e) {
            throw new BadInputException(name + ": invalid JSON at " + e.getMessage(), e);
        } catch (NetFileException | dev.featuremaps.ops.OperatorException e) {
            throw new BadInputException(name + ": " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new BadInputException(name + ": does not fit in the JVM's heap of "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB; give it more with "
                    + "FEATUREMAPS_JAVA_OPTS=-Xmx...", e);
        }
    }
}
