package dev.featuremaps.testkit.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.featuremaps.operators.KernelFamily;
import dev.featuremaps.operators.OperatorArguments;
import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.testkit.model.Cases;
import dev.featuremaps.testkit.model.Cases.Fill;
import dev.featuremaps.testkit.model.Cases.Shape;
import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.Model;
import dev.featuremaps.testkit.model.ModelTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The checks behind the key-major and padded-dense properties: each operator against the model
 * on every kernel family (through {@link OperatorHarness}), and the round trips the operators
 * promise: a key-major conversion, then its gradient fed the key-major values, gives back every
 * kept value (the default for dropped ones); padding, then unpadding with every length within
 * {@code max_length}, gives back every value.
 */
final class LayoutChecks {
    private final OperatorHarness harness = new OperatorHarness();

    void toKeyMajor(int kind, Shape s) {
        Fill f = new Fill(s.seed());
        OperatorType forward = kind == 0 ? OperatorType.MULTI_SCALAR_TO_KEY_MAJOR
                : kind == 1 ? OperatorType.MULTI_LIST_TO_KEY_MAJOR : OperatorType.MULTI_MAP_TO_KEY_MAJOR;
        OperatorType gradient = kind == 0 ? OperatorType.MULTI_SCALAR_TO_KEY_MAJOR_GRADIENT
                : kind == 1 ? OperatorType.MULTI_LIST_TO_KEY_MAJOR_GRADIENT
                : OperatorType.MULTI_MAP_TO_KEY_MAJOR_GRADIENT;
        List<Column> in;
        Model.KeyMajor km;
        Column runLengths;
        Column examples;
        Cases.Keyed k;
        if (kind == 0) {
            Model.MultiScalar m = Cases.multiScalars(s, f).get(0);
            k = Cases.keyed(f, m.keys().size());
            m = new Model.MultiScalar(m.lengths(), k.ids(), m.values());
            in = m.columns();
            km = Model.multiScalarToKeyMajor(m, k.keys());
            runLengths = null;
            examples = m.values();
        } else if (kind == 1) {
            Model.MultiList m = Cases.multiLists(s, f).get(0);
            k = Cases.keyed(f, m.keys().size());
            m = new Model.MultiList(m.lengths(), k.ids(), m.valuesLengths(), m.valuesValues());
            in = m.columns();
            km = Model.multiListToKeyMajor(m, k.keys());
            runLengths = m.valuesLengths();
            examples = m.valuesValues();
        } else {
            Model.MultiMap m = Cases.multiMaps(s, f).get(0);
            k = Cases.keyed(f, m.keys().size());
            m = new Model.MultiMap(m.lengths(), k.ids(), m.valuesLengths(), m.valuesKeys(), m.valuesValues());
            in = m.columns();
            km = Model.multiMapToKeyMajor(m, k.keys());
            runLengths = m.valuesLengths();
            examples = m.valuesValues();
        }
        OperatorArguments keys = OperatorArguments.ids(k.keys());
        harness.assertComputes(forward.typeName(), a -> ModelTensors.toTensors(a, in, s.shift()), in, keys,
                km.columns(), s.shift());

        // The gradient on a random gradient of the key-major values (weights for maps).
        Column kmValues = kind == 2 ? km.weights() : km.values();
        Column grad = f.values(s.secondType(), kmValues.size());
        List<Column> gradIn = new ArrayList<>(in.subList(0, kind == 0 ? 2 : 3));
        gradIn.add(grad);
        harness.assertComputes(gradient.typeName(), a -> ModelTensors.toTensors(a, gradIn, s.shift()), gradIn, keys,
                List.of(Model.toKeyMajorGradient(in.get(0), in.get(1), runLengths, k.keys(), grad)), s.shift());

        // Round trip: the key-major values fed back give every kept value back, and the
        // default where the entry's id is not a key.
        java.util.Set<Long> keySet = new java.util.HashSet<>();
        for (long key : k.keys()) {
            keySet.add(key);
        }
        List<Object> back = new ArrayList<>();
        int t = 0;
        for (int e = 0; e < k.ids().size(); e++) {
            int run = runLengths == null ? 1 : runLengths.intAt(e);
            boolean keptEntry = keySet.contains((Long) k.ids().get(e));
            for (int u = 0; u < run; u++, t++) {
                back.add(keptEntry ? examples.get(t) : Column.defaultValue(examples.dtype()));
            }
        }
        for (KernelFamily family : KernelFamily.values()) {
            try (TensorArena arena = TensorArena.confined()) {
                Tensor[] tensors = ModelTensors.toTensors(arena, in, s.shift());
                Operators ops = Operators.using(family);
                Tensor[] out = ops.operator(forward).runWith(arena, tensors, keys);
                Tensor[] g = new Tensor[gradIn.size()];
                for (int i = 0; i < g.length - 1; i++) {
                    g[i] = tensors[i];
                }
                g[g.length - 1] = out[out.length - 1];
                Column got = ModelTensors.fromTensors(ops.operator(gradient).runWith(arena, g, keys)).get(0);
                String diff = new Column(examples.dtype(), back).firstDifference(got);
                if (diff != null) {
                    fail(family + " " + forward.typeName() + " then its gradient: " + diff);
                }
            }
        }
    }

