package dev.featuremaps.testkit.conformance;

import static dev.featuremaps.testkit.model.Column.doubles;
import static dev.featuremaps.testkit.model.Column.floats;
import static dev.featuremaps.testkit.model.Column.ints;
import static dev.featuremaps.testkit.model.Column.longs;
import static dev.featuremaps.testkit.model.Column.presence;
import static dev.featuremaps.testkit.model.Column.strings;

import dev.featuremaps.operators.KernelFamily;
import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.Model;
import dev.featuremaps.testkit.model.ModelTensors;
import dev.featuremaps.tensors.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Small worked examples of every operator, the expected outputs written out by hand from
 * SEMANTICS.md. Each is checked against the operators on every {@link KernelFamily} and against
 * {@link Model}, so the model the properties rely on is itself pinned to hand-computed answers.
 */
class SemanticsExamplesTest {
    private final OperatorHarness harness = new OperatorHarness();

    private void check(String op, List<Column> inputs, long[] ids, List<Column> modelOutput, Column... expected) {
        List<Column> want = List.of(expected);
        OperatorHarness.assertColumns("model of " + op, want, modelOutput);
        harness.assertComputes(op, inputs, ids, want, 0);
    }

    private static List<Column> concat(List<?>... groups) {
        List<Column> out = new ArrayList<>();
        for (List<?> g : groups) {
            for (Object c : g) {
                out.add((Column) c);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- single scalar

    /**
     * Two features over three examples. Example 0 has both, example 1 only the second, example 2
     * only the first; each example lists its present features in input order.
     */
    @Test
    void singleScalarFeaturesInterleaveByExample() {
        Model.SingleScalar age = new Model.SingleScalar(floats(1.5f, 2.5f, 3.5f), presence(1, 0, 1));
        Model.SingleScalar clicks = new Model.SingleScalar(floats(-1, -2, -3), presence(1, 1, 0));
        long[] ids = {11, 12};
        check(OperatorType.MERGE_SINGLE_SCALAR.typeName(), concat(age.columns(), clicks.columns()), ids,
                Model.mergeSingleScalar(List.of(age, clicks), ids).columns(),
                ints(2, 1, 1),
                longs(11, 12, 12, 11),
                floats(1.5f, -1, -2, 3.5f));
    }

    /** Strings of any length and script move whole; an example with no feature has length 0. */
    @Test
    void singleScalarStringsAndAnEmptyExample() {
        Model.SingleScalar a = new Model.SingleScalar(strings("a", "b", "c"), presence(0, 1, 0));
        Model.SingleScalar b = new Model.SingleScalar(strings("ü", "日本", ""), presence(1, 1, 0));
        long[] ids = {7, 8};
        check(OperatorType.MERGE_SINGLE_SCALAR.typeName(), concat(a.columns(), b.columns()), ids,
                Model.mergeSingleScalar(List.of(a, b), ids).columns(),
                ints(1, 2, 0),
                longs(8, 7, 8),
                strings("ü", "b", "日本"));
    }

    /** An empty batch merges to empty tensors. */
    @Test
    void emptyBatch() {
        Model.SingleScalar a = new Model.SingleScalar(doubles(), presence());
        long[] ids = {7};
        check(OperatorType.MERGE_SINGLE_SCALAR.typeName(), a.columns(), ids, Model.mergeSingleScalar(List.of(a), ids).columns(),
                ints(), longs(), doubles());
    }

    /** Each present entry takes the next gradient element; absent entries get 0. */
    @Test
    void singleScalarGradientReturnsEachValueToItsFeature() {
        List<Column> presence = List.of(presence(1, 0, 1), presence(1, 1, 0));
        Column grad = floats(0.1f, 0.2f, 0.3f, 0.4f);
        check(OperatorType.MERGE_SINGLE_SCALAR_GRADIENT.typeName(), concat(presence, List.of(grad)), null,
                Model.mergeSingleScalarGradient(presence, grad),
                floats(0.1f, 0, 0.4f),
                floats(0.2f, 0.3f, 0));
    }

    /**
     * Seventeen features: more outputs than a plan first has room for, so it grows its tables
     * twice, and the 17th output still gets its own value.
     */
    @Test
    void singleScalarGradientOfSeventeenFeatures() {
        int n = 17;
        List<Column> presence = new ArrayList<>();
        Column[] expected = new Column[n];
        float[] grad = new float[n];
        for (int i = 0; i < n; i++) {
            presence.add(presence(0, 1));
            grad[i] = i + 1;
            expected[i] = floats(0, i + 1);
        }
        Column g = floats(grad);
        check(OperatorType.MERGE_SINGLE_SCALAR_GRADIENT.typeName(), concat(presence, List.of(g)), null,
                Model.mergeSingleScalarGradient(presence, g), expected);
    }

    /**
     * Sixteen features over 300 examples: 128 rows per tile, so the merge and its gradient go
     * through three tiles, the last one partly filled.
     */
    @Test
    void singleScalarMergeAndGradientOverSeveralTiles() {
        int n = 16;
        int batch = 300;
        List<Model.SingleScalar> features = new ArrayList<>();
        List<Column> presences = new ArrayList<>();
        long[] ids = new long[n];
        int present = 0;
        for (int i = 0; i < n; i++) {
            int[] values = new int[batch];
            int[] bits = new int[batch];
            for (int e = 0; e < batch; e++) {
                values[e] = 1000 * i + e;
                bits[e] = (e * 7 + i * 3) % 5 == 0 ? 0 : 1;
                present += bits[e];
            }
            features.add(new Model.SingleScalar(ints(values), presence(bits)));
            presences.add(presence(bits));
            ids[i] = 100 + i;
        }
        List<Column> merged = Model.mergeSingleScalar(features, ids).columns();
        List<Column> inputs = new ArrayList<>();
        features.forEach(f -> inputs.addAll(f.columns()));
        check(OperatorType.MERGE_SINGLE_SCALAR.typeName(), inputs, ids, merged, merged.toArray(Column[]::new));

        float[] grad = new float[present];
        for (int k = 0; k < present; k++) {
            grad[k] = k + 1;
        }
        Column g = floats(grad);
        List<Column> back = Model.mergeSingleScalarGradient(presences, g);
        check(OperatorType.MERGE_SINGLE_SCALAR_GRADIENT.typeName(), concat(presences, List.of(g)), null, back,
                back.toArray(Column[]::new));
    }

    /** The gradient takes the type of the incoming gradient; the default of a string is "". */
    @Test
    void singleScalarGradientDefaultsFollowTheGradientType() {
        List<Column> presence = List.of(presence(0, 1), presence(1, 1));
        Column grad = strings("x", "y", "z");
        check(OperatorType.MERGE_SINGLE_SCALAR_GRADIENT.typeName(), concat(presence, List.of(grad)), null,
                Model.mergeSingleScalarGradient(presence, grad),
                strings("", "y"),
                strings("x", "z"));
        Column longGrad = longs(5, 6, 7);
        check(OperatorType.MERGE_SINGLE_SCALAR_GRADIENT.typeName(), concat(presence, List.of(longGrad)), null,
                Model.mergeSingleScalarGradient(presence, longGrad),
                longs(0, 6),
                longs(5, 7));
    }

    // ---------------------------------------------------------------- single list and map

    /**
     * Feature 11: example 0 has [1, 2], example 1 is absent (its length 7 is junk and consumes
     * nothing), example 2 has [3]. Feature 12: example 0 is present with an empty run, example 1
     * has [4, 5, 6], example 2 is absent with a negative junk length.
     */
    private static final Model.SingleList LIST_11 =
            new Model.SingleList(ints(2, 7, 1), ints(1, 2, 3), presence(1, 0, 1));
    private static final Model.SingleList LIST_12 =
            new Model.SingleList(ints(0, 3, -4), ints(4, 5, 6), presence(1, 1, 0));

    @Test
    void singleListRunsFollowTheirFeature() {
        long[] ids = {11, 12};
        check(OperatorType.MERGE_SINGLE_LIST.typeName(), concat(LIST_11.columns(), LIST_12.columns()), ids,
                Model.mergeSingleList(List.of(LIST_11, LIST_12), ids).columns(),
                ints(2, 1, 1),
                longs(11, 12, 12, 11),
                ints(2, 0, 3, 1),
                ints(1, 2, 4, 5, 6, 3));
    }

    @Test
    void singleListGradientSplitsRunsByFeature() {
        List<Column> in = List.of(ints(2, 7, 1), presence(1, 0, 1), ints(0, 3, -4), presence(1, 1, 0),
                doubles(10, 20, 30, 40, 50, 60));
        check(OperatorType.MERGE_SINGLE_LIST_GRADIENT.typeName(), in, null,
                Model.mergeSingleRunsGradient(List.of(in.get(0), in.get(2)), List.of(in.get(1), in.get(3)), in.get(4)),
                doubles(10, 20, 60),
                doubles(30, 40, 50));
    }

    /** Example 0: feature 11 only; example 1: feature 11 with two entries, then feature 12. */
    @Test
    void singleMapCopiesKeyAndValueRuns() {
        Model.SingleMap a = new Model.SingleMap(ints(1, 2), strings("x", "y", "z"), floats(0.5f, 1.5f, 2.5f),
                presence(1, 1));
        Model.SingleMap b = new Model.SingleMap(ints(5, 1), strings("w"), floats(9.5f), presence(0, 1));
        long[] ids = {11, 12};
        check(OperatorType.MERGE_SINGLE_MAP.typeName(), concat(a.columns(), b.columns()), ids,
                Model.mergeSingleMap(List.of(a, b), ids).columns(),
                ints(1, 2),
                longs(11, 11, 12),
                ints(1, 2, 1),
                strings("x", "y", "z", "w"),
                floats(0.5f, 1.5f, 2.5f, 9.5f));
    }

    @Test
    void singleMapGradientIsTheListGradient() {
        List<Column> in = List.of(ints(1, 2), presence(1, 1), ints(5, 1), presence(0, 1), ints(1, 2, 3, 4));
        check(OperatorType.MERGE_SINGLE_MAP_GRADIENT.typeName(), in, null,
                Model.mergeSingleRunsGradient(List.of(in.get(0), in.get(2)), List.of(in.get(1), in.get(3)), in.get(4)),
                ints(1, 2, 3),
                ints(4));
    }

    // ---------------------------------------------------------------- multi

    /**
     * Input 0: example 0 has (5, 50), example 1 nothing, example 2 (6, 60) and (7, 70). Input 1:
     * example 0 has (8, 80) and (9, 90), example 1 (10, 100), example 2 nothing.
     */
    private static final Model.MultiScalar MULTI_0 =
            new Model.MultiScalar(ints(1, 0, 2), longs(5, 6, 7), longs(50, 60, 70));
    private static final Model.MultiScalar MULTI_1 =
            new Model.MultiScalar(ints(2, 1, 0), longs(8, 9, 10), longs(80, 90, 100));

    @Test
    void multiScalarConcatenatesEachExample() {
        check(OperatorType.MERGE_MULTI_SCALAR.typeName(), concat(MULTI_0.columns(), MULTI_1.columns()), null,
                Model.mergeMultiScalar(List.of(MULTI_0, MULTI_1)).columns(),
                ints(3, 1, 2),
                longs(5, 8, 9, 10, 6, 7),
                longs(50, 80, 90, 100, 60, 70));
    }

    @Test
    void multiScalarGradientSplitsByInput() {
        List<Column> lengths = List.of(ints(1, 0, 2), ints(2, 1, 0));
        Column grad = floats(1, 2, 3, 4, 5, 6);
        check(OperatorType.MERGE_MULTI_SCALAR_GRADIENT.typeName(), concat(lengths, List.of(grad)), null,
                Model.mergeMultiScalarGradient(lengths, grad),
                floats(1, 5, 6),
                floats(2, 3, 4));
    }

    /**
     * Input 0: example 0 has features 5 ["a"] and 6 [], example 1 feature 7 ["b", "c"]. Input 1:
     * example 0 has feature 8 ["d", "e", "f"], example 1 feature 9 ["g"].
     */
    private static final Model.MultiList LISTS_0 =
            new Model.MultiList(ints(2, 1), longs(5, 6, 7), ints(1, 0, 2), strings("a", "b", "c"));
    private static final Model.MultiList LISTS_1 =
            new Model.MultiList(ints(1, 1), longs(8, 9), ints(3, 1), strings("d", "e", "f", "g"));

    @Test
    void multiListMovesFeaturesWithTheirRuns() {
        check(OperatorType.MERGE_MULTI_LIST.typeName(), concat(LISTS_0.columns(), LISTS_1.columns()), null,
                Model.mergeMultiList(List.of(LISTS_0, LISTS_1)).columns(),
                ints(3, 2),
                longs(5, 6, 8, 7, 9),
                ints(1, 0, 3, 2, 1),
                strings("a", "d", "e", "f", "b", "c", "g"));
    }

    @Test
    void multiListGradientTakesEachInputsRunsBack() {
        List<Column> in = List.of(ints(2, 1), ints(1, 0, 2), ints(1, 1), ints(3, 1), ints(1, 2, 3, 4, 5, 6, 7));
        check(OperatorType.MERGE_MULTI_LIST_GRADIENT.typeName(), in, null,
                Model.mergeMultiRunsGradient(List.of(in.get(0), in.get(2)), List.of(in.get(1), in.get(3)), in.get(4)),
                ints(1, 5, 6),
                ints(2, 3, 4, 7));
    }

    /** Input 1 has no features in example 1. */
    @Test
    void multiMapMovesKeyAndValueRuns() {
        Model.MultiMap a = new Model.MultiMap(ints(1, 1), longs(5, 6), ints(2, 1), ints(1, 2, 3),
                doubles(0.1, 0.2, 0.3));
        Model.MultiMap b = new Model.MultiMap(ints(1, 0), longs(7), ints(1), ints(4), doubles(0.4));
        check(OperatorType.MERGE_MULTI_MAP.typeName(), concat(a.columns(), b.columns()), null,
                Model.mergeMultiMap(List.of(a, b)).columns(),
                ints(2, 1),
                longs(5, 7, 6),
                ints(2, 1, 1),
                ints(1, 2, 4, 3),
                doubles(0.1, 0.2, 0.4, 0.3));
    }

    @Test
    void multiMapGradientIsTheListGradient() {
        List<Column> in = List.of(ints(1, 1), ints(2, 1), ints(1, 0), ints(1), floats(1, 2, 3, 4));
        check(OperatorType.MERGE_MULTI_MAP_GRADIENT.typeName(), in, null,
                Model.mergeMultiRunsGradient(List.of(in.get(0), in.get(2)), List.of(in.get(1), in.get(3)), in.get(4)),
                floats(1, 2, 4),
                floats(3));
    }

    // ---------------------------------------------------------------- dense

    /** Rows are examples; each row lists its present columns in order. */
    @Test
    void denseKeepsThePresentColumnsOfEachRow() {
        Model.Dense dense = new Model.Dense(floats(1, 2, 3, 4, 5, 6), presence(1, 0, 1, 1, 0, 0), 2);
        long[] ids = {21, 22};
        List<Column> want = List.of(ints(1, 2, 0), longs(21, 21, 22), floats(1, 3, 4));
        OperatorHarness.assertColumns("model", want, Model.mergeDense(dense, ids).columns());
        assertDenseComputes(dense, 3, ids, want);
    }

    /** Caffe2 registers the dense merge for strings: a string matrix compacts the same way. */
    @Test
    void denseStringsKeepThePresentCellsOfEachRow() {
        Model.Dense dense = new Model.Dense(strings("a", "", "日本", "d", "ef", "g"), presence(0, 1, 1, 1, 1, 0), 2);
        long[] ids = {7, 8};
        List<Column> want = List.of(ints(1, 2, 1), longs(8, 7, 8, 7), strings("", "日本", "d", "ef"));
        OperatorHarness.assertColumns("model", want, Model.mergeDense(dense, ids).columns());
        assertDenseComputes(dense, 3, ids, want);
    }

    /** A matrix with no columns: every example is empty. */
    @Test
    void denseWithoutColumns() {
        Model.Dense dense = new Model.Dense(ints(), presence(), 0);
        assertDenseComputes(dense, 2, new long[0], List.of(ints(0, 0), longs(), ints()));
    }

    /** The dense merge of {@code dense} as a {@code rows x columns} matrix computes {@code want}. */
    private void assertDenseComputes(Model.Dense dense, long rows, long[] ids, List<Column> want) {
        harness.assertComputes(OperatorType.MERGE_DENSE.typeName(),
                a -> new Tensor[] {
                    ModelTensors.toMatrix(a, dense.dense(), rows, dense.columns(), 0),
                    ModelTensors.toMatrix(a, dense.presence(), rows, dense.columns(), 0)},
                List.of(dense.dense(), dense.presence()), ids, want, 0);
    }

    // ---------------------------------------------------------------- round trip

    /** Feeding a merge's values to its gradient returns every feature's own values. */
    @Test
    void gradientOfTheMergedValuesGivesTheInputsBack() {
        harness.assertRoundTrip(OperatorType.MERGE_SINGLE_LIST.typeName(), OperatorType.MERGE_SINGLE_LIST_GRADIENT.typeName(),
                concat(LIST_11.columns(), LIST_12.columns()), new long[] {11, 12}, new int[] {0, 2, 3, 5}, 3,
                List.of(ints(1, 2, 3), ints(4, 5, 6)), 0);
        harness.assertRoundTrip(OperatorType.MERGE_MULTI_LIST.typeName(), OperatorType.MERGE_MULTI_LIST_GRADIENT.typeName(),
                concat(LISTS_0.columns(), LISTS_1.columns()), null, new int[] {0, 2, 4, 6}, 3,
                List.of(strings("a", "b", "c"), strings("d", "e", "f", "g")), 0);
    }
}
