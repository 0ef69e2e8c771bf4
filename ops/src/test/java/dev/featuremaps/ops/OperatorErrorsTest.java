package dev.featuremaps.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.featuremaps.operators.FeatureTensorException;
import dev.featuremaps.tensors.DType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator layer names the operator's position and type, the input's role and blob, and the numbers. */
class OperatorErrorsTest {
    private static final String SCALAR = "MergeSingleScalarFeatureTensors";
    private final Workspace ws = new Workspace();

    @BeforeEach
    void feed() {
        ws.feed("a", DType.FLOAT, new float[] {1, 2, 3});
        ws.feed("a_presence", DType.BOOL, new boolean[] {true, false, true});
        ws.feed("b", DType.FLOAT, new float[] {4, 5, 6});
        ws.feed("b_presence", DType.BOOL, new boolean[] {true, true});
    }

    @AfterEach
    void close() {
        ws.close();
    }

    private OperatorException failsAt(List<OperatorDef> net) {
        return assertThrows(OperatorException.class, () -> ws.runNet(net));
    }

    private static OperatorDef scalar(List<String> in, List<String> out, long... ids) {
        return OperatorDef.of(SCALAR, in, out, ids);
    }

    @Test
    void typedLayerErrorGainsPositionAndBlobName() {
        OperatorDef ok = scalar(List.of("a", "a_presence"), List.of("l0", "k0", "v0"), 1);
        OperatorDef bad = scalar(List.of("a", "a_presence", "b", "b_presence"), List.of("l", "k", "v"), 1, 2);
        OperatorException e = failsAt(List.of(ok, bad));
        assertEquals("ops[1] MergeSingleScalarFeatureTensors: input 3 (presence, blob 'b_presence'): has 2 elements, "
                + "expected 3 (the batch size, from input 1 (presence))", e.getMessage());
        assertEquals(SCALAR, e.type());
        assertEquals(1, e.position());
        assertEquals(3, e.input());
        assertEquals("presence", e.role());
        assertEquals("b_presence", e.blob());
        assertInstanceOf(FeatureTensorException.class, e.getCause());
        assertTrue(ws.has("l0"), "the operator before the failing one has run");
        assertFalse(ws.has("l"), "the failing operator wrote nothing");
    }

    @Test
    void operatorRunOnItsOwnHasNoPosition() {
        OperatorDef bad = scalar(List.of("a", "b_presence"), List.of("l", "k", "v"), 1);
        OperatorException e = assertThrows(OperatorException.class, () -> ws.run(bad));
        assertTrue(e.getMessage().startsWith("MergeSingleScalarFeatureTensors: input 0 (values, blob 'a'): has 3 "
                + "elements, expected 2"), e.getMessage());
        assertEquals(OperatorException.NO_POSITION, e.position());
    }

    @Test
    void missingBlob() {
        OperatorException e = failsAt(List.of(scalar(List.of("a", "a_presense"), List.of("l", "k", "v"), 1)));
        assertEquals("ops[0] MergeSingleScalarFeatureTensors: input 1 (presence, blob 'a_presense'): blob does not exist",
                e.getMessage());
    }

    @Test
    void wrongDtypeNamesTheBlob() {
        ws.feed("lengths64", DType.INT64, new long[] {1, 0, 1});
        OperatorDef op = OperatorDef.of("MergeMultiScalarFeatureTensors", List.of("lengths64", "k", "a"),
                List.of("l", "k2", "v"));
        ws.feed("k", DType.INT64, new long[] {5, 6});
        OperatorException e = failsAt(List.of(op));
        assertEquals("ops[0] MergeMultiScalarFeatureTensors: input 0 (lengths, blob 'lengths64'): dtype int64, "
                + "expected int32", e.getMessage());
    }

    @Test
    void everyOperatorIsCheckedBeforeTheFirstRuns() {
        OperatorDef ok = scalar(List.of("a", "a_presence"), List.of("l", "k", "v"), 1);
        OperatorDef unknown = OperatorDef.of("MergeSingleFooFeatureTensors", List.of("a"), List.of("x"));
        OperatorException e = failsAt(List.of(ok, unknown));
        assertTrue(e.getMessage().startsWith("ops[1] MergeSingleFooFeatureTensors: unknown operator type; known types: "
                + "MergeSingleScalarFeatureTensors, "), e.getMessage());
        assertFalse(ws.has("l"), "nothing ran");
    }

