package dev.featuremaps.cli;

import dev.featuremaps.ops.OperatorDef;
import dev.featuremaps.ops.OperatorRegistry;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code featuremaps gradient OP.json}: the gradient operators of one forward operator. */
@Command(name = "gradient",
        synopsisHeading = "usage: ",
        customSynopsis = "featuremaps gradient [-h] [--debug] [--max-input-bytes=N] OP.json",
        descriptionHeading = "%n",
        description = {
            "Print the gradient operators of one forward operator as JSON.",
            "",
            "Reads one operator object, as in a net's \"ops\":",
            "  {\"type\": \"MergeSingleListFeatureTensors\",",
            "   \"inputs\": [\"clicks_lengths\", \"clicks\", \"clicks_presence\"],",
            "   \"outputs\": [\"l\", \"k\", \"vl\", \"vv\"], \"args\": {\"feature_ids\": [201]}}",
            "checks it as run would (input and output counts, one feature id per feature) and",
            "prints its gradient operators (Caffe2's gradient maker) as a JSON array of",
            "operator objects. The gradient of blob x is named x_grad:",
            "  [",
            "    {\"type\": \"MergeSingleListFeatureTensorsGradient\",",
            "     \"inputs\": [\"clicks_lengths\", \"clicks_presence\", \"vv_grad\"], \"outputs\": [\"clicks_grad\"]}",
            "  ]",
            "MergeDenseFeatureTensors and the gradient operators have no gradient (exit status 2).",
        },
        parameterListHeading = "%n", optionListHeading = "%noptions:%n", sortOptions = false)
final class GradientCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    private Options.Help help;

    @Mixin
    private Options.Input input;

    @Parameters(paramLabel = "OP.json", arity = "0..1", hideParamSyntax = true, description = "the operator ('-': standard input)")
    private List<String> files = new ArrayList<>();

    GradientCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        String file = InputFiles.single(files, "gradient", "operator");
        List<OperatorDef> gradients = RunCommand.load(file, input.maxBytes(),
                in -> OperatorRegistry.gradient(NetFile.readOperator(in)));
        StringWriter w = new StringWriter();
        JsonOutput.writeOperators(w, gradients);
        io.out().print(w);
        return Main.OK;
    }
}
