package dev.featuremaps.testkit.fuzz;

import dev.featuremaps.operators.OperatorArguments;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * The model of SEMANTICS.md called by operator type name on inputs in Caffe2 order, with the
 * validation rules of SEMANTICS.md written as plainly as the model: the fuzzer's oracle for both
 * "what must this produce" and "must this be rejected".
 */
public final class ModelOperators {
    /** Type names, in SEMANTICS.md order: Caffe2's, then the key-major and padded-dense ones. */
    public static final List<String> NAMES = List.of(
            "MergeSingleScalarFeatureTensors", "MergeSingleListFeatureTensors",
            "MergeSingleMapFeatureTensors", "MergeMultiScalarFeatureTensors",
            "MergeMultiListFeatureTensors", "MergeMultiMapFeatureTensors", "MergeDenseFeatureTensors",
            "MergeSingleScalarFeatureTensorsGradient", "MergeSingleListFeatureTensorsGradient",
            "MergeSingleMapFeatureTensorsGradient", "MergeMultiScalarFeatureTensorsGradient",
            "MergeMultiListFeatureTensorsGradient", "MergeMultiMapFeatureTensorsGradient",
            "MultiScalarFeatureTensorsToKeyMajor", "MultiListFeatureTensorsToKeyMajor",
            "MultiMapFeatureTensorsToKeyMajor", "JaggedToPaddedDense", "PaddedDenseToJagged",
            "MultiScalarFeatureTensorsToKeyMajorGradient", "MultiListFeatureTensorsToKeyMajorGradient",
            "MultiMapFeatureTensorsToKeyMajorGradient", "JaggedToPaddedDenseGradient");

    private ModelOperators() {
    }

    /**
     * The roles of one group of inputs and of a trailing gradient input (or {@code null}).
     *
     * @param op a type name
     * @return {@code [groupRoles..., trailing-or-null]} as a layout
     */
    public static Layout layout(String op) {
        return switch (op) {
            case "MergeSingleScalarFeatureTensors" -> new Layout(List.of("values", "presence"), null, true);
            case "MergeSingleListFeatureTensors" -> new Layout(List.of("lengths", "values", "presence"), null, true);
            case "MergeSingleMapFeatureTensors" ->
                    new Layout(List.of("lengths", "keys", "values", "presence"), null, true);
            case "MergeMultiScalarFeatureTensors" -> new Layout(List.of("lengths", "keys", "values"), null, false);
            case "MergeMultiListFeatureTensors" ->
                    new Layout(List.of("lengths", "keys", "values.lengths", "values.values"), null, false);
            case "MergeMultiMapFeatureTensors" -> new Layout(
                    List.of("lengths", "keys", "values.lengths", "values.keys", "values.values"), null, false);
            case "MergeDenseFeatureTensors" -> new Layout(List.of("dense", "presence"), null, true);
            case "MergeSingleScalarFeatureTensorsGradient" -> new Layout(List.of("presence"), "grad", false);
            case "MergeSingleListFeatureTensorsGradient", "MergeSingleMapFeatureTensorsGradient" ->
                    new Layout(List.of("lengths", "presence"), "grad", false);
            case "MergeMultiScalarFeatureTensorsGradient" -> new Layout(List.of("lengths"), "grad", false);
            case "MergeMultiListFeatureTensorsGradient", "MergeMultiMapFeatureTensorsGradient" ->
                    new Layout(List.of("lengths", "values.lengths"), "grad", false);
            default -> {
                if (LayoutCalls.NAMES.contains(op)) {
                    // Fixed inputs: one group of every role, once.
                    yield new Layout(LayoutCalls.roles(op), null, false);
                }
                throw new IllegalArgumentException("unknown operator " + op);
            }
        };
    }

    /**
     * How an operator's inputs are laid out.
     *
     * @param group roles of one feature's (or input's) tensors
     * @param trailing role of the single input after the groups, or {@code null}
     * @param featureIds whether the operator takes feature_ids
     */
    public record Layout(List<String> group, String trailing, boolean featureIds) {
        /** @param i input position @param count input count @return the role of input i */
        public String role(int i, int count) {
            return trailing != null && i == count - 1 ? trailing : group.get(i % group.size());
        }
    }

