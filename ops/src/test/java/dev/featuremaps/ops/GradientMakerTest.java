package dev.featuremaps.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gradient makers, checked against the table in SEMANTICS.md with two features or inputs each. */
class GradientMakerTest {

    private static OperatorDef gradientOf(OperatorDef forward) {
        List<OperatorDef> g = OperatorRegistry.gradient(forward);
        assertEquals(1, g.size(), "one gradient operator per forward operator");
        return g.get(0);
    }

    @Test
    void singleScalar() {
        OperatorDef forward = OperatorDef.of("MergeSingleScalarFeatureTensors",
                List.of("v1", "p1", "v2", "p2"), List.of("L", "K", "V"), 11, 12);
        assertEquals(OperatorDef.of("MergeSingleScalarFeatureTensorsGradient",
                List.of("p1", "p2", "V_grad"), List.of("v1_grad", "v2_grad")), gradientOf(forward));
    }

    @Test
    void singleList() {
        OperatorDef forward = OperatorDef.of("MergeSingleListFeatureTensors",
                List.of("l1", "v1", "p1", "l2", "v2", "p2"), List.of("L", "K", "VL", "VV"), 11, 12);
        assertEquals(OperatorDef.of("MergeSingleListFeatureTensorsGradient",
                List.of("l1", "p1", "l2", "p2", "VV_grad"), List.of("v1_grad", "v2_grad")), gradientOf(forward));
    }

    @Test
    void singleMap() {
        OperatorDef forward = OperatorDef.of("MergeSingleMapFeatureTensors",
                List.of("l1", "k1", "v1", "p1", "l2", "k2", "v2", "p2"), List.of("L", "K", "VL", "VK", "VV"), 11, 12);
        assertEquals(OperatorDef.of("MergeSingleMapFeatureTensorsGradient",
                List.of("l1", "p1", "l2", "p2", "VV_grad"), List.of("v1_grad", "v2_grad")), gradientOf(forward));
    }

    @Test
    void multiScalar() {
        OperatorDef forward = OperatorDef.of("MergeMultiScalarFeatureTensors",
                List.of("l1", "k1", "v1", "l2", "k2", "v2"), List.of("L", "K", "V"));
        assertEquals(OperatorDef.of("MergeMultiScalarFeatureTensorsGradient",
                List.of("l1", "l2", "V_grad"), List.of("v1_grad", "v2_grad")), gradientOf(forward));
    }

    @Test
    void multiList() {
        OperatorDef forward = OperatorDef.of("MergeMultiListFeatureTensors",
                List.of("l1", "k1", "vl1", "vv1", "l2", "k2", "vl2", "vv2"), List.of("L", "K", "VL", "VV"));
        assertEquals(OperatorDef.of("MergeMultiListFeatureTensorsGradient",
                List.of("l1", "vl1", "l2", "vl2", "VV_grad"), List.of("vv1_grad", "vv2_grad")), gradientOf(forward));
    }

    @Test
    void multiMap() {
        OperatorDef forward = OperatorDef.of("MergeMultiMapFeatureTensors",
                List.of("l1", "k1", "vl1", "vk1", "vv1", "l2", "k2", "vl2", "vk2", "vv2"),
                List.of("L", "K", "VL", "VK", "VV"));
        assertEquals(OperatorDef.of("MergeMultiMapFeatureTensorsGradient",
                List.of("l1", "vl1", "l2", "vl2", "VV_grad"), List.of("vv1_grad", "vv2_grad")), gradientOf(forward));
    }

    @Test
    void oneFeature() {
        OperatorDef forward = OperatorDef.of("MergeSingleScalarFeatureTensors",
                List.of("age", "age_presence"), List.of("l", "k", "v"), 7);
        assertEquals(OperatorDef.of("MergeSingleScalarFeatureTensorsGradient",
                List.of("age_presence", "v_grad"), List.of("age_grad")), gradientOf(forward));
    }

    @Test
    void featureIdsOfTheWrongCountAreRejectedAsRunningWouldRejectThem() {
        OperatorDef twoIds = OperatorDef.of("MergeSingleScalarFeatureTensors",
                List.of("age", "age_presence"), List.of("l", "k", "v"), 7, 8);
        OperatorException e = assertThrows(OperatorException.class, () -> OperatorRegistry.gradient(twoIds, 0));
        assertEquals("ops[0] MergeSingleScalarFeatureTensors: feature_ids has 2 entries, expected 1 (one per feature)",
                e.getMessage());
    }

    @Test
    void denseHasNoGradient() {
        OperatorDef dense = OperatorDef.of("MergeDenseFeatureTensors", List.of("d", "p"), List.of("l", "k", "v"), 1, 2);
        OperatorException e = assertThrows(OperatorException.class, () -> OperatorRegistry.gradient(dense));
        assertEquals("MergeDenseFeatureTensors: has no gradient", e.getMessage());
        OperatorException at = assertThrows(OperatorException.class, () -> OperatorRegistry.gradient(dense, 4));
        assertEquals("ops[4] MergeDenseFeatureTensors: has no gradient", at.getMessage());
        assertEquals(4, at.position());
    }

    @Test
    void gradientOperatorsHaveNoGradient() {
        OperatorDef g = OperatorDef.of("MergeMultiScalarFeatureTensorsGradient", List.of("l", "g"), List.of("o"));
        OperatorException e = assertThrows(OperatorException.class, () -> OperatorRegistry.gradient(g));
        assertEquals("MergeMultiScalarFeatureTensorsGradient: has no gradient (it is a gradient operator)",
                e.getMessage());
    }

    @Test
    void forwardThatBreaksItsSchemaIsRejected() {
        OperatorDef odd = OperatorDef.of("MergeSingleListFeatureTensors", List.of("l", "v"), List.of("L", "K", "VL", "VV"),
                1);
        OperatorException e = assertThrows(OperatorException.class, () -> OperatorRegistry.gradient(odd));
        assertEquals("MergeSingleListFeatureTensors: 2 inputs [l, v], expected 3 per feature (lengths, values, "
                + "presence), at least 1 feature", e.getMessage());
        OperatorDef unknown = OperatorDef.of("MergeFoo", List.of("a"), List.of("b"));
        assertThrows(OperatorException.class, () -> OperatorRegistry.gradient(unknown));
    }

    @Test
    void gradientOperatorsAcceptTheForwardArgumentsCaffe2CopiesOntoThem() {
        OperatorDef g = new OperatorDef("MergeSingleScalarFeatureTensorsGradient", List.of("p", "g"), List.of("o"),
                Map.of(OperatorDef.FEATURE_IDS, List.of(3L)));
        assertEquals("MergeSingleScalarFeatureTensorsGradient", OperatorRegistry.check(g, 0).type());
    }

    @Test
    void gradientNames() {
        assertEquals("x_grad", OperatorRegistry.gradientName("x"));
    }
}
