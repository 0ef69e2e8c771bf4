package dev.featuremaps.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.featuremaps.tensors.DType;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every operator type run by name through a {@link Workspace}, on small examples worked out by
 * hand from SEMANTICS.md.
 */
class OperatorsThroughWorkspaceTest {
    private final Workspace ws = new Workspace();

    @AfterEach
    void close() {
        ws.close();
    }

    private void bools(String name, boolean... v) {
        ws.feed(name, DType.BOOL, v);
    }

    private void ints(String name, int... v) {
        ws.feed(name, DType.INT32, v);
    }

    private void longs(String name, long... v) {
        ws.feed(name, DType.INT64, v);
    }

    private void floats(String name, float... v) {
        ws.feed(name, DType.FLOAT, v);
    }

    private void doubles(String name, double... v) {
        ws.feed(name, DType.DOUBLE, v);
    }

    private void strings(String name, String... v) {
        ws.feed(name, DType.STRING, v);
    }

    private int[] intsOf(String name) {
        return (int[]) ws.fetchArray(name);
    }

    private long[] longsOf(String name) {
        return (long[]) ws.fetchArray(name);
    }

    private float[] floatsOf(String name) {
        return (float[]) ws.fetchArray(name);
    }

    private double[] doublesOf(String name) {
        return (double[]) ws.fetchArray(name);
    }

    private String[] stringsOf(String name) {
        return (String[]) ws.fetchArray(name);
    }

    private void run(String type, List<String> in, List<String> out, long... ids) {
        ws.run(ids.length == 0 ? OperatorDef.of(type, in, out) : OperatorDef.of(type, in, out, ids));
    }

    @Test
    void mergeSingleScalar() {
        floats("a", 1, 2, 3);
        bools("a_p", true, false, true);
        floats("b", 4, 5, 6);
        bools("b_p", false, true, true);
        run("MergeSingleScalarFeatureTensors", List.of("a", "a_p", "b", "b_p"), List.of("l", "k", "v"), 11, 12);
        assertArrayEquals(new int[] {1, 1, 2}, intsOf("l"));
        assertArrayEquals(new long[] {11, 12, 11, 12}, longsOf("k"));
        assertArrayEquals(new float[] {1, 5, 3, 6}, floatsOf("v"));
    }

    @Test
    void mergeSingleList() {
        // Example 1 of the first feature is absent: its length 5 is ignored and consumes nothing.
        ints("a_l", 2, 5, 1);
        longs("a", 10, 11, 12);
        bools("a_p", true, false, true);
        ints("b_l", 1, 1, 0);
        longs("b", 20, 21);
        bools("b_p", true, true, true);
        run("MergeSingleListFeatureTensors", List.of("a_l", "a", "a_p", "b_l", "b", "b_p"),
                List.of("l", "k", "vl", "vv"), 1, 2);
        assertArrayEquals(new int[] {2, 1, 2}, intsOf("l"));
        assertArrayEquals(new long[] {1, 2, 2, 1, 2}, longsOf("k"));
        assertArrayEquals(new int[] {2, 1, 1, 1, 0}, intsOf("vl"));
        assertArrayEquals(new long[] {10, 11, 20, 21, 12}, longsOf("vv"));
    }

    @Test
    void mergeSingleMap() {
        ints("a_l", 1, 2);
        longs("a_k", 7, 8, 9);
        floats("a", 0.5f, 0.25f, 0.125f);
        bools("a_p", true, true);
        ints("b_l", 1, 0);
        longs("b_k", 3);
        floats("b", 1.0f);
        bools("b_p", true, false);
        run("MergeSingleMapFeatureTensors", List.of("a_l", "a_k", "a", "a_p", "b_l", "b_k", "b", "b_p"),
                List.of("l", "k", "vl", "vk", "vv"), 5, 6);
        assertArrayEquals(new int[] {2, 1}, intsOf("l"));
        assertArrayEquals(new long[] {5, 6, 5}, longsOf("k"));
        assertArrayEquals(new int[] {1, 1, 2}, intsOf("vl"));
        assertArrayEquals(new long[] {7, 3, 8, 9}, longsOf("vk"));
        assertArrayEquals(new float[] {0.5f, 1.0f, 0.25f, 0.125f}, floatsOf("vv"));
    }