    /**
     * Why the inputs must be rejected, or {@code null} when they are valid.
     *
     * @param op type name
     * @param in inputs in Caffe2 order (for the dense merge: flattened matrices)
     * @param ids feature_ids, where the operator takes them
     * @param denseColumns N of the dense merge's [B, N] inputs
     * @param presenceByteOk false when a presence byte is neither 0 nor 1
     * @return a reason, or {@code null}
     */
    public static String problem(String op, List<Column> in, long[] ids, int denseColumns, boolean presenceByteOk) {
        if (!presenceByteOk) {
            return "presence byte";
        }
        Layout layout = layout(op);
        int stride = layout.group().size();
        int extra = layout.trailing() == null ? 0 : 1;
        int count = in.size();
        if (op.equals("MergeDenseFeatureTensors")) {
            if (count != 2) {
                return "input count";
            }
            if (in.get(1).dtype() != DType.BOOL) {
                return "dtype";
            }
            if (in.get(0).size() != in.get(1).size()) {
                return "shape";
            }
            return ids.length != denseColumns ? "feature_ids" : null;
        }
        if (count < stride + extra || (count - extra) % stride != 0) {
            return "input count";
        }
        int groups = (count - extra) / stride;
        if (layout.featureIds() && ids.length != groups) {
            return "feature_ids";
        }
        long batch = -1;
        long total = 0;
        Column firstOf[] = new Column[stride];
        for (int g = 0; g < groups; g++) {
            long run = -1;
            long features = -1;
            long values = -1;
            for (int r = 0; r < stride; r++) {
                Column c = in.get(g * stride + r);
                String role = layout.group().get(r);
                if (firstOf[r] == null) {
                    firstOf[r] = c;
                }
                switch (role) {
                    case "presence" -> {
                        if (c.dtype() != DType.BOOL) {
                            return "presence dtype";
                        }
                        if (batch < 0) {
                            batch = c.size();
                        }
                        if (c.size() != batch) {
                            return "presence size";
                        }
                    }
                    case "lengths" -> {
                        if (c.dtype() != DType.INT32) {
                            return "lengths dtype";
                        }
                        if (batch < 0) {
                            batch = c.size();
                        }
                        if (c.size() != batch) {
                            return "lengths size";
                        }
                    }
                    case "keys" -> {
                        if (!layout.featureIds() && c.dtype() != DType.INT64) {
                            return "keys dtype";
                        }
                    }
                    case "values.lengths" -> {
                        if (c.dtype() != DType.INT32) {
                            return "values.lengths dtype";
                        }
                    }
                    default -> { }
                }
                if (!role.equals("presence") && !role.equals("lengths") && !role.equals("values.lengths")
                        && !(role.equals("keys") && !layout.featureIds()) && c.dtype() != firstOf[r].dtype()) {
                    return role + " types differ";
                }
            }
            // Sizes, now that B is known.
            Column lengths = layout.group().contains("lengths") ? in.get(g * stride + layout.group().indexOf("lengths")) : null;
            Column presence = layout.group().contains("presence")
                    ? in.get(g * stride + layout.group().indexOf("presence")) : null;
            if (presence != null && presence.size() != batch || lengths != null && lengths.size() != batch) {
                return "B";
            }
            if (lengths != null) {
                run = 0;
                for (int e = 0; e < batch; e++) {
                    boolean present = presence == null || presence.boolAt(e);
                    if (present && lengths.intAt(e) < 0) {
                        return "negative length";
                    }
                    if (present) {
                        run += lengths.intAt(e);
                    }
                }
                features = run;
            } else if (presence != null) {
                run = 0;
                for (int e = 0; e < batch; e++) {
                    run += presence.boolAt(e) ? 1 : 0;
                }
            }
            for (int r = 0; r < stride; r++) {
                Column c = in.get(g * stride + r);
                String role = layout.group().get(r);
                long want = switch (role) {
                    case "values", "keys" -> op.startsWith("MergeSingleScalar") ? batch : features;
                    case "values.lengths" -> features;
                    default -> -2;
                };
                if (want != -2 && c.size() != want) {
                    return role + " size";
                }
                if (role.equals("values.lengths")) {
                    values = 0;
                    for (int k = 0; k < c.size(); k++) {
                        if (c.intAt(k) < 0) {
                            return "negative values.lengths";
                        }
                        values += c.intAt(k);
                    }
                }
            }
            for (int r = 0; r < stride; r++) {
                Column c = in.get(g * stride + r);
                String role = layout.group().get(r);
                if ((role.equals("values.keys") || role.equals("values.values")) && c.size() != values) {
                    return role + " size";
                }
            }
            total += layout.group().contains("values.lengths") ? values : run;
        }
        if (layout.trailing() != null && in.get(count - 1).size() != total) {
            return "gradient size";
        }
        return null;
    }