    @Test
    void inputCount() {
        OperatorException e = failsAt(List.of(scalar(List.of("a", "a_presence", "b"), List.of("l", "k", "v"), 1)));
        assertEquals("ops[0] MergeSingleScalarFeatureTensors: 3 inputs [a, a_presence, b], expected 2 per feature "
                + "(values, presence), at least 1 feature", e.getMessage());
        OperatorException none = failsAt(List.of(scalar(List.of(), List.of("l", "k", "v"))));
        assertTrue(none.getMessage().contains("0 inputs []"), none.getMessage());
        OperatorException dense = failsAt(List.of(OperatorDef.of("MergeDenseFeatureTensors",
                List.of("a", "a_presence", "b", "b_presence"), List.of("l", "k", "v"), 1, 2)));
        assertEquals("ops[0] MergeDenseFeatureTensors: 4 inputs [a, a_presence, b, b_presence], expected exactly 2 "
                + "(dense, presence)", dense.getMessage());
        OperatorException grad = failsAt(List.of(OperatorDef.of("MergeSingleListFeatureTensorsGradient",
                List.of("l", "p"), List.of("g"))));
        assertEquals("ops[0] MergeSingleListFeatureTensorsGradient: 2 inputs [l, p], expected 2 per feature "
                + "(lengths, presence), then values.values_grad, at least 1 feature", grad.getMessage());
    }

    @Test
    void outputCountMustMatchTheOperator() {
        OperatorException e = failsAt(List.of(scalar(List.of("a", "a_presence"), List.of("l", "k"), 1)));
        assertEquals("ops[0] MergeSingleScalarFeatureTensors: 2 outputs [l, k], expected 3 (lengths, keys, values)",
                e.getMessage());
        OperatorException grad = failsAt(List.of(OperatorDef.of("MergeSingleScalarFeatureTensorsGradient",
                List.of("a_presence", "b_presence", "g"), List.of("a_grad"))));
        assertEquals("ops[0] MergeSingleScalarFeatureTensorsGradient: 1 outputs [a_grad], expected 2, one per feature "
                + "(values_grad)", grad.getMessage());
    }

    @Test
    void outputWrittenTwice() {
        OperatorException e = failsAt(List.of(scalar(List.of("a", "a_presence"), List.of("l", "l", "v"), 1)));
        assertEquals("ops[0] MergeSingleScalarFeatureTensors: output blob 'l' is written twice [l, l, v]", e.getMessage());
    }

    @Test
    void featureIds() {
        OperatorException missing = failsAt(List.of(OperatorDef.of(SCALAR, List.of("a", "a_presence"),
                List.of("l", "k", "v"))));
        assertEquals("ops[0] MergeSingleScalarFeatureTensors: argument feature_ids is missing: expected 1 int64 ids, "
                + "one per feature", missing.getMessage());
        OperatorException count = failsAt(List.of(scalar(List.of("a", "a_presence"), List.of("l", "k", "v"), 1, 2)));
        assertEquals("ops[0] MergeSingleScalarFeatureTensors: feature_ids has 2 entries, expected 1 (one per feature)",
                count.getMessage());
        OperatorException type = failsAt(List.of(new OperatorDef(SCALAR, List.of("a", "a_presence"),
                List.of("l", "k", "v"), Map.of("feature_ids", List.of("x")))));
        assertEquals("ops[0] MergeSingleScalarFeatureTensors: argument 'feature_ids' must be a list of int64, entry 0 "
                + "is x", type.getMessage());
    }

    @Test
    void unknownArgument() {
        OperatorException e = failsAt(List.of(new OperatorDef(SCALAR, List.of("a", "a_presence"),
                List.of("l", "k", "v"), Map.of("feature_id", List.of(1L)))));
        assertEquals("ops[0] MergeSingleScalarFeatureTensors: unknown argument 'feature_id'; the operator takes only "
                + "feature_ids", e.getMessage());
        OperatorException multi = failsAt(List.of(new OperatorDef("MergeMultiScalarFeatureTensors",
                List.of("l", "k", "v"), List.of("L", "K", "V"), Map.of("feature_ids", List.of(1L)))));
        assertEquals("ops[0] MergeMultiScalarFeatureTensors: unknown argument 'feature_ids'; the operator takes no "
                + "arguments", multi.getMessage());
    }

    @Test
    void errorsWithoutAnInputNameNoBlob() {
        OperatorException e = failsAt(List.of(scalar(List.of("a", "a_presence"), List.of("l", "k", "v"), 1, 2)));
        assertEquals(FeatureTensorException.NO_INPUT, e.input());
        assertEquals(null, e.blob());
    }
}
