package dev.featuremaps.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The 13 operator types of SEMANTICS.md by Caffe2 type name: their {@link OperatorSchema}s, the
 * check of an {@link OperatorDef} against its schema, and the gradient makers (Caffe2's {@code
 * GetMerge*FeatureTensorsGradient}).
 *
 * <p>A gradient maker turns a forward operator with input names I and output names O into the
 * gradient operator whose inputs are the forward's lengths and presence blobs and {@code
 * G(O[last])}, and whose outputs are {@code G(values)} of every feature or input, where
 * {@code G(x)} is {@code x_grad}.
 */
public final class OperatorRegistry {
    /** Suffix of a gradient blob's name: the gradient of {@code x} is {@code x_grad}. */
    public static final String GRADIENT_SUFFIX = "_grad";

    private static final Map<String, OperatorSchema> SCHEMAS;
    private static final Map<String, Maker> MAKERS;

    /**
     * How a forward operator's gradient is made: the gradient type, which inputs of each forward
     * group it reads, and which input of the group is the values whose gradient it writes.
     */
    private record Maker(String gradientType, int[] readOffsets, int valuesOffset) {
    }

    static {
        Map<String, OperatorSchema> s = new LinkedHashMap<>();
        Map<String, Maker> m = new LinkedHashMap<>();
        List<String> three = List.of("lengths", "keys", "values");
        List<String> four = List.of("lengths", "keys", "values.lengths", "values.values");
        List<String> five = List.of("lengths", "keys", "values.lengths", "values.keys", "values.values");

        forward(s, m, OperatorSchema.forward("MergeSingleScalarFeatureTensors", "feature",
                List.of("values", "presence"), three, true), new int[] {1}, 0);
        forward(s, m, OperatorSchema.forward("MergeSingleListFeatureTensors", "feature",
                List.of("lengths", "values", "presence"), four, true), new int[] {0, 2}, 1);
        forward(s, m, OperatorSchema.forward("MergeSingleMapFeatureTensors", "feature",
                List.of("lengths", "keys", "values", "presence"), five, true), new int[] {0, 3}, 2);
        forward(s, m, OperatorSchema.forward("MergeMultiScalarFeatureTensors", "input",
                List.of("lengths", "keys", "values"), three, false), new int[] {0}, 2);
        forward(s, m, OperatorSchema.forward("MergeMultiListFeatureTensors", "input",
                List.of("lengths", "keys", "values.lengths", "values.values"), four, false), new int[] {0, 2}, 3);
        forward(s, m, OperatorSchema.forward("MergeMultiMapFeatureTensors", "input",
                List.of("lengths", "keys", "values.lengths", "values.keys", "values.values"), five, false),
                new int[] {0, 2}, 4);
        add(s, OperatorSchema.dense("MergeDenseFeatureTensors"));

        add(s, OperatorSchema.gradient("MergeSingleScalarFeatureTensorsGradient", "feature",
                List.of("presence"), "values_grad", "values_grad"));
        add(s, OperatorSchema.gradient("MergeSingleListFeatureTensorsGradient", "feature",
                List.of("lengths", "presence"), "values.values_grad", "values_grad"));
        add(s, OperatorSchema.gradient("MergeSingleMapFeatureTensorsGradient", "feature",
                List.of("lengths", "presence"), "values.values_grad", "values_grad"));
        add(s, OperatorSchema.gradient("MergeMultiScalarFeatureTensorsGradient", "input",
                List.of("lengths"), "values_grad", "values_grad"));
        add(s, OperatorSchema.gradient("MergeMultiListFeatureTensorsGradient", "input",
                List.of("lengths", "values.lengths"), "values.values_grad", "values.values_grad"));
        add(s, OperatorSchema.gradient("MergeMultiMapFeatureTensorsGradient", "input",
                List.of("lengths", "values.lengths"), "values.values_grad", "values.values_grad"));

        List<String> keys = List.of(OperatorDef.KEYS);
        List<String> padding = List.of(OperatorDef.MAX_LENGTH, OperatorDef.PADDING_VALUE);
        forward(s, m, OperatorSchema.fixed("MultiScalarFeatureTensorsToKeyMajor", three, List.of("lengths", "values"),
                false, keys, keys), new int[] {0, 1}, 2);
        forward(s, m, OperatorSchema.fixed("MultiListFeatureTensorsToKeyMajor", four, List.of("lengths", "values"),
                false, keys, keys), new int[] {0, 1, 2}, 3);
        forward(s, m, OperatorSchema.fixed("MultiMapFeatureTensorsToKeyMajor", five,
                List.of("lengths", "values", "weights"), false, keys, keys), new int[] {0, 1, 2}, 4);
        forward(s, m, OperatorSchema.fixed("JaggedToPaddedDense", List.of("lengths", "values"), List.of("dense"),
                false, padding, List.of(OperatorDef.MAX_LENGTH)), new int[] {0}, 1);
        add(s, OperatorSchema.fixed("PaddedDenseToJagged", List.of("dense", "lengths"), List.of("values"), false,
                List.of(), List.of()));
        add(s, OperatorSchema.fixed("MultiScalarFeatureTensorsToKeyMajorGradient",
                List.of("lengths", "keys", "values_grad"), List.of("values_grad"), true, keys, keys));
        add(s, OperatorSchema.fixed("MultiListFeatureTensorsToKeyMajorGradient",
                List.of("lengths", "keys", "values.lengths", "values_grad"), List.of("values_grad"), true, keys, keys));
        add(s, OperatorSchema.fixed("MultiMapFeatureTensorsToKeyMajorGradient",
                List.of("lengths", "keys", "values.lengths", "weights_grad"), List.of("values.values_grad"), true,
                keys, keys));
        // The row length is dense_grad's; the forward's arguments, which a maker copies, are
        // accepted and not read.
        add(s, OperatorSchema.fixed("JaggedToPaddedDenseGradient", List.of("lengths", "dense_grad"),
                List.of("values_grad"), true, padding, List.of()));
        SCHEMAS = Collections.unmodifiableMap(s);
        MAKERS = Collections.unmodifiableMap(m);
    }

