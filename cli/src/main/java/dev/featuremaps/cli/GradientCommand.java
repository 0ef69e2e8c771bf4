package dev.featuremaps.cli;

import dev.featuremaps.ops.OperatorDef;
import dev.featuremaps.ops.OperatorRegistry;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

/** {@code featuremaps gradient OP.json}: the gradient operators of one forward operator. */
final class GradientCommand implements Command {
    @Override
    public String name() {
        return "gradient";
    }

    @Override
    public String summary() {
        return "gradient OP.json    print the gradient operators of one forward operator as JSON";
    }

    @Override
    public String help() {
        return """
                usage: featuremaps gradient OP.json

                Reads one operator object, as in a net's "ops":
                  {"type": "MergeSingleListFeatureTensors",
                   "inputs": ["clicks_lengths", "clicks", "clicks_presence"],
                   "outputs": ["l", "k", "vl", "vv"], "args": {"feature_ids": [201]}}
                and prints its gradient operators (Caffe2's gradient maker) as a JSON array of
                operator objects. The gradient of blob x is named x_grad:
                  [
                    {"type": "MergeSingleListFeatureTensorsGradient",
                     "inputs": ["clicks_lengths", "clicks_presence", "vv_grad"], "outputs": ["clicks_grad"]}
                  ]
                MergeDenseFeatureTensors and the gradient operators have no gradient (exit status 2).
                """;
    }

    @Override
    public int run(List<String> args, StringBuilder out) throws IOException {
        String file = InputFiles.single(args, "gradient", "operator");
        List<OperatorDef> gradients = RunCommand.load(file, InputFiles.DEFAULT_MAX_BYTES,
                in -> OperatorRegistry.gradient(NetFile.readOperator(in)));
        StringWriter w = new StringWriter();
        JsonOutput.writeOperators(w, gradients);
        out.append(w);
        return Main.OK;
    }
}
