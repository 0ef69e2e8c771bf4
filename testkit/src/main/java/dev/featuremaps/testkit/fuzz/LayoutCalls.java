package dev.featuremaps.testkit.fuzz;

import dev.featuremaps.operators.OperatorArguments;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.testkit.model.Cases;
import dev.featuremaps.testkit.model.Cases.Fill;
import dev.featuremaps.testkit.model.Cases.Shape;
import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.Model;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The key-major and padded-dense operators for the fuzzer: valid random calls, the validation
 * rules of SEMANTICS.md for their fixed inputs and arguments written as plainly as the model,
 * and the model's outputs.
 */
final class LayoutCalls {
    /** The type names, in SEMANTICS.md order. */
    static final List<String> NAMES = List.of(
            "MultiScalarFeatureTensorsToKeyMajor", "MultiListFeatureTensorsToKeyMajor",
            "MultiMapFeatureTensorsToKeyMajor", "JaggedToPaddedDense", "PaddedDenseToJagged",
            "MultiScalarFeatureTensorsToKeyMajorGradient", "MultiListFeatureTensorsToKeyMajorGradient",
            "MultiMapFeatureTensorsToKeyMajorGradient", "JaggedToPaddedDenseGradient");

    private static final long MAX_TOTAL = Integer.MAX_VALUE;

    private LayoutCalls() {
    }

    /** 0 scalar, 1 list, 2 map for the key-major operators, -1 for the others. */
    static int keyMajorKind(String op) {
        return op.startsWith("MultiScalar") ? 0 : op.startsWith("MultiList") ? 1 : op.startsWith("MultiMap") ? 2 : -1;
    }

    static boolean gradient(String op) {
        return op.endsWith("Gradient");
    }

    /** @return the input roles, in order */
    static List<String> roles(String op) {
        return switch (op) {
            case "MultiScalarFeatureTensorsToKeyMajor" -> List.of("lengths", "keys", "values");
            case "MultiListFeatureTensorsToKeyMajor" -> List.of("lengths", "keys", "values.lengths", "values.values");
            case "MultiMapFeatureTensorsToKeyMajor" ->
                    List.of("lengths", "keys", "values.lengths", "values.keys", "values.values");
            case "MultiScalarFeatureTensorsToKeyMajorGradient" -> List.of("lengths", "keys", "grad");
            case "MultiListFeatureTensorsToKeyMajorGradient", "MultiMapFeatureTensorsToKeyMajorGradient" ->
                    List.of("lengths", "keys", "values.lengths", "grad");
            case "JaggedToPaddedDense" -> List.of("lengths", "values");
            case "PaddedDenseToJagged" -> List.of("dense", "lengths");
            case "JaggedToPaddedDenseGradient" -> List.of("lengths", "dense");
            default -> throw new IllegalArgumentException("unknown operator " + op);
        };
    }

    /** @return the position of the matrix input, or -1 */
    static int matrixInput(String op) {
        return op.equals("PaddedDenseToJagged") ? 0 : op.equals("JaggedToPaddedDenseGradient") ? 1 : -1;
    }