    private static void forward(Map<String, OperatorSchema> s, Map<String, Maker> m, OperatorSchema schema,
                                int[] readOffsets, int valuesOffset) {
        add(s, schema);
        m.put(schema.type(), new Maker(schema.type() + "Gradient", readOffsets, valuesOffset));
    }

    private static void add(Map<String, OperatorSchema> s, OperatorSchema schema) {
        s.put(schema.type(), schema);
    }

    private OperatorRegistry() {
    }

    /**
     * @return the type names in SEMANTICS.md order: Caffe2's 13, forward operators first, then the
     *     key-major and padded-dense ones
     */
    public static List<String> types() {
        return List.copyOf(SCHEMAS.keySet());
    }

    /**
     * The schema of a type.
     *
     * @param type a type name
     * @return its schema, or {@code null} if no operator has that name
     */
    public static OperatorSchema schema(String type) {
        return SCHEMAS.get(type);
    }

    /**
     * Checks an operator against its schema: a known type, an input count that fits, the output
     * count that goes with it, distinct output names, and the arguments it takes.
     *
     * @param def the operator
     * @param position its index in the net, or {@link OperatorException#NO_POSITION}
     * @return the schema
     * @throws OperatorException naming the operator and what does not fit
     */
    public static OperatorSchema check(OperatorDef def, int position) {
        OperatorSchema schema = SCHEMAS.get(def.type());
        if (schema == null) {
            throw new OperatorException(def.type(), position, "unknown operator type; known types: "
                    + String.join(", ", SCHEMAS.keySet()));
        }
        int n = def.inputs().size();
        int groups = schema.groups(n);
        if (groups < 0) {
            throw new OperatorException(def.type(), position, n + " inputs " + def.inputs()
                    + ", expected " + schema.inputRule());
        }
        int outputs = schema.outputCount(groups);
        if (def.outputs().size() != outputs) {
            throw new OperatorException(def.type(), position, def.outputs().size() + " outputs " + def.outputs()
                    + ", expected " + schema.outputRule(groups));
        }
        Set<String> seen = new HashSet<>();
        for (String out : def.outputs()) {
            if (!seen.add(out)) {
                throw new OperatorException(def.type(), position, "output blob '" + out + "' is written twice "
                        + def.outputs());
            }
        }
        for (Map.Entry<String, Object> arg : def.args().entrySet()) {
            String name = arg.getKey();
            // Caffe2 copies a forward operator's arguments onto its gradient operators; the merge
            // gradients ignore feature_ids, so accept it there and such nets load unchanged.
            boolean copied = OperatorDef.FEATURE_IDS.equals(name) && schema.isGradient() && schema.arguments().isEmpty();
            if (!schema.arguments().contains(name) && !copied) {
                throw new OperatorException(def.type(), position, "unknown argument '" + name + "'; "
                        + (schema.arguments().isEmpty() ? "the operator takes no arguments"
                        : "the operator takes only " + String.join(", ", schema.arguments())));
            }
        }
        for (String name : schema.requiredArguments()) {
            if (!def.args().containsKey(name) && !name.equals(OperatorDef.FEATURE_IDS)) {
                throw new OperatorException(def.type(), position, "argument " + name + " is missing: expected "
                        + (name.equals(OperatorDef.KEYS) ? "the int64 feature ids to keep, in output order"
                        : "the row length, an integer of at least 1"));
            }
        }
        try {
            if (schema.arguments().contains(OperatorDef.KEYS)) {
                def.longs(OperatorDef.KEYS);
            }
            if (schema.arguments().contains(OperatorDef.MAX_LENGTH)) {
                def.number(OperatorDef.MAX_LENGTH, true);
                def.number(OperatorDef.PADDING_VALUE, false);
            }
        } catch (IllegalArgumentException e) {
            throw new OperatorException(def.type(), position, e.getMessage());
        }
        if (schema.takesFeatureIds()) {
            checkFeatureIds(def, position, schema, groups);
        }
        return schema;
    }

