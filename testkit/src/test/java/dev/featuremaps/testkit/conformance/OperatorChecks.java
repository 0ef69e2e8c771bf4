package dev.featuremaps.testkit.conformance;

import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.testkit.model.Cases;
import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.Model;
import dev.featuremaps.testkit.model.ModelTensors;
import dev.featuremaps.testkit.model.Cases.Fill;
import dev.featuremaps.testkit.model.Cases.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The check behind each operator property: build the inputs of a {@link Shape}, compute the
 * model's outputs, and assert every kernel family's operator gives them; gradients also run on
 * the merged values and must return each input's values.
 */
final class OperatorChecks {
    private final OperatorHarness harness = new OperatorHarness();
    private final LayoutChecks layouts = new LayoutChecks();

    /**
     * Runs the check of one operator.
     *
     * @param operator a Caffe2 type name
     * @param s the case (fixed-width value types for the dense merge)
     */
    void check(String operator, Shape s) {
        switch (OperatorType.of(operator)) {
            case MERGE_SINGLE_SCALAR -> mergeSingleScalar(s);
            case MERGE_SINGLE_LIST -> mergeSingleList(s);
            case MERGE_SINGLE_MAP -> mergeSingleMap(s);
            case MERGE_MULTI_SCALAR -> mergeMultiScalar(s);
            case MERGE_MULTI_LIST -> mergeMultiList(s);
            case MERGE_MULTI_MAP -> mergeMultiMap(s);
            case MERGE_DENSE -> mergeDense(s);
            case MERGE_SINGLE_SCALAR_GRADIENT -> mergeSingleScalarGradient(s);
            case MERGE_SINGLE_LIST_GRADIENT -> mergeSingleListGradient(s);
            case MERGE_SINGLE_MAP_GRADIENT -> mergeSingleMapGradient(s);
            case MERGE_MULTI_SCALAR_GRADIENT -> mergeMultiScalarGradient(s);
            case MERGE_MULTI_LIST_GRADIENT -> mergeMultiListGradient(s);
            case MERGE_MULTI_MAP_GRADIENT -> mergeMultiMapGradient(s);
            case MULTI_SCALAR_TO_KEY_MAJOR, MULTI_SCALAR_TO_KEY_MAJOR_GRADIENT -> layouts.toKeyMajor(0, s);
            case MULTI_LIST_TO_KEY_MAJOR, MULTI_LIST_TO_KEY_MAJOR_GRADIENT -> layouts.toKeyMajor(1, s);
            case MULTI_MAP_TO_KEY_MAJOR, MULTI_MAP_TO_KEY_MAJOR_GRADIENT -> layouts.toKeyMajor(2, s);
            case JAGGED_TO_PADDED_DENSE, JAGGED_TO_PADDED_DENSE_GRADIENT -> layouts.jaggedToPaddedDense(s);
            case PADDED_DENSE_TO_JAGGED -> layouts.paddedDenseToJagged(s);
        }
    }

    // ---------------------------------------------------------------- forward

    void mergeSingleScalar(Shape s) {
        Fill f = new Fill(s.seed());
        List<Model.SingleScalar> features = Cases.singleScalars(s, f);
        long[] ids = f.featureIds(s.inputs());
        harness.assertComputes(OperatorType.MERGE_SINGLE_SCALAR.typeName(), flatten(features, Model.SingleScalar::columns), ids,
                Model.mergeSingleScalar(features, ids).columns(), s.shift());
    }

    void mergeSingleList(Shape s) {
        Fill f = new Fill(s.seed());
        List<Model.SingleList> features = Cases.singleLists(s, f);
        long[] ids = f.featureIds(s.inputs());
        harness.assertComputes(OperatorType.MERGE_SINGLE_LIST.typeName(), flatten(features, Model.SingleList::columns), ids,
                Model.mergeSingleList(features, ids).columns(), s.shift());
    }

    void mergeSingleMap(Shape s) {
        Fill f = new Fill(s.seed());
        List<Model.SingleMap> features = Cases.singleMaps(s, f);
        long[] ids = f.featureIds(s.inputs());
        harness.assertComputes(OperatorType.MERGE_SINGLE_MAP.typeName(), flatten(features, Model.SingleMap::columns), ids,
                Model.mergeSingleMap(features, ids).columns(), s.shift());
    }

    void mergeMultiScalar(Shape s) {
        List<Model.MultiScalar> inputs = Cases.multiScalars(s, new Fill(s.seed()));
        harness.assertComputes(OperatorType.MERGE_MULTI_SCALAR.typeName(), flatten(inputs, Model.MultiScalar::columns), null,
                Model.mergeMultiScalar(inputs).columns(), s.shift());
    }