    /** A valid call; gradients get their forward's output as the incoming gradient. */
    static Fuzzer.ValidCall valid(String op, Shape s, Fill f) {
        int kind = keyMajorKind(op);
        if (kind >= 0) {
            List<Column> in = new ArrayList<>();
            long[] keys;
            Model.KeyMajor km;
            if (kind == 0) {
                Model.MultiScalar m = Cases.multiScalars(s, f).get(0);
                Cases.Keyed k = Cases.keyed(f, m.keys().size());
                keys = k.keys();
                m = new Model.MultiScalar(m.lengths(), k.ids(), m.values());
                in.addAll(m.columns());
                km = Model.multiScalarToKeyMajor(m, keys);
            } else {
                Model.MultiMap m = Cases.multiMaps(s, f).get(0);
                Cases.Keyed k = Cases.keyed(f, m.keys().size());
                keys = k.keys();
                m = new Model.MultiMap(m.lengths(), k.ids(), m.valuesLengths(), m.valuesKeys(), m.valuesValues());
                in.addAll(kind == 1 ? List.of(m.lengths(), m.keys(), m.valuesLengths(), m.valuesValues())
                        : m.columns());
                km = kind == 1 ? Model.multiListToKeyMajor(
                        new Model.MultiList(m.lengths(), m.keys(), m.valuesLengths(), m.valuesValues()), keys)
                        : Model.multiMapToKeyMajor(m, keys);
            }
            if (gradient(op)) {
                in = new ArrayList<>(in.subList(0, kind == 0 ? 2 : 3));
                in.add(kind == 2 ? km.weights() : km.values());
            }
            return new Fuzzer.ValidCall(op, in, OperatorArguments.ids(keys), 0, 0);
        }
        int rows = s.batch();
        switch (op) {
            case "JaggedToPaddedDense" -> {
                Column lengths = f.lengths(rows, s.maxRun());
                int maxLength = 1 + f.nextInt(s.maxRun() + 2);
                double padding = switch (s.valueType()) {
                    case BOOL -> f.nextInt(2);
                    case STRING -> 0;
                    case FLOAT, DOUBLE -> f.nextInt(2) == 0 ? -2.5 : Double.NaN;
                    default -> f.nextInt(2001) - 1000;
                };
                return new Fuzzer.ValidCall(op, List.of(lengths, f.values(s.valueType(), lengths.sum())),
                        OperatorArguments.padding(maxLength, padding), 0, 0);
            }
            case "PaddedDenseToJagged" -> {
                int columns = f.nextInt(s.maxRun() + 2);
                Column lengths = f.lengths(rows, columns);
                return new Fuzzer.ValidCall(op, List.of(f.values(s.valueType(), (long) rows * columns), lengths),
                        OperatorArguments.NONE, rows, columns);
            }
            case "JaggedToPaddedDenseGradient" -> {
                int columns = 1 + f.nextInt(s.maxRun() + 2);
                Column lengths = f.lengths(rows, s.maxRun());
                return new Fuzzer.ValidCall(op, List.of(lengths, f.values(s.valueType(), (long) rows * columns)),
                        OperatorArguments.NONE, rows, columns);
            }
            default -> throw new IllegalArgumentException("unknown operator " + op);
        }
    }