    @Test
    void mergeMultiScalar() {
        ints("u_l", 2, 1);
        longs("u_k", 1, 2, 1);
        floats("u_v", 0.5f, 1.5f, 0.7f);
        ints("c_l", 1, 0);
        longs("c_k", 9);
        floats("c_v", 3.0f);
        run("MergeMultiScalarFeatureTensors", List.of("u_l", "u_k", "u_v", "c_l", "c_k", "c_v"),
                List.of("l", "k", "v"));
        assertArrayEquals(new int[] {3, 1}, intsOf("l"));
        assertArrayEquals(new long[] {1, 2, 9, 1}, longsOf("k"));
        assertArrayEquals(new float[] {0.5f, 1.5f, 3.0f, 0.7f}, floatsOf("v"));
    }

    @Test
    void mergeMultiListOfStrings() {
        ints("q_l", 1, 1);
        longs("q_k", 50, 50);
        ints("q_vl", 2, 1);
        strings("q_vv", "shoes", "red shoes", "hat");
        ints("p_l", 1, 1);
        longs("p_k", 60, 61);
        ints("p_vl", 1, 0);
        strings("p_vv", "sale");
        run("MergeMultiListFeatureTensors", List.of("q_l", "q_k", "q_vl", "q_vv", "p_l", "p_k", "p_vl", "p_vv"),
                List.of("l", "k", "vl", "vv"));
        assertArrayEquals(new int[] {2, 2}, intsOf("l"));
        assertArrayEquals(new long[] {50, 60, 50, 61}, longsOf("k"));
        assertArrayEquals(new int[] {2, 1, 1, 0}, intsOf("vl"));
        assertArrayEquals(new String[] {"shoes", "red shoes", "sale", "hat"}, stringsOf("vv"));
    }