    void mergeMultiList(Shape s) {
        List<Model.MultiList> inputs = Cases.multiLists(s, new Fill(s.seed()));
        harness.assertComputes(OperatorType.MERGE_MULTI_LIST.typeName(), flatten(inputs, Model.MultiList::columns), null,
                Model.mergeMultiList(inputs).columns(), s.shift());
    }

    void mergeMultiMap(Shape s) {
        List<Model.MultiMap> inputs = Cases.multiMaps(s, new Fill(s.seed()));
        harness.assertComputes(OperatorType.MERGE_MULTI_MAP.typeName(), flatten(inputs, Model.MultiMap::columns), null,
                Model.mergeMultiMap(inputs).columns(), s.shift());
    }

    void mergeDense(Shape s) {
        Fill f = new Fill(s.seed());
        Model.Dense dense = Cases.dense(s, f);
        long[] ids = f.featureIds(dense.columns());
        harness.assertComputes(OperatorType.MERGE_DENSE.typeName(),
                a -> new dev.featuremaps.tensors.Tensor[] {
                    ModelTensors.toMatrix(a, dense.dense(), s.batch(), dense.columns(), s.shift()),
                    ModelTensors.toMatrix(a, dense.presence(), s.batch(), dense.columns(), s.shift())},
                List.of(dense.dense(), dense.presence()), ids, Model.mergeDense(dense, ids).columns(), s.shift());
    }

    // ---------------------------------------------------------------- gradients

    void mergeSingleScalarGradient(Shape s) {
        Fill f = new Fill(s.seed());
        List<Model.SingleScalar> features = Cases.singleScalars(s, f);
        List<Column> presence = features.stream().map(Model.SingleScalar::presence).toList();
        long present = presence.stream().mapToLong(p -> p.values().stream().filter(Boolean.TRUE::equals).count())
                .sum();
        Column grad = f.values(s.secondType(), present);
        harness.assertComputes(OperatorType.MERGE_SINGLE_SCALAR_GRADIENT.typeName(), append(presence, grad), null,
                Model.mergeSingleScalarGradient(presence, grad), s.shift());

        List<Column> back = new ArrayList<>();
        for (Model.SingleScalar feature : features) {
            List<Object> values = new ArrayList<>();
            for (int e = 0; e < s.batch(); e++) {
                values.add(feature.presence().boolAt(e) ? feature.values().get(e)
                        : Column.defaultValue(s.valueType()));
            }
            back.add(new Column(s.valueType(), values));
        }
        harness.assertRoundTrip(OperatorType.MERGE_SINGLE_SCALAR.typeName(), OperatorType.MERGE_SINGLE_SCALAR_GRADIENT.typeName(),
                flatten(features, Model.SingleScalar::columns), f.featureIds(s.inputs()),
                positions(s.inputs(), 2, 1), 2, back, s.shift());
    }

    void mergeSingleListGradient(Shape s) {
        Fill f = new Fill(s.seed());
        List<Model.SingleList> features = Cases.singleLists(s, f);
        checkSingleRunsGradient(OperatorType.MERGE_SINGLE_LIST_GRADIENT.typeName(), s, f,
                features.stream().map(Model.SingleList::lengths).toList(),
                features.stream().map(Model.SingleList::presence).toList());
        harness.assertRoundTrip(OperatorType.MERGE_SINGLE_LIST.typeName(), OperatorType.MERGE_SINGLE_LIST_GRADIENT.typeName(),
                flatten(features, Model.SingleList::columns), f.featureIds(s.inputs()),
                positions(s.inputs(), 3, 0, 2), 3, features.stream().map(Model.SingleList::values).toList(),
                s.shift());
    }

    void mergeSingleMapGradient(Shape s) {
        Fill f = new Fill(s.seed());
        List<Model.SingleMap> features = Cases.singleMaps(s, f);
        checkSingleRunsGradient(OperatorType.MERGE_SINGLE_MAP_GRADIENT.typeName(), s, f,
                features.stream().map(Model.SingleMap::lengths).toList(),
                features.stream().map(Model.SingleMap::presence).toList());
        harness.assertRoundTrip(OperatorType.MERGE_SINGLE_MAP.typeName(), OperatorType.MERGE_SINGLE_MAP_GRADIENT.typeName(),
                flatten(features, Model.SingleMap::columns), f.featureIds(s.inputs()),
                positions(s.inputs(), 4, 0, 3), 4, features.stream().map(Model.SingleMap::values).toList(),
                s.shift());
    }