    private static void checkFeatureIds(OperatorDef def, int position, OperatorSchema schema, int groups) {
        long[] ids;
        try {
            ids = def.featureIds();
        } catch (IllegalArgumentException e) {
            throw new OperatorException(def.type(), position, e.getMessage());
        }
        if (ids == null) {
            throw new OperatorException(def.type(), position, "argument " + OperatorDef.FEATURE_IDS
                    + " is missing: expected " + groups + " int64 ids, one per "
                    + (schema.groupRoles().contains("dense") ? "column of input 0 (dense)" : "feature"));
        }
        // A dense merge has one id per column, known only from its tensor; the others one per
        // feature, known from the definition alone: check it here, so that a gradient made from
        // the definition (without running it) is refused as running it would be.
        if (!schema.groupRoles().contains("dense") && ids.length != groups) {
            throw new OperatorException(def.type(), position, OperatorDef.FEATURE_IDS + " has " + ids.length
                    + " entries, expected " + groups + " (one per feature)");
        }
    }

    /**
     * Caffe2's gradient maker: the gradient operators of a forward operator.
     *
     * @param forward a forward operator
     * @return its gradient operators (one for each of the six merge families)
     * @throws OperatorException if the type is unknown, has no gradient, or the operator does not
     *     fit its schema
     */
    public static List<OperatorDef> gradient(OperatorDef forward) {
        return gradient(forward, OperatorException.NO_POSITION);
    }

    /**
     * Caffe2's gradient maker, for an operator at a position in a net.
     *
     * @param forward a forward operator
     * @param position its index in the net, for messages, or {@link OperatorException#NO_POSITION}
     * @return its gradient operators
     * @throws OperatorException if the type is unknown, has no gradient, or the operator does not
     *     fit its schema
     */
    public static List<OperatorDef> gradient(OperatorDef forward, int position) {
        OperatorSchema schema = check(forward, position);
        Maker maker = MAKERS.get(forward.type());
        if (maker == null) {
            throw new OperatorException(forward.type(), position, "has no gradient"
                    + (schema.isGradient() ? " (it is a gradient operator)" : ""));
        }
        List<String> in = forward.inputs();
        int stride = schema.groupRoles().size();
        int groups = schema.groups(in.size());
        List<String> gradientInputs = new ArrayList<>();
        List<String> gradientOutputs = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            for (int offset : maker.readOffsets()) {
                gradientInputs.add(in.get(g * stride + offset));
            }
            gradientOutputs.add(gradientName(in.get(g * stride + maker.valuesOffset())));
        }
        List<String> out = forward.outputs();
        gradientInputs.add(gradientName(out.get(out.size() - 1)));
        // The key-major gradients need the forward's keys; other arguments stay behind.
        Map<String, Object> args = new LinkedHashMap<>();
        for (String name : SCHEMAS.get(maker.gradientType()).requiredArguments()) {
            args.put(name, forward.args().get(name));
        }
        return List.of(new OperatorDef(maker.gradientType(), gradientInputs, gradientOutputs, args));
    }

    /**
     * The gradient blob name of a blob.
     *
     * @param blob a blob name {@code x}
     * @return {@code x_grad}
     */
    public static String gradientName(String blob) {
        return blob + GRADIENT_SUFFIX;
    }
}