    @Test
    void mergeMultiMap() {
        ints("a_l", 1, 1);
        longs("a_k", 10, 11);
        ints("a_vl", 2, 1);
        ints("a_vk", 1, 2, 3);
        doubles("a_vv", 0.1, 0.2, 0.3);
        ints("b_l", 0, 1);
        longs("b_k", 12);
        ints("b_vl", 1);
        ints("b_vk", 4);
        doubles("b_vv", 0.4);
        run("MergeMultiMapFeatureTensors",
                List.of("a_l", "a_k", "a_vl", "a_vk", "a_vv", "b_l", "b_k", "b_vl", "b_vk", "b_vv"),
                List.of("l", "k", "vl", "vk", "vv"));
        assertArrayEquals(new int[] {1, 2}, intsOf("l"));
        assertArrayEquals(new long[] {10, 11, 12}, longsOf("k"));
        assertArrayEquals(new int[] {2, 1, 1}, intsOf("vl"));
        assertArrayEquals(new int[] {1, 2, 3, 4}, intsOf("vk"));
        assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4}, doublesOf("vv"));
    }

    @Test
    void mergeDense() {
        ws.feedMatrix("d", DType.DOUBLE, 3, 2, new double[] {0.5, 12, Double.NaN, 7.25, -1e-3, Double.POSITIVE_INFINITY});
        ws.feedMatrix("p", DType.BOOL, 3, 2, new boolean[] {true, true, false, true, true, false});
        run("MergeDenseFeatureTensors", List.of("d", "p"), List.of("l", "k", "v"), 7, 8);
        assertArrayEquals(new int[] {2, 1, 1}, intsOf("l"));
        assertArrayEquals(new long[] {7, 8, 8, 7}, longsOf("k"));
        assertArrayEquals(new double[] {0.5, 12, 7.25, -1e-3}, doublesOf("v"));
    }

    @Test
    void mergeDenseStrings() {
        ws.feedMatrix("d", DType.STRING, 2, 2, new String[] {"ab", "", "é", "cd"});
        ws.feedMatrix("p", DType.BOOL, 2, 2, new boolean[] {true, true, false, true});
        run("MergeDenseFeatureTensors", List.of("d", "p"), List.of("l", "k", "v"), 7, 8);
        assertArrayEquals(new int[] {2, 1}, intsOf("l"));
        assertArrayEquals(new long[] {7, 8, 8}, longsOf("k"));
        assertArrayEquals(new String[] {"ab", "", "cd"}, stringsOf("v"));
    }

    @Test
    void mergeSingleScalarGradient() {
        bools("a_p", true, false, true);
        bools("b_p", false, true, true);
        floats("v_grad", 1, 5, 3, 6);
        run("MergeSingleScalarFeatureTensorsGradient", List.of("a_p", "b_p", "v_grad"), List.of("a_grad", "b_grad"));
        assertArrayEquals(new float[] {1, 0, 3}, floatsOf("a_grad"));
        assertArrayEquals(new float[] {0, 5, 6}, floatsOf("b_grad"));
    }

    @Test
    void mergeSingleScalarGradientOfStringsDefaultsToEmpty() {
        bools("a_p", true, false);
        strings("v_grad", "x");
        run("MergeSingleScalarFeatureTensorsGradient", List.of("a_p", "v_grad"), List.of("a_grad"));
        assertArrayEquals(new String[] {"x", ""}, stringsOf("a_grad"));
    }

    @Test
    void mergeSingleListGradient() {
        ints("a_l", 2, 5, 1);
        bools("a_p", true, false, true);
        ints("b_l", 1, 1, 0);
        bools("b_p", true, true, true);
        longs("vv_grad", 10, 11, 20, 21, 12);
        run("MergeSingleListFeatureTensorsGradient", List.of("a_l", "a_p", "b_l", "b_p", "vv_grad"),
                List.of("a_grad", "b_grad"));
        assertArrayEquals(new long[] {10, 11, 12}, longsOf("a_grad"));
        assertArrayEquals(new long[] {20, 21}, longsOf("b_grad"));
    }

    @Test
    void mergeSingleMapGradient() {
        ints("a_l", 1, 2);
        bools("a_p", true, true);
        ints("b_l", 1, 0);
        bools("b_p", true, false);
        floats("vv_grad", 0.5f, 1.0f, 0.25f, 0.125f);
        run("MergeSingleMapFeatureTensorsGradient", List.of("a_l", "a_p", "b_l", "b_p", "vv_grad"),
                List.of("a_grad", "b_grad"));
        assertArrayEquals(new float[] {0.5f, 0.25f, 0.125f}, floatsOf("a_grad"));
        assertArrayEquals(new float[] {1.0f}, floatsOf("b_grad"));
    }

    @Test
    void mergeMultiScalarGradient() {
        ints("u_l", 2, 1);
        ints("c_l", 1, 0);
        floats("v_grad", 0.5f, 1.5f, 3.0f, 0.7f);
        run("MergeMultiScalarFeatureTensorsGradient", List.of("u_l", "c_l", "v_grad"), List.of("u_grad", "c_grad"));
        assertArrayEquals(new float[] {0.5f, 1.5f, 0.7f}, floatsOf("u_grad"));
        assertArrayEquals(new float[] {3.0f}, floatsOf("c_grad"));
    }

    @Test
    void mergeMultiListGradient() {
        ints("q_l", 1, 1);
        ints("q_vl", 2, 1);
        ints("p_l", 1, 1);
        ints("p_vl", 1, 0);
        strings("vv_grad", "shoes", "red shoes", "sale", "hat");
        run("MergeMultiListFeatureTensorsGradient", List.of("q_l", "q_vl", "p_l", "p_vl", "vv_grad"),
                List.of("q_grad", "p_grad"));
        assertArrayEquals(new String[] {"shoes", "red shoes", "hat"}, stringsOf("q_grad"));
        assertArrayEquals(new String[] {"sale"}, stringsOf("p_grad"));
    }

    @Test
    void mergeMultiMapGradient() {
        ints("a_l", 1, 1);
        ints("a_vl", 2, 1);
        ints("b_l", 0, 1);
        ints("b_vl", 1);
        doubles("vv_grad", 0.1, 0.2, 0.3, 0.4);
        run("MergeMultiMapFeatureTensorsGradient", List.of("a_l", "a_vl", "b_l", "b_vl", "vv_grad"),
                List.of("a_grad", "b_grad"));
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, doublesOf("a_grad"));
        assertArrayEquals(new double[] {0.4}, doublesOf("b_grad"));
    }

    @Test
    void registryListsTheTypedOperators() {
        assertEquals(22, OperatorRegistry.types().size());
        assertEquals(ws.operators().all().keySet().stream().toList(), OperatorRegistry.types(),
                "the registry lists the typed operators, in the same order");
    }
}
