package dev.featuremaps.cli;

import dev.featuremaps.ops.OperatorException;
import dev.featuremaps.ops.Workspace;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

/** {@code featuremaps run NET.json}: feeds the blobs, runs the operators, prints the fetched blobs. */
final class RunCommand implements Command {
    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "run NET.json        run a net and print the fetched blobs as JSON";
    }

    @Override
    public String help() {
        return """
                usage: featuremaps run NET.json

                Feeds the net's blobs, runs its operators in order and prints the fetched blobs
                on stdout as one JSON object, one blob per line:

                  {
                    "NAME": {"dtype": "int32", "shape": [3], "data": [2, 1, 1]},
                    ...
                  }

                Net file:
                  {"blobs": {"NAME": {"dtype": "bool|int32|int64|float|double|string",
                                      "shape": [d0] or [d0, d1],   (optional: [len(data)])
                                      "data": [ ... ]}, ...},
                   "ops": [{"type": "MergeSingleScalarFeatureTensors",
                            "inputs": ["age", "age_presence"], "outputs": ["l", "k", "v"],
                            "args": {"feature_ids": [11]}}, ...],
                   "fetch": ["l", "k"]}                  (optional: every operator output)

                Values: true/false for bool; integer literals for int32/int64 (exact; out of
                range is an error); numbers for float/double, or "NaN", "Infinity", "-Infinity";
                JSON strings for string. Printed floats are the shortest decimal that reads back
                as the same value.

                Errors (exit status 2): one line on stderr naming the operator (position and
                type), the input (position, role and blob) and the numbers; nothing on stdout.
                """;
    }

    @Override
    public int run(List<String> args, StringBuilder out) throws IOException {
        String file = InputFiles.single(args, "run", "net");
        NetFile net = load(file, InputFiles.DEFAULT_MAX_BYTES, NetFile::read);
        try (Workspace ws = new Workspace()) {
            net.feed(ws);
            try {
                ws.runNet(net.ops());
            } catch (OperatorException e) {
                throw new BadInputException(InputFiles.display(file) + ": "
                        + Messages.shortenNames(e.getMessage(), net.names()), e);
            }
            StringWriter w = new StringWriter();
            JsonOutput.writeBlobs(w, net.fetch(), ws::fetch);
            out.append(w);
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
        } catch (NetFileException | OperatorException e) {
            throw new BadInputException(name + ": " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new BadInputException(name + ": does not fit in the JVM's heap of "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB; give it more with "
                    + "FEATUREMAPS_JAVA_OPTS=-Xmx...", e);
        }
    }
}
