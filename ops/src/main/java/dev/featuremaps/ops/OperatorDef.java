package dev.featuremaps.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One operator of a net, as Caffe2's {@code OperatorDef}: a type name, the names of the blobs it
 * reads and writes, and named arguments.
 *
 * <p>Argument values are {@link Long}, {@link Double}, {@link String}, {@link Boolean} or a
 * {@link List} of one of those (Caffe2's {@code i}, {@code f}, {@code s}, {@code ints}, {@code
 * floats}, {@code strings}). The feature operators take one argument, {@code feature_ids}, a list
 * of int64. Instances are immutable; arguments keep their order.
 *
 * @param type the operator's type name, e.g. {@code MergeSingleScalarFeatureTensors}
 * @param inputs input blob names in the operator's input order
 * @param outputs output blob names in the operator's output order
 * @param args named arguments
 */
public record OperatorDef(String type, List<String> inputs, List<String> outputs, Map<String, Object> args) {
    /** The argument that gives one feature id per feature (or dense column). */
    public static final String FEATURE_IDS = "feature_ids";
    /** The argument of the key-major operators: the feature ids to keep, in output order. */
    public static final String KEYS = "keys";
    /** The argument of {@code JaggedToPaddedDense}: cells per row. */
    public static final String MAX_LENGTH = "max_length";
    /** The argument of {@code JaggedToPaddedDense}: the value of the cells past a run. */
    public static final String PADDING_VALUE = "padding_value";

    /** Copies the lists and the arguments, checking the argument value types. */
    public OperatorDef {
        Objects.requireNonNull(type, "type");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : args.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), "argument name"), checkArg(e.getKey(), e.getValue()));
        }
        args = Collections.unmodifiableMap(copy);
    }

    /**
     * An operator without arguments.
     *
     * @param type the type name
     * @param inputs input blob names
     * @param outputs output blob names
     * @return the definition
     */
    public static OperatorDef of(String type, List<String> inputs, List<String> outputs) {
        return new OperatorDef(type, inputs, outputs, Map.of());
    }

    /**
     * An operator with a {@code feature_ids} argument.
     *
     * @param type the type name
     * @param inputs input blob names
     * @param outputs output blob names
     * @param featureIds one id per feature
     * @return the definition
     */
    public static OperatorDef of(String type, List<String> inputs, List<String> outputs, long... featureIds) {
        List<Object> ids = new ArrayList<>(featureIds.length);
        for (long id : featureIds) {
            ids.add(id);
        }
        return new OperatorDef(type, inputs, outputs, Map.of(FEATURE_IDS, ids));
    }

    private static Object checkArg(String name, Object value) {
        if (value instanceof List<?> list) {
            Class<?> first = null;
            for (Object item : list) {
                checkScalar(name, item);
                if (first != null && item.getClass() != first) {
                    throw new IllegalArgumentException("argument '" + name + "' mixes "
                            + first.getSimpleName() + " and " + item.getClass().getSimpleName() + " values");
                }
                first = item.getClass();
            }
            return List.copyOf(list);
        }
        checkScalar(name, value);
        return value;
    }

    private static void checkScalar(String name, Object value) {
        if (!(value instanceof Long || value instanceof Double || value instanceof String
                || value instanceof Boolean)) {
            throw new IllegalArgumentException("argument '" + name + "' has a value of type "
                    + (value == null ? "null" : value.getClass().getSimpleName())
                    + ": expected Long, Double, String, Boolean or a list of one of them");
        }
    }

    /**
     * The {@code feature_ids} argument.
     *
     * @return the ids, or {@code null} when the argument is absent
     * @throws IllegalArgumentException if it is not a list of integers
     */
    public long[] featureIds() {
        return longs(FEATURE_IDS);
    }

    /**
     * An argument that is a list of int64, such as {@code feature_ids} or {@code keys}.
     *
     * @param name the argument's name
     * @return its values, or {@code null} when the argument is absent
     * @throws IllegalArgumentException if it is not a list of integers
     */
    public long[] longs(String name) {
        Object value = args.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("argument '" + name + "' must be a list of int64, got " + value);
        }
        long[] ids = new long[list.size()];
        for (int i = 0; i < ids.length; i++) {
            if (!(list.get(i) instanceof Long id)) {
                throw new IllegalArgumentException("argument '" + name + "' must be a list of int64, entry "
                        + i + " is " + list.get(i));
            }
            ids[i] = id;
        }
        return ids;
    }

    /**
     * An argument that is one number.
     *
     * @param name the argument's name
     * @param integer whether it must be an integer
     * @return its value, or {@code null} when the argument is absent
     * @throws IllegalArgumentException if it is not a number (an integer when {@code integer})
     */
    public Number number(String name, boolean integer) {
        Object value = args.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Long || (!integer && value instanceof Double)) {
            return (Number) value;
        }
        if (!integer && value instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        throw new IllegalArgumentException("argument '" + name + "' must be " + (integer ? "an integer" : "a number")
                + ", got " + value);
    }

    @Override
    public String toString() {
        return type + inputs + " -> " + outputs + (args.isEmpty() ? "" : " " + args);
    }
}