    /** Why the call must be rejected, or {@code null}. */
    static String problem(String op, List<Column> in, OperatorArguments args, long rows, int columns) {
        List<String> roles = roles(op);
        if (in.size() != roles.size()) {
            return "input count";
        }
        int kind = keyMajorKind(op);
        if (kind >= 0) {
            Column lengths = in.get(0);
            if (lengths.dtype() != DType.INT32) {
                return "lengths dtype";
            }
            long entries = nonNegativeSum(lengths);
            if (entries < 0) {
                return "negative length";
            }
            Column ids = in.get(1);
            if (ids.dtype() != DType.INT64) {
                return "keys dtype";
            }
            if (ids.size() != entries) {
                return "keys size";
            }
            long values = entries;
            Column runLengths = null;
            if (kind != 0) {
                runLengths = in.get(2);
                if (runLengths.dtype() != DType.INT32) {
                    return "values.lengths dtype";
                }
                if (runLengths.size() != entries) {
                    return "values.lengths size";
                }
                values = nonNegativeSum(runLengths);
                if (values < 0) {
                    return "negative values.lengths";
                }
            }
            if (!gradient(op)) {
                for (int i = kind == 0 ? 2 : 3; i < in.size(); i++) {
                    if (in.get(i).size() != values) {
                        return roles.get(i) + " size";
                    }
                }
            }
            long[] keys = args.ids();
            if (keys == null) {
                return "keys missing";
            }
            Set<Long> seen = new HashSet<>();
            for (long k : keys) {
                if (!seen.add(k)) {
                    return "keys repeated";
                }
            }
            if ((long) keys.length * lengths.size() > MAX_TOTAL) {
                return "key-major lengths";
            }
            if (gradient(op)) {
                long kept = 0;
                for (int f = 0; f < entries; f++) {
                    if (seen.contains((Long) ids.get(f))) {
                        kept += runLengths == null ? 1 : runLengths.intAt(f);
                    }
                }
                if (in.get(in.size() - 1).size() != kept) {
                    return "gradient size";
                }
            }
            return null;
        }
        int l = op.equals("PaddedDenseToJagged") ? 1 : 0;
        int m = matrixInput(op);
        Column lengths = in.get(l);
        if (m >= 0 && in.get(m).size() != rows * columns) {
            return "dense rank";
        }
        if (lengths.dtype() != DType.INT32) {
            return "lengths dtype";
        }
        if (m >= 0 && lengths.size() != rows) {
            return "lengths size";
        }
        long values = nonNegativeSum(lengths);
        if (values < 0) {
            return "negative length";
        }
        if (values > MAX_TOTAL) {
            return "values total";
        }
        if (op.equals("PaddedDenseToJagged")) {
            for (int e = 0; e < lengths.size(); e++) {
                if (lengths.intAt(e) > columns) {
                    return "length past the columns";
                }
            }
        }
        if (op.equals("JaggedToPaddedDense")) {
            if (in.get(1).size() != values) {
                return "values size";
            }
            if (args.maxLength() < 1) {
                return "max_length";
            }
            if ((double) args.maxLength() * lengths.size() > MAX_TOTAL) {
                return "cells";
            }
            double v = args.paddingValue();
            boolean fits = switch (in.get(1).dtype()) {
                case BOOL -> v == 0 || v == 1;
                case INT32 -> v == Math.rint(v) && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
                case INT64 -> v == Math.rint(v) && v >= -0x1p63 && v < 0x1p63;
                case FLOAT, DOUBLE -> true;
                case STRING -> v == 0;
            };
            if (!fits) {
                return "padding_value";
            }
        }
        return null;
    }

    /** The model's outputs for a valid call. */
    static List<Column> run(String op, List<Column> in, OperatorArguments args, int columns) {
        long[] keys = args.ids();
        return switch (op) {
            case "MultiScalarFeatureTensorsToKeyMajor" ->
                    Model.multiScalarToKeyMajor(new Model.MultiScalar(in.get(0), in.get(1), in.get(2)), keys).columns();
            case "MultiListFeatureTensorsToKeyMajor" -> Model.multiListToKeyMajor(
                    new Model.MultiList(in.get(0), in.get(1), in.get(2), in.get(3)), keys).columns();
            case "MultiMapFeatureTensorsToKeyMajor" -> Model.multiMapToKeyMajor(
                    new Model.MultiMap(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4)), keys).columns();
            case "MultiScalarFeatureTensorsToKeyMajorGradient" ->
                    List.of(Model.toKeyMajorGradient(in.get(0), in.get(1), null, keys, in.get(2)));
            case "MultiListFeatureTensorsToKeyMajorGradient", "MultiMapFeatureTensorsToKeyMajorGradient" ->
                    List.of(Model.toKeyMajorGradient(in.get(0), in.get(1), in.get(2), keys, in.get(3)));
            case "JaggedToPaddedDense" -> List.of(Model.jaggedToPaddedDense(in.get(0), in.get(1),
                    (int) args.maxLength(), Model.paddingElement(in.get(1).dtype(), args.paddingValue())));
            case "PaddedDenseToJagged" -> List.of(Model.paddedDenseToJagged(in.get(0), columns, in.get(1)));
            case "JaggedToPaddedDenseGradient" -> List.of(Model.paddedDenseToJagged(in.get(1), columns, in.get(0)));
            default -> throw new IllegalArgumentException("unknown operator " + op);
        };
    }

    /** @return the sum, or -1 when some element is negative */
    private static long nonNegativeSum(Column c) {
        long sum = 0;
        for (int i = 0; i < c.size(); i++) {
            if (c.intAt(i) < 0) {
                return -1;
            }
            sum += c.intAt(i);
        }
        return sum;
    }
}
