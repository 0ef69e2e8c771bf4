package dev.featuremaps.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.tensors.Tensors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The running totals of features and values against a lowered limit: every operator that keeps
 * one rejects the call whose last group pushes it past the limit, naming that group's input, and
 * accepts the same call when the limit equals the total. The real int32 limit is checked by
 * {@code TotalsPastInt32Test} in the testkit, which needs gigabytes and 25 s; this one runs in
 * milliseconds, so that the mutation run sees every mutant of the totals.
 */
class TotalLimitTest {
    private TensorArena arena;

    @BeforeEach
    void openArena() {
        arena = TensorArena.confined();
    }

    @AfterEach
    void closeArena() {
        arena.close();
    }

    private Tensor ints(int... v) {
        return Tensors.ofInts(arena, v);
    }

    private Tensor longs(int n) {
        return Tensor.allocate(arena, DType.INT64, n);
    }

    private Tensor floats(int n) {
        return Tensor.allocate(arena, DType.FLOAT, n);
    }

    private Tensor present(boolean... v) {
        return Tensors.ofBooleans(arena, v);
    }

    private Tensor allPresent() {
        return present(true, true, true);
    }

    private Tensor firstPresent() {
        return present(true, false, false);
    }

    /**
     * Plans {@code inputs} on {@code op} with the limit one below {@code total}, expecting input
     * {@code input} to be named, then with the limit at {@code total}, expecting the plan.
     */
    private static void assertLimit(KernelFamily family, OperatorType type, Tensor[] inputs, long[] ids,
                                    long total, String what, int input) {
        AbstractOperator op = (AbstractOperator) Operators.using(family).operator(type);
        op.maxTotal = total - 1;
        FeatureTensorException e = assertThrows(FeatureTensorException.class, () -> op.plan(inputs, ids, null),
                () -> type + " accepted a total of " + total + " " + what + " past a limit of " + (total - 1));
        assertEquals(type.typeName() + ": input " + input + " (" + e.role() + "): total of " + total + " " + what
                + " exceeds the int32 index range (" + (total - 1) + ")", e.getMessage());
        assertEquals(input, e.input(), e::getMessage);
        op.maxTotal = total;
        assertEquals(op, op.plan(inputs, ids, null).operator());
    }

    /** B = 3, every example present in both groups: 3 features, then 6. */
    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void featureTotalsCountEveryGroup(KernelFamily family) {
        long[] ids = {100, 200};
        assertLimit(family, OperatorType.MERGE_SINGLE_SCALAR, new Tensor[] {
            floats(3), allPresent(), floats(3), allPresent()}, ids, 6, "features", 3);
        assertLimit(family, OperatorType.MERGE_SINGLE_LIST, new Tensor[] {
            ints(0, 0, 0), floats(0), allPresent(), ints(0, 0, 0), floats(0), allPresent()}, ids, 6, "features", 5);
        assertLimit(family, OperatorType.MERGE_SINGLE_MAP, new Tensor[] {
            ints(0, 0, 0), longs(0), floats(0), allPresent(),
            ints(0, 0, 0), longs(0), floats(0), allPresent()}, ids, 6, "features", 7);
        assertLimit(family, OperatorType.MERGE_MULTI_SCALAR, new Tensor[] {
            ints(1, 1, 1), longs(3), floats(3), ints(1, 1, 1), longs(3), floats(3)}, null, 6, "features", 3);
        assertLimit(family, OperatorType.MERGE_MULTI_LIST, new Tensor[] {
            ints(1, 1, 1), longs(3), ints(0, 0, 0), floats(0),
            ints(1, 1, 1), longs(3), ints(0, 0, 0), floats(0)}, null, 6, "features", 4);
        assertLimit(family, OperatorType.MERGE_MULTI_MAP, new Tensor[] {
            ints(1, 1, 1), longs(3), ints(0, 0, 0), longs(0), floats(0),
            ints(1, 1, 1), longs(3), ints(0, 0, 0), longs(0), floats(0)}, null, 6, "features", 5);
        Tensor matrix = Tensor.allocate(arena, DType.FLOAT, 3, 2);
        Tensor presence = Tensor.allocate(arena, DType.BOOL, 3, 2);
        presence.data().fill((byte) 1);
        assertLimit(family, OperatorType.MERGE_DENSE, new Tensor[] {matrix, presence}, ids, 6, "features", 1);
        assertLimit(family, OperatorType.MERGE_SINGLE_SCALAR_GRADIENT, new Tensor[] {
            allPresent(), allPresent(), floats(6)}, null, 6, "features", 1);
        assertLimit(family, OperatorType.MERGE_MULTI_SCALAR_GRADIENT, new Tensor[] {
            ints(1, 1, 1), ints(1, 1, 1), floats(6)}, null, 6, "features", 1);
    }

    /** B = 3, one present example of length 2 per group: 2 values, then 4 (and 1, 2 features). */
    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void valueTotalsCountEveryGroup(KernelFamily family) {
        long[] ids = {100, 200};
        assertLimit(family, OperatorType.MERGE_SINGLE_LIST, new Tensor[] {
            ints(2, 0, 0), floats(2), firstPresent(), ints(2, 0, 0), floats(2), firstPresent()}, ids, 4, "values", 3);
        assertLimit(family, OperatorType.MERGE_SINGLE_MAP, new Tensor[] {
            ints(2, 0, 0), longs(2), floats(2), firstPresent(),
            ints(2, 0, 0), longs(2), floats(2), firstPresent()}, ids, 4, "values", 4);
        assertLimit(family, OperatorType.MERGE_SINGLE_LIST_GRADIENT, new Tensor[] {
            ints(2, 0, 0), firstPresent(), ints(2, 0, 0), firstPresent(), floats(4)}, null, 4, "values", 2);
        assertLimit(family, OperatorType.MERGE_SINGLE_MAP_GRADIENT, new Tensor[] {
            ints(2, 0, 0), firstPresent(), ints(2, 0, 0), firstPresent(), floats(4)}, null, 4, "values", 2);
        assertLimit(family, OperatorType.MERGE_MULTI_LIST, new Tensor[] {
            ints(1, 0, 0), longs(1), ints(2), floats(2),
            ints(1, 0, 0), longs(1), ints(2), floats(2)}, null, 4, "values", 6);
        assertLimit(family, OperatorType.MERGE_MULTI_MAP, new Tensor[] {
            ints(1, 0, 0), longs(1), ints(2), longs(2), floats(2),
            ints(1, 0, 0), longs(1), ints(2), longs(2), floats(2)}, null, 4, "values", 7);
        assertLimit(family, OperatorType.MERGE_MULTI_LIST_GRADIENT, new Tensor[] {
            ints(1, 0, 0), ints(2), ints(1, 0, 0), ints(2), floats(4)}, null, 4, "values", 3);
        assertLimit(family, OperatorType.MERGE_MULTI_MAP_GRADIENT, new Tensor[] {
            ints(1, 0, 0), ints(2), ints(1, 0, 0), ints(2), floats(4)}, null, 4, "values", 3);
    }
}