    void jaggedToPaddedDense(Shape s) {
        Fill f = new Fill(s.seed());
        Random rnd = new Random(s.seed() * 31 + 7);
        Column lengths = f.lengths(s.batch(), s.maxRun());
        Column values = f.values(s.valueType(), lengths.sum());
        int maxLength = 1 + rnd.nextInt(Math.max(1, s.maxRun() + 2));
        double padding = switch (s.valueType()) {
            case BOOL -> rnd.nextInt(2);
            case STRING -> 0;
            case FLOAT, DOUBLE -> rnd.nextBoolean() ? -1.5 : Double.NaN;
            default -> rnd.nextInt(2001) - 1000;
        };
        OperatorArguments args = OperatorArguments.padding(maxLength, padding);
        List<Column> in = List.of(lengths, values);
        Column dense = Model.jaggedToPaddedDense(lengths, values, maxLength,
                Model.paddingElement(s.valueType(), padding));
        harness.assertComputes(OperatorType.JAGGED_TO_PADDED_DENSE.typeName(),
                a -> ModelTensors.toTensors(a, in, s.shift()), in, args, List.of(dense), s.shift());

        // The gradient: the first cells of each row, the default for values cut off.
        Column denseGrad = f.values(s.secondType(), (long) s.batch() * maxLength);
        harness.assertComputes(OperatorType.JAGGED_TO_PADDED_DENSE_GRADIENT.typeName(),
                a -> new Tensor[] {ModelTensors.toTensor(a, lengths, s.shift()),
                    ModelTensors.toMatrix(a, denseGrad, s.batch(), maxLength, s.shift())},
                List.of(lengths, denseGrad), OperatorArguments.NONE,
                List.of(Model.paddedDenseToJagged(denseGrad, maxLength, lengths)), s.shift());
    }

    void paddedDenseToJagged(Shape s) {
        Fill f = new Fill(s.seed());
        Random rnd = new Random(s.seed() * 17 + 3);
        int columns = rnd.nextInt(s.maxRun() + 2);
        Column lengths = f.lengths(s.batch(), columns);
        Column dense = f.values(s.valueType(), (long) s.batch() * columns);
        harness.assertComputes(OperatorType.PADDED_DENSE_TO_JAGGED.typeName(),
                a -> new Tensor[] {ModelTensors.toMatrix(a, dense, s.batch(), columns, s.shift()),
                    ModelTensors.toTensor(a, lengths, s.shift())},
                List.of(dense, lengths), OperatorArguments.NONE,
                List.of(Model.paddedDenseToJagged(dense, columns, lengths)), s.shift());

        // Round trip: padding to at least every length, then back, gives every value back.
        Column values = f.values(s.valueType(), lengths.sum());
        int maxLength = Math.max(1, columns);
        for (KernelFamily family : KernelFamily.values()) {
            try (TensorArena arena = TensorArena.confined()) {
                Operators ops = Operators.using(family);
                Tensor l = ModelTensors.toTensor(arena, lengths, s.shift());
                Tensor padded = ops.operator(OperatorType.JAGGED_TO_PADDED_DENSE).runWith(arena,
                        new Tensor[] {l, ModelTensors.toTensor(arena, values, s.shift())},
                        OperatorArguments.padding(maxLength, 0))[0];
                Tensor back = ops.operator(OperatorType.PADDED_DENSE_TO_JAGGED).runWith(arena,
                        new Tensor[] {padded, l}, OperatorArguments.NONE)[0];
                String diff = values.firstDifference(ModelTensors.fromTensor(back));
                if (diff != null) {
                    fail(family + " JaggedToPaddedDense then PaddedDenseToJagged: " + diff);
                }
            }
        }
    }
}
