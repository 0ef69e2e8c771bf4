package dev.featuremaps.cli;

import dev.featuremaps.cli.NetFileException;
import dev.featuremaps.ops.OperatorException;
import dev.featuremaps.ops.Workspace;
import dev.featuremaps.ops.json.JsonException;
import java.util.List;
import java.util.function.Supplier;

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
    public int run(List<String> args, StringBuilder out) {
        String file = InputFiles.single(args, "run", "net");
        NetFile net = parse(InputFiles.display(file), () -> NetFile.parse(InputFiles.read(file)));
        try (Workspace ws = new Workspace()) {
            net.feed(ws);
            try {
                ws.runNet(net.ops());
            } catch (OperatorException e) {
                throw new BadInputException(InputFiles.display(file) + ": " + e.getMessage(), e);
            }
            out.append(net.fetch().isEmpty() ? "{" : "{\n");
            for (int i = 0; i < net.fetch().size(); i++) {
                String name = net.fetch().get(i);
                out.append("  ");
                dev.featuremaps.ops.json.Json.appendString(out, name).append(": ");
                NetFile.appendTensor(out, ws.fetch(name));
                out.append(i + 1 < net.fetch().size() ? ",\n" : "\n");
            }
            out.append("}\n");
        }
        return Main.OK;
    }

    /** Runs a parse step, turning format errors into one-line errors that name the file. */
    static <T> T parse(String file, Supplier<T> step) {
        try {
            return step.get();
        } catch (JsonException e) {
            throw new BadInputException(file + ": invalid JSON at " + e.getMessage(), e);
        } catch (NetFileException | OperatorException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        }
    }
}
