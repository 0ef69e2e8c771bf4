package dev.featuremaps.cli;

import dev.featuremaps.operators.Operators;
import dev.featuremaps.ops.OperatorException;
import dev.featuremaps.ops.Workspace;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code featuremaps run NET.json}: feeds the blobs, runs the operators, prints the fetched blobs. */
@Command(name = "run",
        synopsisHeading = "usage: ",
        customSynopsis = "featuremaps run [-h] [--debug] [--max-input-bytes=N] [--threads=N] NET.json",
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
            "Errors (exit status 2): one line on stderr naming the operator (position and",
            "type), the input (position, role and blob) and the numbers; nothing on stdout.",
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
