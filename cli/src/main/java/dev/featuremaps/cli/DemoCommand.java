package dev.featuremaps.cli;

import dev.featuremaps.operators.Operators;
import dev.featuremaps.operators.Parallelism;
import dev.featuremaps.ops.OperatorDef;
import dev.featuremaps.ops.OperatorException;
import dev.featuremaps.ops.OperatorRegistry;
import dev.featuremaps.ops.OperatorSchema;
import dev.featuremaps.ops.Workspace;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code featuremaps demo [NET.json]}: merges the features of a ranking request, shows the merged
 * tensors example by example, then runs the gradient of every merge with the merged values fed
 * back as their own gradient, and checks that each gradient equals the values of its input (the
 * type's default where a scalar feature is absent). Exit status 1 if any check fails.
 */
@Command(name = "demo",
        synopsisHeading = "usage: ",
        customSynopsis = "featuremaps demo [-h] [--debug] [--max-input-bytes=N] [--threads=N] [NET.json]",
        descriptionHeading = "%n",
        description = {
            "Merge a ranking request's features, run the gradients, check the round trip.",
            "",
            "Without a file, runs the built-in ranking request (examples/ranking-request.json):",
            "three candidate items with two scalar features (item_ctr, item_price), two list",
            "features (recent_clicks, item_tags) and one map feature (category_affinity),",
            "merged by MergeSingleScalar/List/MapFeatureTensors.",
            "",
            "Prints the inputs, each merge's outputs, the merged features example by example,",
            "then makes each merge's gradient operator (Caffe2's gradient maker), feeds the",
            "merged values back as their gradient (x_grad = x) and checks that every gradient",
            "gives back its input's values (for scalar features: the value where present, the",
            "type's default where absent). Ends with \"round trip: OK\"; a mismatch prints",
            "\"round trip: FAILED\" and exits with status 1.",
            "",
            "With NET.json, does the same for that net's merge operators. A net with no",
            "operator that has a gradient (only MergeDenseFeatureTensors, say) leaves nothing",
            "to check: that is an error (exit status 2).",
            "",
            "--threads N splits each operator call of a large batch by ranges of examples",
            "over N threads; the output is the same.",
        },
        parameterListHeading = "%n", optionListHeading = "%noptions:%n", sortOptions = false)
final class DemoCommand implements Callable<Integer> {
    /** The built-in net, copied at build time from {@code examples/ranking-request.json}. */
    static final String RESOURCE = "ranking-request.json";
    private static final String SINGLE_SCALAR = "MergeSingleScalarFeatureTensors";
    private static final int SHOWN_ELEMENTS = 16;

    private final Io io;

    @Mixin
    private Options.Help help;

    @Mixin
    private Options.Input input;

    @Mixin
    private Options.Threads threads;

    @Parameters(paramLabel = "NET.json", arity = "0..1", hideParamSyntax = true, description = "a net to use instead of the built-in one "
            + "('-': standard input)")
    private List<String> files = new ArrayList<>();

    DemoCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        StringBuilder out = new StringBuilder();
        long max = input.maxBytes();
        int status;
        try (Options.Pool pool = threads.open()) {
            status = run(files, max, pool.parallelism(), out);
        }
        io.out().print(out);
        return status;
    }

    /** Runs the demo on a net file, or the built-in net when {@code args} is empty. */
    static int run(List<String> args, long maxBytes, StringBuilder out) {
        return run(args, maxBytes, Parallelism.NONE, out);
    }

    /** Runs the demo with operator calls split over threads as {@code parallelism} says. */
    static int run(List<String> args, long maxBytes, Parallelism parallelism, StringBuilder out) {
        Options.defaultChoice();
        String source = args.isEmpty() ? "examples/" + RESOURCE + " (built in)" : InputFiles.display(args.get(0));
        NetFile net = args.isEmpty() ? builtInNet() : RunCommand.load(args.get(0), maxBytes, NetFile::read);
        try (Workspace ws = new Workspace(Operators.defaults(), parallelism)) {
            net.feed(ws);
            try {
                ws.runNet(net.ops());
            } catch (OperatorException e) {
                throw new BadInputException(source + ": " + Messages.shortenNames(e.getMessage(), net.names()), e);
            }
            out.append("featuremaps demo: merge the features of a ranking request, then take the gradients back\n");
            out.append("net: ").append(source).append("; kernels: ").append(ws.operators().family().id())
                    .append("\n\n");
            inputs(net, ws, out);
            merges(net, ws, out);
            examples(net, ws, out);
            return gradients(net, ws, out, source);
        }
    }

    private static NetFile builtInNet() {
        try (InputStream in = Objects.requireNonNull(DemoCommand.class.getResourceAsStream(RESOURCE),
                "the built-in net " + RESOURCE + " is missing from the jar")) {
            return NetFile.read(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void inputs(NetFile net, Workspace ws, StringBuilder out) {
        out.append("Inputs\n");
        int width = width(net.blobs().keySet());
        for (String name : net.blobs().keySet()) {
            blobLine(out, name, ws.fetch(name), width);
        }
        out.append('\n');
    }

    private static void merges(NetFile net, Workspace ws, StringBuilder out) {
        for (int i = 0; i < net.ops().size(); i++) {
            OperatorDef op = net.ops().get(i);
            out.append("ops[").append(i).append("] ").append(op.type());
            long[] ids = OperatorRegistry.schema(op.type()).takesFeatureIds() ? op.featureIds() : null;
            if (ids != null) {
                out.append(", feature_ids ").append(java.util.Arrays.toString(ids));
            }
            out.append("\n  reads  ").append(String.join(", ", op.inputs())).append('\n');
            int width = width(op.outputs());
            for (String name : op.outputs()) {
                blobLine(out, name, ws.fetch(name), width);
            }
            out.append('\n');
        }
    }

    /** The merged tensors read back example by example: {@code id: value}, {@code id: [run]}, {@code id: {k: v}}. */
    private static void examples(NetFile net, Workspace ws, StringBuilder out) {
        List<List<String>> perExample = new ArrayList<>();
        for (OperatorDef op : net.ops()) {
            if (OperatorRegistry.schema(op.type()).isGradient()) {
                continue;
            }
            List<Tensor> o = new ArrayList<>();
            for (String name : op.outputs()) {
                o.add(ws.fetch(name));
            }
            Tensor lengths = o.get(0);
            Tensor keys = o.get(1);
            long feature = 0;
            long value = 0;
            for (int e = 0; e < lengths.count(); e++) {
                while (perExample.size() <= e) {
                    perExample.add(new ArrayList<>());
                }
                for (int f = 0; f < lengths.getInt(e); f++, feature++) {
                    StringBuilder sb = new StringBuilder().append(keys.getLong(feature)).append(": ");
                    if (o.size() == 3) {
                        element(sb, o.get(2), feature);
                    } else {
                        int run = o.get(2).getInt(feature);
                        sb.append(o.size() == 4 ? '[' : '{');
                        for (int r = 0; r < run; r++, value++) {
                            sb.append(r == 0 ? "" : ", ");
                            if (o.size() == 5) {
                                element(sb, o.get(3), value).append(": ");
                            }
                            element(sb, o.get(o.size() - 1), value);
                        }
                        sb.append(o.size() == 4 ? ']' : '}');
                    }
                    perExample.get(e).add(sb.toString());
                }
            }
        }
        if (perExample.isEmpty()) {
            return;
        }
        out.append("Merged features, example by example (feature id: value)\n");
        for (int e = 0; e < perExample.size(); e++) {
            out.append("  example ").append(e).append(":  ");
            out.append(perExample.get(e).isEmpty() ? "(none)" : String.join("   ", perExample.get(e)));
            out.append('\n');
        }
        out.append('\n');
    }

    private static int gradients(NetFile net, Workspace ws, StringBuilder out, String source) {
        out.append("Gradients: each merged values blob fed back as its own gradient (x_grad = x)\n");
        int checked = 0;
        int failed = 0;
        for (int i = 0; i < net.ops().size(); i++) {
            OperatorDef op = net.ops().get(i);
            OperatorSchema schema = OperatorRegistry.schema(op.type());
            if (schema.isGradient()) {
                continue;
            }
            if (op.type().equals("MergeDenseFeatureTensors")) {
                out.append("ops[").append(i).append("] ").append(op.type()).append(": has no gradient\n\n");
                continue;
            }
            List<OperatorDef> grads = OperatorRegistry.gradient(op, i);
            String merged = op.outputs().get(op.outputs().size() - 1);
            ws.feed(OperatorRegistry.gradientName(merged), ws.fetch(merged));
            for (OperatorDef g : grads) {
                try {
                    ws.run(g, i);
                } catch (OperatorException e) {
                    throw new BadInputException(source + ": gradient of " + e.getMessage(), e);
                }
                out.append("ops[").append(i).append("] gradient: ").append(g.type()).append('\n');
                out.append("  reads  ").append(String.join(", ", g.inputs())).append('\n');
                int width = width(g.outputs());
                List<String> texts = new ArrayList<>();
                List<String> verdicts = new ArrayList<>();
                for (int k = 0; k < g.outputs().size(); k++) {
                    String gradName = g.outputs().get(k);
                    String valuesName = gradName.substring(0, gradName.length()
                            - OperatorRegistry.GRADIENT_SUFFIX.length());
                    Tensor grad = ws.fetch(gradName);
                    Tensor values = ws.fetch(valuesName);
                    Tensor presence = op.type().equals(SINGLE_SCALAR) ? ws.fetch(op.inputs().get(2 * k + 1)) : null;
                    String mismatch = compare(grad, values, presence);
                    checked++;
                    if (mismatch != null) {
                        failed++;
                    }
                    StringBuilder text = new StringBuilder();
                    blobText(text, gradName, grad, width);
                    texts.add(text.toString());
                    verdicts.add(mismatch != null ? "FAILED: " + mismatch
                            : "OK: equals " + valuesName + (presence != null ? " where present, the default where absent" : ""));
                }
                int textWidth = width(texts);
                for (int k = 0; k < texts.size(); k++) {
                    out.append(texts.get(k)).append(" ".repeat(textWidth - texts.get(k).length() + 3))
                            .append(verdicts.get(k)).append('\n');
                }
            }
            out.append('\n');
        }
        if (checked == 0) {
            // "OK (0 of 0)" would claim a check that never ran.
            throw new BadInputException(source + ": nothing to check: no operator of the net has a gradient (the "
                    + "demo checks the gradients of the MergeSingle* and MergeMulti* operators)", null);
        }
        if (failed == 0) {
            out.append("round trip: OK (").append(checked).append(" of ").append(checked)
                    .append(" gradients give back their inputs' values)\n");
            return Main.OK;
        }
        out.append("round trip: FAILED (").append(failed).append(" of ").append(checked)
                .append(" gradients differ from their inputs' values)\n");
        return Main.FAILED;
    }

    /**
     * Compares a gradient with the values it should give back.
     *
     * @param presence for a scalar feature, where the value is present (absent: the default)
     * @return {@code null} if equal, else what differs
     */
    static String compare(Tensor grad, Tensor values, Tensor presence) {
        if (grad.dtype() != values.dtype()) {
            return "dtype " + grad.dtype().label() + ", input is " + values.dtype().label();
        }
        if (grad.count() != values.count()) {
            return grad.count() + " elements, input has " + values.count();
        }
        for (long e = 0; e < grad.count(); e++) {
            Object want = presence == null || presence.getBoolean(e) ? values.getObject(e) : values.dtype().defaultValue();
            Object got = grad.getObject(e);
            if (!want.equals(got)) {
                return "element " + e + " is " + got + ", expected " + want;
            }
        }
        return null;
    }


    private static int width(Iterable<String> names) {
        int w = 0;
        for (String n : names) {
            w = Math.max(w, n.length());
        }
        return w;
    }

    private static void blobLine(StringBuilder out, String name, Tensor t, int width) {
        blobText(out, name, t, width);
        out.append('\n');
    }

    private static void blobText(StringBuilder out, String name, Tensor t, int width) {
        out.append("  ").append(name).append(" ".repeat(width - name.length() + 2));
        StringBuilder type = new StringBuilder(t.dtype().label()).append('[').append(t.dim(0));
        if (t.rank() == 2) {
            type.append(", ").append(t.dim(1));
        }
        type.append(']');
        out.append(type).append(" ".repeat(Math.max(1, 12 - type.length()))).append('[');
        long n = Math.min(t.count(), SHOWN_ELEMENTS);
        for (long i = 0; i < n; i++) {
            element(out.append(i == 0 ? "" : ", "), t, i);
        }
        out.append(t.count() > n ? ", ...]" : "]");
    }

    private static StringBuilder element(StringBuilder sb, Tensor t, long i) {
        return switch (t.dtype()) {
            case FLOAT -> sb.append(JsonOutput.floatText(t.getFloat(i)));
            case DOUBLE -> sb.append(JsonOutput.doubleText(t.getDouble(i)));
            case STRING -> sb.append(JsonOutput.quote(t.getString(i)));
            default -> sb.append(t.getObject(i));
        };
    }
}