    private void checkSingleRunsGradient(String name, Shape s, Fill f, List<Column> lengths,
                                         List<Column> presence) {
        long total = 0;
        List<Column> inputs = new ArrayList<>();
        for (int i = 0; i < lengths.size(); i++) {
            total += Cases.presentSum(lengths.get(i), presence.get(i));
            inputs.add(lengths.get(i));
            inputs.add(presence.get(i));
        }
        Column grad = f.values(s.secondType(), total);
        harness.assertComputes(name, append(inputs, grad), null,
                Model.mergeSingleRunsGradient(lengths, presence, grad), s.shift());
    }

    void mergeMultiScalarGradient(Shape s) {
        Fill f = new Fill(s.seed());
        List<Model.MultiScalar> inputs = Cases.multiScalars(s, f);
        List<Column> lengths = inputs.stream().map(Model.MultiScalar::lengths).toList();
        Column grad = f.values(s.secondType(), lengths.stream().mapToLong(Column::sum).sum());
        harness.assertComputes(OperatorType.MERGE_MULTI_SCALAR_GRADIENT.typeName(), append(lengths, grad), null,
                Model.mergeMultiScalarGradient(lengths, grad), s.shift());
        harness.assertRoundTrip(OperatorType.MERGE_MULTI_SCALAR.typeName(), OperatorType.MERGE_MULTI_SCALAR_GRADIENT.typeName(),
                flatten(inputs, Model.MultiScalar::columns), null, positions(s.inputs(), 3, 0), 2,
                inputs.stream().map(Model.MultiScalar::values).toList(), s.shift());
    }

    void mergeMultiListGradient(Shape s) {
        Fill f = new Fill(s.seed());
        List<Model.MultiList> inputs = Cases.multiLists(s, f);
        checkMultiRunsGradient(OperatorType.MERGE_MULTI_LIST_GRADIENT.typeName(), s, f,
                inputs.stream().map(Model.MultiList::lengths).toList(),
                inputs.stream().map(Model.MultiList::valuesLengths).toList());
        harness.assertRoundTrip(OperatorType.MERGE_MULTI_LIST.typeName(), OperatorType.MERGE_MULTI_LIST_GRADIENT.typeName(),
                flatten(inputs, Model.MultiList::columns), null, positions(s.inputs(), 4, 0, 2), 3,
                inputs.stream().map(Model.MultiList::valuesValues).toList(), s.shift());
    }

    void mergeMultiMapGradient(Shape s) {
        Fill f = new Fill(s.seed());
        List<Model.MultiMap> inputs = Cases.multiMaps(s, f);
        checkMultiRunsGradient(OperatorType.MERGE_MULTI_MAP_GRADIENT.typeName(), s, f,
                inputs.stream().map(Model.MultiMap::lengths).toList(),
                inputs.stream().map(Model.MultiMap::valuesLengths).toList());
        harness.assertRoundTrip(OperatorType.MERGE_MULTI_MAP.typeName(), OperatorType.MERGE_MULTI_MAP_GRADIENT.typeName(),
                flatten(inputs, Model.MultiMap::columns), null, positions(s.inputs(), 5, 0, 2), 4,
                inputs.stream().map(Model.MultiMap::valuesValues).toList(), s.shift());
    }

    private void checkMultiRunsGradient(String name, Shape s, Fill f, List<Column> lengths,
                                        List<Column> valuesLengths) {
        List<Column> inputs = new ArrayList<>();
        long total = 0;
        for (int j = 0; j < lengths.size(); j++) {
            inputs.add(lengths.get(j));
            inputs.add(valuesLengths.get(j));
            total += valuesLengths.get(j).sum();
        }
        Column grad = f.values(s.secondType(), total);
        harness.assertComputes(name, append(inputs, grad), null,
                Model.mergeMultiRunsGradient(lengths, valuesLengths, grad), s.shift());
    }

    // ---------------------------------------------------------------- input lists

    private static <F> List<Column> flatten(List<F> groups, Function<F, List<Column>> columns) {
        List<Column> out = new ArrayList<>();
        groups.forEach(g -> out.addAll(columns.apply(g)));
        return out;
    }

    private static List<Column> append(List<Column> inputs, Column last) {
        List<Column> out = new ArrayList<>(inputs);
        out.add(last);
        return out;
    }

    /** Input positions {@code stride * g + offset} for each group g and each offset, in order. */
    private static int[] positions(int groups, int stride, int... offsets) {
        int[] out = new int[groups * offsets.length];
        int k = 0;
        for (int g = 0; g < groups; g++) {
            for (int offset : offsets) {
                out[k++] = stride * g + offset;
            }
        }
        return out;
    }
}