    /**
     * The model's outputs for valid inputs.
     *
     * @param op type name
     * @param in inputs in Caffe2 order (dense: flattened)
     * @param ids feature_ids
     * @param denseColumns N of the dense merge
     * @return the outputs in Caffe2 order
     */
    public static List<Column> run(String op, List<Column> in, long[] ids, int denseColumns) {
        if (LayoutCalls.NAMES.contains(op)) {
            throw new IllegalArgumentException(op + " takes arguments beyond ids: call run(op, in, arguments, columns)");
        }
        return run(op, in, OperatorArguments.ids(ids), denseColumns);
    }

    /**
     * The model's outputs for valid inputs, with arguments.
     *
     * @param op type name
     * @param in inputs in the operator's order (matrices flattened)
     * @param arguments feature ids, keys or the padding arguments
     * @param columns N of the dense merge, or the columns of a padded-dense matrix input
     * @return the outputs in the operator's order
     */
    public static List<Column> run(String op, List<Column> in, OperatorArguments arguments, int columns) {
        if (LayoutCalls.NAMES.contains(op)) {
            return LayoutCalls.run(op, in, arguments, columns);
        }
        long[] ids = arguments.ids();
        int denseColumns = columns;
        int n = in.size();
        return switch (op) {
            case "MergeSingleScalarFeatureTensors" -> {
                List<Model.SingleScalar> f = new ArrayList<>();
                for (int i = 0; i < n; i += 2) {
                    f.add(new Model.SingleScalar(in.get(i), in.get(i + 1)));
                }
                yield Model.mergeSingleScalar(f, ids).columns();
            }
            case "MergeSingleListFeatureTensors" -> {
                List<Model.SingleList> f = new ArrayList<>();
                for (int i = 0; i < n; i += 3) {
                    f.add(new Model.SingleList(in.get(i), in.get(i + 1), in.get(i + 2)));
                }
                yield Model.mergeSingleList(f, ids).columns();
            }
            case "MergeSingleMapFeatureTensors" -> {
                List<Model.SingleMap> f = new ArrayList<>();
                for (int i = 0; i < n; i += 4) {
                    f.add(new Model.SingleMap(in.get(i), in.get(i + 1), in.get(i + 2), in.get(i + 3)));
                }
                yield Model.mergeSingleMap(f, ids).columns();
            }
            case "MergeMultiScalarFeatureTensors" -> {
                List<Model.MultiScalar> f = new ArrayList<>();
                for (int i = 0; i < n; i += 3) {
                    f.add(new Model.MultiScalar(in.get(i), in.get(i + 1), in.get(i + 2)));
                }
                yield Model.mergeMultiScalar(f).columns();
            }
            case "MergeMultiListFeatureTensors" -> {
                List<Model.MultiList> f = new ArrayList<>();
                for (int i = 0; i < n; i += 4) {
                    f.add(new Model.MultiList(in.get(i), in.get(i + 1), in.get(i + 2), in.get(i + 3)));
                }
                yield Model.mergeMultiList(f).columns();
            }
            case "MergeMultiMapFeatureTensors" -> {
                List<Model.MultiMap> f = new ArrayList<>();
                for (int i = 0; i < n; i += 5) {
                    f.add(new Model.MultiMap(in.get(i), in.get(i + 1), in.get(i + 2), in.get(i + 3), in.get(i + 4)));
                }
                yield Model.mergeMultiMap(f).columns();
            }
            case "MergeDenseFeatureTensors" ->
                    Model.mergeDense(new Model.Dense(in.get(0), in.get(1), denseColumns), ids).columns();
            case "MergeSingleScalarFeatureTensorsGradient" ->
                    Model.mergeSingleScalarGradient(in.subList(0, n - 1), in.get(n - 1));
            case "MergeSingleListFeatureTensorsGradient", "MergeSingleMapFeatureTensorsGradient" ->
                    Model.mergeSingleRunsGradient(every(in, 0, 2), every(in, 1, 2), in.get(n - 1));
            case "MergeMultiScalarFeatureTensorsGradient" ->
                    Model.mergeMultiScalarGradient(in.subList(0, n - 1), in.get(n - 1));
            case "MergeMultiListFeatureTensorsGradient", "MergeMultiMapFeatureTensorsGradient" ->
                    Model.mergeMultiRunsGradient(every(in, 0, 2), every(in, 1, 2), in.get(n - 1));
            default -> throw new IllegalArgumentException("unknown operator " + op);
        };
    }

    private static List<Column> every(List<Column> in, int first, int stride) {
        List<Column> out = new ArrayList<>();
        for (int i = first; i < in.size() - 1; i += stride) {
            out.add(in.get(i));
        }
        return out;
    }
}
