package dev.featuremaps.testkit.conformance;

import static dev.featuremaps.testkit.model.Column.floats;
import static dev.featuremaps.testkit.model.Column.ints;
import static dev.featuremaps.testkit.model.Column.longs;
import static dev.featuremaps.testkit.model.Column.presence;
import static dev.featuremaps.testkit.model.Column.strings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.featuremaps.operators.FeatureOperator;
import dev.featuremaps.operators.FeatureTensorException;
import dev.featuremaps.operators.KernelFamily;
import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.operators.Plan;
import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.Model;
import dev.featuremaps.testkit.model.ModelTensors;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorAllocator;
import dev.featuremaps.tensors.TensorArena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One test per rule of SEMANTICS.md "Validation", on every operator the rule applies to and on
 * every {@link KernelFamily}. Each asserts the message (operator, {@code input N (role)}, the
 * numbers) and that nothing was written: outputs sized for a valid call and filled with a canary
 * stay untouched, the rejected plan cannot be executed into them, and {@code run} allocates
 * nothing.
 *
 * <p>The valid calls have B = 3 and two feature groups; the rules are broken in the second group,
 * so a check applied to the first group only would not pass.
 */
class OperatorValidationTest {
    private static final String SS = OperatorType.MERGE_SINGLE_SCALAR.typeName();
    private static final String SL = OperatorType.MERGE_SINGLE_LIST.typeName();
    private static final String SM = OperatorType.MERGE_SINGLE_MAP.typeName();
    private static final String MS = OperatorType.MERGE_MULTI_SCALAR.typeName();
    private static final String ML = OperatorType.MERGE_MULTI_LIST.typeName();
    private static final String MM = OperatorType.MERGE_MULTI_MAP.typeName();
    private static final String DENSE = OperatorType.MERGE_DENSE.typeName();
    private static final String SSG = OperatorType.MERGE_SINGLE_SCALAR_GRADIENT.typeName();
    private static final String SLG = OperatorType.MERGE_SINGLE_LIST_GRADIENT.typeName();
    private static final String SMG = OperatorType.MERGE_SINGLE_MAP_GRADIENT.typeName();
    private static final String MSG = OperatorType.MERGE_MULTI_SCALAR_GRADIENT.typeName();
    private static final String MLG = OperatorType.MERGE_MULTI_LIST_GRADIENT.typeName();
    private static final String MMG = OperatorType.MERGE_MULTI_MAP_GRADIENT.typeName();
    private static final List<String> ALL = List.of(SS, SL, SM, MS, ML, MM, DENSE, SSG, SLG, SMG, MSG, MLG, MMG);

    TensorArena arena;

    @BeforeEach
    void openArena() {
        arena = TensorArena.confined();
    }

    @AfterEach
    void closeArena() {
        arena.close();
    }

    /** An operator call: its inputs in Caffe2 order and feature ids. */
    record Call(String op, Tensor[] inputs, long[] ids) {
        Call with(int input, Tensor t) {
            Tensor[] in = inputs.clone();
            in[input] = t;
            return new Call(op, in, ids);
        }

        Call withInputs(Tensor... in) {
            return new Call(op, in, ids);
        }

        Call withIds(long... newIds) {
            return new Call(op, inputs, newIds);
        }
    }

    Tensor t(Column c) {
        return ModelTensors.toTensor(arena, c);
    }

    // ---------------------------------------------------------------- valid calls, B = 3

    /**
     * Example 1 is absent from feature 0 with a junk length of 5, example 2 from feature 1 with
     * 2: present lengths sum to 3 and 1, all lengths to 8 and 3.
     */
    private static final Column L0 = ints(2, 5, 1);
    private static final Column P0 = presence(1, 0, 1);
    private static final Column L1 = ints(0, 1, 2);
    private static final Column P1 = presence(1, 1, 0);
    /** Multi inputs: 3 and 3 features; values.lengths sum to 3 and 2. */
    private static final Column ML0 = ints(1, 0, 2);
    private static final Column ML1 = ints(0, 2, 1);
    private static final Column MRL0 = ints(1, 0, 1);
    private static final Column MRL1 = ints(0, 1, 1);

    private Call valid(String op) {
        return switch (OperatorType.of(op)) {
            case MERGE_SINGLE_SCALAR -> new Call(op, new Tensor[] {
                t(ints(10, 11, 12)), t(P0), t(ints(20, 21, 22)), t(P1)}, new long[] {100, 200});
            case MERGE_SINGLE_LIST -> new Call(op, new Tensor[] {
                t(L0), t(ints(1, 2, 3)), t(P0), t(L1), t(ints(4)), t(P1)}, new long[] {100, 200});
            case MERGE_SINGLE_MAP -> new Call(op, new Tensor[] {
                t(L0), t(longs(7, 8, 9)), t(floats(1, 2, 3)), t(P0),
                t(L1), t(longs(10)), t(floats(4)), t(P1)}, new long[] {100, 200});
            case MERGE_MULTI_SCALAR -> new Call(op, new Tensor[] {
                t(ML0), t(longs(5, 6, 7)), t(floats(.5f, .6f, .7f)),
                t(ML1), t(longs(8, 9, 10)), t(floats(.8f, .9f, 1f))}, null);
            case MERGE_MULTI_LIST -> new Call(op, new Tensor[] {
                t(MRL0), t(longs(5, 6)), t(ints(2, 1)), t(ints(1, 2, 3)),
                t(MRL1), t(longs(7, 8)), t(ints(0, 2)), t(ints(4, 5))}, null);
            case MERGE_MULTI_MAP -> new Call(op, new Tensor[] {
                t(MRL0), t(longs(5, 6)), t(ints(2, 1)), t(longs(1, 2, 3)), t(floats(1, 2, 3)),
                t(MRL1), t(longs(7, 8)), t(ints(0, 2)), t(longs(4, 5)), t(floats(4, 5))}, null);
            case MERGE_DENSE -> new Call(op, new Tensor[] {
                ModelTensors.toMatrix(arena, floats(1, 2, 3, 4, 5, 6), 3, 2, 0),
                ModelTensors.toMatrix(arena, presence(1, 0, 1, 1, 0, 1), 3, 2, 0)}, new long[] {100, 200});
            case MERGE_SINGLE_SCALAR_GRADIENT -> new Call(op, new Tensor[] {
                t(P0), t(P1), t(floats(1, 2, 3, 4))}, null);
            case MERGE_SINGLE_LIST_GRADIENT, MERGE_SINGLE_MAP_GRADIENT -> new Call(op, new Tensor[] {
                t(L0), t(P0), t(L1), t(P1), t(floats(1, 2, 3, 4))}, null);
            case MERGE_MULTI_SCALAR_GRADIENT -> new Call(op, new Tensor[] {
                t(ML0), t(ML1), t(floats(1, 2, 3, 4, 5, 6))}, null);
            case MERGE_MULTI_LIST_GRADIENT, MERGE_MULTI_MAP_GRADIENT -> new Call(op, new Tensor[] {
                t(MRL0), t(ints(2, 1)), t(MRL1), t(ints(0, 2)), t(floats(1, 2, 3, 4, 5))}, null);
            default -> throw new IllegalArgumentException(op);
        };
    }

    // ---------------------------------------------------------------- assertions

    /**
     * Asserts that {@code bad} is rejected naming {@code input (role)} with every fragment in the
     * detail, and that nothing is written or allocated.
     */
    private FeatureTensorException assertRejected(KernelFamily family, Call bad, int input, String role,
                                                  String... detail) {
        FeatureTensorException e = assertNothingWritten(family, bad, true);
        assertEquals(input, e.input(), e::getMessage);
        assertEquals(role, e.role(), e::getMessage);
        assertTrue(e.getMessage().startsWith(bad.op() + ": input " + input + " (" + role + "): "), e::getMessage);
        for (String d : detail) {
            assertTrue(e.detail().contains(d), () -> "'" + d + "' missing from: " + e.getMessage());
        }
        return e;
    }

    /**
     * A total past int32: rejected naming the input whose lengths or presence pushed it over
     * (which input that is depends on the call, so only its form is checked), nothing written.
     */
    FeatureTensorException assertRejectedTotal(KernelFamily family, Call bad, boolean viaRun,
                                                       String... detail) {
        FeatureTensorException e = assertNothingWritten(family, bad, viaRun);
        assertTrue(e.input() >= 0, e::getMessage);
        assertTrue(e.getMessage().startsWith(bad.op() + ": input " + e.input() + " (" + e.role() + "): "),
                e::getMessage);
        assertTrue(List.of("lengths", "presence", "values.lengths").contains(e.role()), e::getMessage);
        for (String d : detail) {
            assertTrue(e.detail().contains(d), () -> "'" + d + "' missing from: " + e.getMessage());
        }
        return e;
    }

    /** As {@link #assertRejected} for errors that concern no single input. */
    private FeatureTensorException assertRejectedCall(KernelFamily family, Call bad, String... detail) {
        return assertRejectedCall(family, bad, true, detail);
    }

    /**
     * As {@link #assertRejectedCall(KernelFamily, Call, String...)}; {@code viaRun} false skips
     * the second validation through {@code run}, for calls whose validation reads gigabytes.
     */
    private FeatureTensorException assertRejectedCall(KernelFamily family, Call bad, boolean viaRun,
                                                      String... detail) {
        FeatureTensorException e = assertNothingWritten(family, bad, viaRun);
        assertEquals(FeatureTensorException.NO_INPUT, e.input(), e::getMessage);
        assertNull(e.role(), e::getMessage);
        assertTrue(e.getMessage().startsWith(bad.op() + ": "), e::getMessage);
        for (String d : detail) {
            assertTrue(e.detail().contains(d), () -> "'" + d + "' missing from: " + e.getMessage());
        }
        return e;
    }

    private FeatureTensorException assertNothingWritten(KernelFamily family, Call bad, boolean viaRun) {
        FeatureOperator op = Operators.using(family).operator(bad.op());
        Call good = valid(bad.op());
        Plan plan = op.plan(good.inputs(), good.ids(), null);
        Tensor[] outputs = plan.allocateOutputs(arena);
        OperatorHarness.fillCanary(outputs);
        byte[][] before = OperatorHarness.snapshot(outputs);

        FeatureTensorException e = assertThrows(FeatureTensorException.class,
                () -> op.plan(bad.inputs(), bad.ids(), plan), () -> family + " " + bad.op() + " accepted the call");
        assertEquals(bad.op(), e.operator());
        IllegalStateException rejected = assertThrows(IllegalStateException.class, () -> op.execute(plan, outputs),
                "a plan whose planning failed must not execute");
        assertEquals(bad.op() + ": the plan's inputs were rejected", rejected.getMessage());
        assertSameBytes(before, outputs);
        if (!viaRun) {
            return e;
        }

        AtomicLong allocated = new AtomicLong();
        TensorAllocator counting = bytes -> {
            allocated.incrementAndGet();
            return arena.allocate(bytes);
        };
        FeatureTensorException again = assertThrows(FeatureTensorException.class,
                () -> op.run(counting, bad.inputs(), bad.ids()));
        assertEquals(e.getMessage(), again.getMessage());
        assertEquals(0, allocated.get(), "run allocated outputs for a rejected call");
        return e;
    }

    private static void assertSameBytes(byte[][] before, Tensor[] outputs) {
        byte[][] after = OperatorHarness.snapshot(outputs);
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], after[i], "output " + i / 2 + " was written");
        }
    }

    // ---------------------------------------------------------------- input and argument counts

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void inputCountMustFitTheOperator(KernelFamily family) {
        int[][] badCounts = {
            {0, 1, 3, 5}, {0, 1, 2, 4, 5, 7}, {0, 1, 2, 3, 5, 7, 9}, {0, 1, 2, 4, 5, 7},
            {0, 1, 2, 3, 5, 7, 9}, {0, 1, 2, 3, 4, 6, 9, 11}, {0, 1, 3},
            {0, 1}, {0, 1, 2, 4, 6}, {0, 1, 2, 4, 6}, {0, 1}, {0, 1, 2, 4, 6}, {0, 1, 2, 4, 6}};
        for (int o = 0; o < ALL.size(); o++) {
            Call call = valid(ALL.get(o));
            for (int n : badCounts[o]) {
                Tensor[] in = new Tensor[n];
                for (int i = 0; i < n; i++) {
                    in[i] = call.inputs()[i % call.inputs().length];
                }
                assertRejectedCall(family, call.withInputs(in), n + " inputs, expected ");
            }
            assertRejectedCall(family, call.withInputs((Tensor[]) null), "0 inputs, expected ");
        }
    }

    /** The layout each operator expects, as its input-count message spells it. */
    private static final List<String> LAYOUTS = List.of(
        "2 per feature (values, presence), at least 1 feature",
        "3 per feature (lengths, values, presence), at least 1 feature",
        "4 per feature (lengths, keys, values, presence), at least 1 feature",
        "3 per input (lengths, keys, values), at least 1 input",
        "4 per input (lengths, keys, values.lengths, values.values), at least 1 input",
        "5 per input (lengths, keys, values.lengths, values.keys, values.values), at least 1 input",
        "exactly 2 (dense, presence)",
        "N presence tensors, then values_grad (N >= 1)",
        "2 per feature (lengths, presence), then values.values_grad",
        "2 per feature (lengths, presence), then values.values_grad",
        "M lengths tensors, then values_grad (M >= 1)",
        "2 per input (lengths, values.lengths), then values.values_grad",
        "2 per input (lengths, values.lengths), then values.values_grad");

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void inputCountMessageSpellsTheOperatorsLayout(KernelFamily family) {
        for (int o = 0; o < ALL.size(); o++) {
            Call call = valid(ALL.get(o));
            Call one = call.withInputs(call.inputs()[0]);
            FeatureTensorException e = assertRejectedCall(family, one);
            assertEquals(ALL.get(o) + ": 1 inputs, expected " + LAYOUTS.get(o), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void inputsMustNotBeMissing(KernelFamily family) {
        for (String op : ALL) {
            Call call = valid(op);
            for (int i : new int[] {0, call.inputs().length - 1}) {
                FeatureTensorException e = assertRejectedCall(family, call.with(i, null), "input " + i + " is missing");
                assertEquals(op + ": input " + i + " is missing", e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void featureIdsNeedOneEntryPerFeature(KernelFamily family) {
        for (String op : List.of(SS, SL, SM, DENSE)) {
            Call call = valid(op);
            assertRejectedCall(family, call.withIds(100), "feature_ids has 1 entries, expected 2");
            assertRejectedCall(family, call.withIds(100, 200, 300), "feature_ids has 3 entries, expected 2");
            assertRejectedCall(family, call.withIds((long[]) null), "feature_ids has 0 entries, expected 2");
        }
    }

    // ---------------------------------------------------------------- dtypes

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void lengthsMustBeInt32(KernelFamily family) {
        Tensor wide = t(longs(0, 1, 2));
        for (Object[] c : new Object[][] {
            {SL, 3}, {SM, 4}, {MS, 3}, {ML, 4}, {MM, 5}, {SLG, 2}, {SMG, 2}, {MSG, 1}, {MLG, 2}, {MMG, 2}}) {
            int input = (Integer) c[1];
            assertRejected(family, valid((String) c[0]).with(input, wide), input, "lengths",
                    "dtype int64, expected int32");
        }
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void valuesLengthsMustBeInt32(KernelFamily family) {
        Tensor wide = t(longs(0, 2));
        for (Object[] c : new Object[][] {{ML, 6}, {MM, 7}, {MLG, 3}, {MMG, 3}}) {
            int input = (Integer) c[1];
            assertRejected(family, valid((String) c[0]).with(input, wide), input, "values.lengths",
                    "dtype int64, expected int32");
        }
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void presenceMustBeBool(KernelFamily family) {
        Tensor bytesAsInts = t(ints(1, 1, 0));
        for (Object[] c : new Object[][] {{SS, 3}, {SL, 5}, {SM, 7}, {SSG, 1}, {SLG, 3}, {SMG, 3}}) {
            int input = (Integer) c[1];
            assertRejected(family, valid((String) c[0]).with(input, bytesAsInts), input, "presence",
                    "dtype int32, expected bool");
        }
        Tensor matrix = ModelTensors.toMatrix(arena, ints(1, 0, 1, 1, 0, 1), 3, 2, 0);
        assertRejected(family, valid(DENSE).with(1, matrix), 1, "presence", "dtype int32, expected bool");
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void multiKeysMustBeInt64(KernelFamily family) {
        assertRejected(family, valid(MS).with(4, t(ints(8, 9, 10))), 4, "keys", "dtype int32, expected int64");
        assertRejected(family, valid(ML).with(5, t(ints(7, 8))), 5, "keys", "dtype int32, expected int64");
        assertRejected(family, valid(MM).with(6, t(ints(7, 8))), 6, "keys", "dtype int32, expected int64");
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void elementTypesOfTheInputsMustAgree(KernelFamily family) {
        assertRejected(family, valid(SS).with(2, t(longs(20, 21, 22))), 2, "values",
                "dtype int64 differs from int32 of input 0 (values)");
        assertRejected(family, valid(SL).with(4, t(floats(4))), 4, "values",
                "dtype float differs from int32 of input 1 (values)");
        assertRejected(family, valid(SM).with(5, t(ints(10))), 5, "keys",
                "dtype int32 differs from int64 of input 1 (keys)");
        assertRejected(family, valid(SM).with(6, t(strings("4"))), 6, "values",
                "dtype string differs from float of input 2 (values)");
        assertRejected(family, valid(MS).with(5, t(Column.doubles(.8, .9, 1))), 5, "values",
                "dtype double differs from float of input 2 (values)");
        assertRejected(family, valid(ML).with(7, t(longs(4, 5))), 7, "values.values",
                "dtype int64 differs from int32 of input 3 (values.values)");
        assertRejected(family, valid(MM).with(8, t(ints(4, 5))), 8, "values.keys",
                "dtype int32 differs from int64 of input 3 (values.keys)");
        assertRejected(family, valid(MM).with(9, t(Column.bools(true, false))), 9, "values.values",
                "dtype bool differs from float of input 4 (values.values)");
    }

    // ---------------------------------------------------------------- sizes

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void presenceAndLengthsMustHaveTheBatchSize(KernelFamily family) {
        Tensor shortPresence = t(presence(1, 1));
        Tensor longPresence = t(presence(1, 1, 0, 1));
        Tensor shortLengths = t(ints(0, 1));
        Tensor longLengths = t(ints(0, 1, 1, 0));
        for (Object[] c : new Object[][] {{SS, 3}, {SL, 5}, {SM, 7}, {SSG, 1}, {SLG, 3}, {SMG, 3}}) {
            String op = (String) c[0];
            int input = (Integer) c[1];
            assertRejected(family, valid(op).with(input, shortPresence), input, "presence",
                    "has 2 elements, expected 3 (the batch size, from input ");
            assertRejected(family, valid(op).with(input, longPresence), input, "presence",
                    "has 4 elements, expected 3 (the batch size, from input ");
        }
        assertRejected(family, valid(SS).with(2, t(ints(20, 21))), 2, "values",
                "has 2 elements, expected 3 (the batch size, from input 1 (presence))");
        assertRejected(family, valid(SS).with(2, t(ints(20, 21, 22, 23))), 2, "values",
                "has 4 elements, expected 3 (the batch size, from input 1 (presence))");
        for (Object[] c : new Object[][] {
            {SL, 3}, {SM, 4}, {MS, 3}, {ML, 4}, {MM, 5}, {SLG, 2}, {SMG, 2}, {MSG, 1}, {MLG, 2}, {MMG, 2}}) {
            String op = (String) c[0];
            int input = (Integer) c[1];
            assertRejected(family, valid(op).with(input, shortLengths), input, "lengths",
                    "has 2 elements, expected 3 (the batch size, from input 0 (lengths))");
            assertRejected(family, valid(op).with(input, longLengths), input, "lengths",
                    "has 4 elements, expected 3 (the batch size, from input 0 (lengths))");
        }
        Tensor narrow = ModelTensors.toMatrix(arena, presence(1, 1, 0), 3, 1, 0);
        assertRejected(family, valid(DENSE).with(1, narrow), 1, "presence",
                "has shape [3, 1], expected [3, 2] (the shape of input 0)");
        Tensor tall = ModelTensors.toMatrix(arena, presence(1, 0, 1, 1, 0, 1, 1, 1), 4, 2, 0);
        assertRejected(family, valid(DENSE).with(1, tall), 1, "presence",
                "has shape [4, 2], expected [3, 2] (the shape of input 0)");
        assertRejected(family, valid(DENSE).with(1, t(presence(1, 0, 1, 1, 0, 1))), 1, "presence",
                "has shape [6], expected [3, 2] (the shape of input 0)");
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void featureTensorsMustHaveTheirRank(KernelFamily family) {
        Tensor presenceColumn = ModelTensors.toMatrix(arena, presence(1, 1, 0), 3, 1, 0);
        assertRejected(family, valid(SS).with(3, presenceColumn), 3, "presence", "has rank 2, expected a 1-D tensor");
        Tensor lengthsColumn = ModelTensors.toMatrix(arena, ML1, 3, 1, 0);
        assertRejected(family, valid(MS).with(3, lengthsColumn), 3, "lengths", "has rank 2, expected a 1-D tensor");
        assertRejected(family, valid(DENSE).with(0, t(floats(1, 2, 3, 4, 5, 6))), 0, "dense",
                "has rank 1, expected a 2-D [B, N] tensor");
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void presentLengthsMustNotBeNegative(KernelFamily family) {
        // The present lengths sum to 2: a negative sum alone must not be what gives it away.
        Tensor negative = t(ints(3, -1, 2));
        for (Object[] c : new Object[][] {{SL, 3}, {SM, 4}, {SLG, 2}, {SMG, 2}}) {
            int input = (Integer) c[1];
            assertRejected(family, valid((String) c[0]).with(input, negative), input, "lengths",
                    "negative length -1 at present example 1");
        }
        Tensor multiNegative = t(ints(2, -1, 1));
        for (Object[] c : new Object[][] {{MS, 3}, {ML, 4}, {MM, 5}, {MSG, 1}, {MLG, 2}, {MMG, 2}}) {
            int input = (Integer) c[1];
            assertRejected(family, valid((String) c[0]).with(input, multiNegative), input, "lengths",
                    "negative length -1 at element 1");
        }
        Tensor runNegative = t(ints(3, -1));
        for (Object[] c : new Object[][] {{ML, 6}, {MM, 7}, {MLG, 3}, {MMG, 3}}) {
            int input = (Integer) c[1];
            assertRejected(family, valid((String) c[0]).with(input, runNegative), input, "values.lengths",
                    "negative length -1 at element 1");
        }
        // A zero before the negative length: the search for it must not stop at the zero.
        for (Object[] c : new Object[][] {{SL, 3}, {SLG, 2}}) {
            int input = (Integer) c[1];
            FeatureTensorException e = assertRejected(family, valid((String) c[0]).with(input, t(ints(0, -1, 2))),
                    input, "lengths");
            assertEquals("negative length -1 at present example 1", e.detail());
        }
        for (Object[] c : new Object[][] {{MS, 3}, {ML, 6}}) {
            int input = (Integer) c[1];
            Tensor zeroFirst = t(input == 6 ? ints(0, -1) : ints(0, -1, 1));
            FeatureTensorException e = assertRejected(family, valid((String) c[0]).with(input, zeroFirst), input,
                    input == 6 ? "values.lengths" : "lengths");
            assertEquals("negative length -1 at element 1", e.detail());
        }
    }

    /** The converse of the rule above: an absent example's length is ignored, negative or not. */
    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void absentLengthsMayBeNegative(KernelFamily family) {
        Column lengths0 = ints(2, Integer.MIN_VALUE, 1);
        Column lengths1 = ints(0, 1, -7);
        List<Model.SingleList> lists = List.of(
                new Model.SingleList(lengths0, ints(1, 2, 3), P0), new Model.SingleList(lengths1, ints(4), P1));
        long[] ids = {100, 200};
        List<Column> expected = Model.mergeSingleList(lists, ids).columns();
        assertEquals(List.of(ints(2, 1, 1), longs(100, 200, 200, 100), ints(2, 0, 1, 1), ints(1, 2, 4, 3)),
                expected);
        List<Column> in = List.of(lengths0, ints(1, 2, 3), P0, lengths1, ints(4), P1);
        OperatorHarness harness = new OperatorHarness();
        harness.assertComputes(SL, in, ids, expected, 0);
        harness.assertComputes(SM, List.of(lengths0, longs(7, 8, 9), ints(1, 2, 3), P0, lengths1, longs(10),
                ints(4), P1), ids, List.of(ints(2, 1, 1), longs(100, 200, 200, 100), ints(2, 0, 1, 1),
                longs(7, 8, 10, 9), ints(1, 2, 4, 3)), 0);
        List<Column> gradient = List.of(lengths0, P0, lengths1, P1, floats(1, 2, 3, 4));
        List<Column> back = List.of(floats(1, 2, 4), floats(3));
        harness.assertComputes(SLG, gradient, null, back, 0);
        harness.assertComputes(SMG, gradient, null, back, 0);
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void runsMustHoldExactlyThePresentLengths(KernelFamily family) {
        String why = "(the sum of the present lengths of input 3)";
        assertRejected(family, valid(SL).with(4, t(ints())), 4, "values", "has 0 elements, expected 1 " + why);
        assertRejected(family, valid(SL).with(4, t(ints(4, 5))), 4, "values", "has 2 elements, expected 1 " + why);
        // 3 is the sum of all lengths, absent example included: still wrong.
        assertRejected(family, valid(SL).with(4, t(ints(4, 5, 6))), 4, "values", "has 3 elements, expected 1 " + why);
        String mapWhy = "(the sum of the present lengths of input 4)";
        assertRejected(family, valid(SM).with(5, t(longs())), 5, "keys", "has 0 elements, expected 1 " + mapWhy);
        assertRejected(family, valid(SM).with(5, t(longs(10, 11, 12))), 5, "keys",
                "has 3 elements, expected 1 " + mapWhy);
        assertRejected(family, valid(SM).with(6, t(floats())), 6, "values", "has 0 elements, expected 1 " + mapWhy);
        assertRejected(family, valid(SM).with(6, t(floats(4, 5))), 6, "values",
                "has 2 elements, expected 1 " + mapWhy);
        assertRejected(family, valid(SL).with(1, t(ints(1, 2, 3, 4, 5, 6, 7, 8))), 1, "values",
                "has 8 elements, expected 3 (the sum of the present lengths of input 0)");
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void multiKeysAndValuesMustHaveOneElementPerFeature(KernelFamily family) {
        String ms = "(the sum of the lengths of input 3)";
        assertRejected(family, valid(MS).with(4, t(longs(8, 9))), 4, "keys", "has 2 elements, expected 3 " + ms);
        assertRejected(family, valid(MS).with(4, t(longs(8, 9, 10, 11))), 4, "keys", "has 4 elements, expected 3 " + ms);
        assertRejected(family, valid(MS).with(5, t(floats(1, 2))), 5, "values", "has 2 elements, expected 3 " + ms);
        assertRejected(family, valid(MS).with(5, t(floats(1, 2, 3, 4))), 5, "values",
                "has 4 elements, expected 3 " + ms);
        String ml = "(the sum of the lengths of input 4)";
        assertRejected(family, valid(ML).with(5, t(longs(7))), 5, "keys", "has 1 elements, expected 2 " + ml);
        assertRejected(family, valid(ML).with(5, t(longs(7, 8, 9))), 5, "keys", "has 3 elements, expected 2 " + ml);
        assertRejected(family, valid(ML).with(6, t(ints(2))), 6, "values.lengths", "has 1 elements, expected 2 " + ml);
        assertRejected(family, valid(ML).with(6, t(ints(0, 2, 0))), 6, "values.lengths",
                "has 3 elements, expected 2 " + ml);
        String mm = "(the sum of the lengths of input 5)";
        assertRejected(family, valid(MM).with(6, t(longs(7))), 6, "keys", "has 1 elements, expected 2 " + mm);
        assertRejected(family, valid(MM).with(6, t(longs(7, 8, 9))), 6, "keys", "has 3 elements, expected 2 " + mm);
        assertRejected(family, valid(MM).with(7, t(ints(2))), 7, "values.lengths", "has 1 elements, expected 2 " + mm);
        assertRejected(family, valid(MM).with(7, t(ints(0, 2, 0))), 7, "values.lengths",
                "has 3 elements, expected 2 " + mm);
        String mlg = "(the sum of the lengths of input 2)";
        assertRejected(family, valid(MLG).with(3, t(ints(2))), 3, "values.lengths", "has 1 elements, expected 2 " + mlg);
        assertRejected(family, valid(MMG).with(3, t(ints(0, 2, 0))), 3, "values.lengths",
                "has 3 elements, expected 2 " + mlg);
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void valuesMustMatchTheValuesLengths(KernelFamily family) {
        String ml = "(the sum of the values.lengths of input 6)";
        assertRejected(family, valid(ML).with(7, t(ints(4))), 7, "values.values", "has 1 elements, expected 2 " + ml);
        assertRejected(family, valid(ML).with(7, t(ints(4, 5, 6))), 7, "values.values",
                "has 3 elements, expected 2 " + ml);
        String mm = "(the sum of the values.lengths of input 7)";
        assertRejected(family, valid(MM).with(8, t(longs(4))), 8, "values.keys", "has 1 elements, expected 2 " + mm);
        assertRejected(family, valid(MM).with(8, t(longs(4, 5, 6))), 8, "values.keys",
                "has 3 elements, expected 2 " + mm);
        assertRejected(family, valid(MM).with(9, t(floats(4))), 9, "values.values", "has 1 elements, expected 2 " + mm);
        assertRejected(family, valid(MM).with(9, t(floats(4, 5, 6))), 9, "values.values",
                "has 3 elements, expected 2 " + mm);
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void gradientMustHaveTheMergedSize(KernelFamily family) {
        assertRejected(family, valid(SSG).with(2, t(floats(1, 2, 3))), 2, "values_grad",
                "has 3 elements, expected 4 (the number of present entries)");
        assertRejected(family, valid(SSG).with(2, t(floats(1, 2, 3, 4, 5))), 2, "values_grad",
                "has 5 elements, expected 4 (the number of present entries)");
        for (String op : List.of(SLG, SMG)) {
            assertRejected(family, valid(op).with(4, t(floats(1, 2, 3))), 4, "values.values_grad",
                    "has 3 elements, expected 4 (the sum of the present lengths of all features)");
            // 11 is the sum of all lengths, absent examples included.
            assertRejected(family, valid(op).with(4, t(floats(new float[11]))), 4, "values.values_grad",
                    "has 11 elements, expected 4 (the sum of the present lengths of all features)");
        }
        assertRejected(family, valid(MSG).with(2, t(floats(1, 2, 3, 4, 5))), 2, "values_grad",
                "has 5 elements, expected 6 (the sum of all lengths)");
        assertRejected(family, valid(MSG).with(2, t(floats(new float[7]))), 2, "values_grad",
                "has 7 elements, expected 6 (the sum of all lengths)");
        for (String op : List.of(MLG, MMG)) {
            assertRejected(family, valid(op).with(4, t(floats(1, 2, 3, 4))), 4, "values.values_grad",
                    "has 4 elements, expected 5 (the sum of all values.lengths)");
            assertRejected(family, valid(op).with(4, t(floats(new float[6]))), 4, "values.values_grad",
                    "has 6 elements, expected 5 (the sum of all values.lengths)");
        }
    }

    // ---------------------------------------------------------------- presence bytes

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void presenceBytesMustBeZeroOrOne(KernelFamily family) {
        for (Object[] c : new Object[][] {{SS, 3}, {SL, 5}, {SM, 7}, {SSG, 1}, {SLG, 3}, {SMG, 3}}) {
            String op = (String) c[0];
            int input = (Integer) c[1];
            Tensor two = t(P1);
            two.data().set(ValueLayout.JAVA_BYTE, 1, (byte) 2);
            assertRejected(family, valid(op).with(input, two), input, "presence", "byte 2 at element 1 is neither 0 nor 1");
            Tensor lastAllOnes = t(P1);
            lastAllOnes.data().set(ValueLayout.JAVA_BYTE, 2, (byte) 0xff);
            assertRejected(family, valid(op).with(input, lastAllOnes), input, "presence",
                    "byte 255 at element 2 is neither 0 nor 1");
        }
        Tensor dense = ModelTensors.toMatrix(arena, presence(1, 0, 1, 1, 0, 1), 3, 2, 0);
        dense.data().set(ValueLayout.JAVA_BYTE, 4, (byte) 0x80);
        assertRejected(family, valid(DENSE).with(1, dense), 1, "presence", "byte 128 at element 4 is neither 0 nor 1");
    }

    // ---------------------------------------------------------------- totals

    /**
     * Totals past 2^31 - 1 without gigabytes: the same small tensors serve as many features, so
     * the lengths add up past the limit while the memory stays small.
     */
    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void totalValuesMustFitInt32(KernelFamily family) {
        int run = 1 << 21;
        int features = 1024; // features * run = 2^31
        Tensor lengths = t(ints(run));
        Tensor present = t(presence(1));
        Tensor values = Tensor.allocate(arena, DType.BOOL, run);
        String limit = "total of 2147483648 values exceeds the int32 index range (2147483647)";

        assertRejectedTotal(family, repeat(SL, new Tensor[] {lengths, values, present}, features, null), true, limit);
        assertRejectedTotal(family, repeat(SM, new Tensor[] {lengths, values, values, present}, features, null), true, limit);
        assertRejectedTotal(family, repeat(SLG, new Tensor[] {lengths, present}, features, values), true, limit);
        assertRejectedTotal(family, repeat(SMG, new Tensor[] {lengths, present}, features, values), true, limit);

        Tensor one = t(ints(1));
        Tensor key = t(longs(7));
        assertRejectedTotal(family, repeat(ML, new Tensor[] {one, key, lengths, values}, features, null), true, limit);
        assertRejectedTotal(family, repeat(MM, new Tensor[] {one, key, lengths, values, values}, features, null), true, limit);
        assertRejectedTotal(family, repeat(MLG, new Tensor[] {one, lengths}, features, values), true, limit);
        assertRejectedTotal(family, repeat(MMG, new Tensor[] {one, lengths}, features, values), true, limit);

        // Two runs of the largest length: the sum needs more than 32 bits.
        Tensor max = t(ints(Integer.MAX_VALUE));
        String twoMax = "total of 4294967294 values exceeds the int32 index range (2147483647)";
        assertRejectedTotal(family, repeat(SLG, new Tensor[] {max, present}, 2, values), true, twoMax);
        assertRejectedTotal(family, repeat(MLG, new Tensor[] {one, max}, 2, values), true, twoMax);
    }

    /** A call of {@code op} whose inputs are {@code group} {@code times} over, then {@code last}. */
    static Call repeat(String op, Tensor[] group, int times, Tensor last) {
        Tensor[] in = new Tensor[group.length * times + (last == null ? 0 : 1)];
        for (int i = 0; i < group.length * times; i++) {
            in[i] = group[i % group.length];
        }
        if (last != null) {
            in[in.length - 1] = last;
        }
        long[] ids = new long[times];
        Arrays.setAll(ids, i -> 100 + i);
        return new Call(op, in, ids);
    }

    // ---------------------------------------------------------------- string tensors

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void stringOffsetsMustBeInsideTheirBytes(KernelFamily family) {
        Call strings = new Call(SS, new Tensor[] {
            t(strings("a", "b", "c")), t(P0), t(strings("d", "e", "f")), t(P1)}, new long[] {1, 2});
        Tensor decreasing = t(strings("d", "e", "f"));
        decreasing.offsets().setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, 2, 0L);
        assertRejected(family, strings.with(2, decreasing), 2, "values", "string offsets decrease at element 2: 0 < 1");
        Tensor pastEnd = t(strings("d", "e", "f"));
        pastEnd.offsets().setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, 3, 4L);
        assertRejected(family, strings.with(2, pastEnd), 2, "values",
                "string offsets end at byte 4, past the 3 bytes of data");
        Tensor negative = t(strings("d", "e", "f"));
        negative.offsets().setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, 0, -1L);
        assertRejected(family, strings.with(2, negative), 2, "values", "string offset -1 at element 0 is negative");

        Tensor matrix = ModelTensors.toMatrix(arena, strings("a", "b", "c", "d", "e", "f"), 3, 2, 0);
        matrix.offsets().setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, 4, 1L);
        Call dense = new Call(DENSE, new Tensor[] {matrix,
            ModelTensors.toMatrix(arena, presence(1, 0, 1, 1, 0, 1), 3, 2, 0)}, new long[] {1, 2});
        assertRejected(family, dense, 0, "dense", "string offsets decrease at element 4: 1 < 3");
    }

    /** {@code n} distinct strings of one or two bytes. */
    private Tensor someStrings(long n) {
        String[] v = new String[(int) n];
        Arrays.setAll(v, i -> "s" + (i == 0 ? "" : String.valueOf(i % 10)));
        return t(Column.strings(v));
    }

    /** A string input of the operator: where its string tensors are, and one to break. */
    private record StringInput(String op, int[] strings, int input, String role) {
    }

    /**
     * Every input that can hold strings has its offsets checked, in the second group, where a
     * check of the first group only would not look: offsets past the data are rejected, naming
     * that input and its role.
     */
    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void stringOffsetsAreCheckedOnEveryStringInput(KernelFamily family) {
        List<StringInput> inputs = List.of(
            new StringInput(SS, new int[] {0, 2}, 2, "values"),
            new StringInput(SL, new int[] {1, 4}, 4, "values"),
            new StringInput(SM, new int[] {1, 2, 5, 6}, 5, "keys"),
            new StringInput(SM, new int[] {1, 2, 5, 6}, 6, "values"),
            new StringInput(MS, new int[] {2, 5}, 5, "values"),
            new StringInput(ML, new int[] {3, 7}, 7, "values.values"),
            new StringInput(MM, new int[] {3, 4, 8, 9}, 8, "values.keys"),
            new StringInput(MM, new int[] {3, 4, 8, 9}, 9, "values.values"),
            new StringInput(SSG, new int[] {2}, 2, "values_grad"),
            new StringInput(SLG, new int[] {4}, 4, "values.values_grad"),
            new StringInput(SMG, new int[] {4}, 4, "values.values_grad"),
            new StringInput(MSG, new int[] {2}, 2, "values_grad"),
            new StringInput(MLG, new int[] {4}, 4, "values.values_grad"),
            new StringInput(MMG, new int[] {4}, 4, "values.values_grad"));
        for (StringInput s : inputs) {
            Call call = valid(s.op());
            for (int i : s.strings()) {
                call = call.with(i, someStrings(call.inputs()[i].count()));
            }
            Call valid = call;
            Operators.using(family).operator(s.op()).plan(valid.inputs(), valid.ids(), null);
            Tensor bad = someStrings(call.inputs()[s.input()].count());
            long bytes = bad.data().byteSize();
            bad.offsets().setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, bad.count(), bytes + 1);
            assertRejected(family, call.with(s.input(), bad), s.input(), s.role(),
                    "string offsets end at byte " + (bytes + 1) + ", past the " + bytes + " bytes of data");
        }
    }

    /**
     * A string tensor whose bytes are alive but whose offsets are not is rejected like one
     * whose bytes were freed: both segments are checked, as input and as output.
     */
    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void stringOffsetsMustBeInAccessibleMemory(KernelFamily family) {
        Call strings = new Call(SS, new Tensor[] {
            t(Column.strings("a", "b", "c")), t(P0), t(Column.strings("d", "e", "f")), t(P1)}, new long[] {1, 2});
        assertRejected(family, strings.with(2, freedOffsets(strings.inputs()[2])), 2, "values",
                "is in freed memory (its arena was closed)");

        FeatureOperator op = Operators.using(family).operator(SS);
        Plan plan = new Plan();
        Tensor[] out = outputs(op, strings, plan);
        out[2] = freedOffsets(out[2]);
        FeatureTensorException e = assertThrows(FeatureTensorException.class, () -> op.execute(plan, out));
        assertEquals(SS + ": output 2 is in freed memory (its arena was closed)", e.getMessage());
    }

    /** The string tensor {@code t}'s bytes with a copy of its offsets in memory since freed. */
    private static Tensor freedOffsets(Tensor t) {
        MemorySegment offsets;
        try (TensorArena gone = TensorArena.confined()) {
            offsets = gone.allocate(t.offsets().byteSize());
            offsets.copyFrom(t.offsets());
        }
        return Tensor.wrapStrings(offsets, t.data(), t.count());
    }

    // ---------------------------------------------------------------- outputs of execute

    /** Valid outputs for {@code call}, canary-filled. */
    private Tensor[] outputs(FeatureOperator op, Call call, Plan plan) {
        op.plan(call.inputs(), call.ids(), plan);
        Tensor[] out = plan.allocateOutputs(arena);
        OperatorHarness.fillCanary(out);
        return out;
    }

    private void assertExecuteRejects(FeatureOperator op, Plan plan, Tensor[] outputs, String... detail) {
        Tensor[] present = outputs == null ? new Tensor[0]
                : Arrays.stream(outputs).filter(java.util.Objects::nonNull).toArray(Tensor[]::new);
        byte[][] before = OperatorHarness.snapshot(present);
        FeatureTensorException e = assertThrows(FeatureTensorException.class, () -> op.execute(plan, outputs),
                () -> op + " executed into " + Arrays.toString(outputs));
        assertEquals(FeatureTensorException.NO_INPUT, e.input());
        assertTrue(e.getMessage().startsWith(op.name() + ": "), e::getMessage);
        for (String d : detail) {
            assertTrue(e.detail().contains(d), () -> "'" + d + "' missing from: " + e.getMessage());
        }
        assertSameBytes(before, present);
    }

    private List<Call> everyOperatorAndStrings() {
        List<Call> calls = new java.util.ArrayList<>();
        ALL.forEach(op -> calls.add(valid(op)));
        calls.add(new Call(SS, new Tensor[] {t(strings("ab", "c", "")), t(P0), t(strings("d", "", "éf")), t(P1)},
                new long[] {1, 2}));
        calls.add(new Call(SSG, new Tensor[] {t(P0), t(P1), t(strings("ab", "c", "d", "é"))}, null));
        calls.add(new Call(DENSE, new Tensor[] {
            ModelTensors.toMatrix(arena, strings("ab", "", "c", "é"), 2, 2, 0),
            ModelTensors.toMatrix(arena, presence(1, 1, 0, 1), 2, 2, 0)}, new long[] {1, 2}));
        return calls;
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void executeNeedsOneOutputPerPlannedOutput(KernelFamily family) {
        for (Call call : everyOperatorAndStrings()) {
            FeatureOperator op = Operators.using(family).operator(call.op());
            Plan plan = new Plan();
            Tensor[] out = outputs(op, call, plan);
            int n = out.length;
            assertExecuteRejects(op, plan, Arrays.copyOf(out, n - 1), (n - 1) + " outputs given, expected " + n);
            Tensor[] more = Arrays.copyOf(out, n + 1);
            more[n] = out[0];
            assertExecuteRejects(op, plan, more, (n + 1) + " outputs given, expected " + n);
            assertExecuteRejects(op, plan, null, "0 outputs given, expected " + n);
            for (int o = 0; o < n; o++) {
                Tensor[] missing = out.clone();
                missing[o] = null;
                assertExecuteRejects(op, plan, missing, "output " + o + " (", ") is missing");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void executeNeedsThePlannedOutputTypes(KernelFamily family) {
        for (Call call : everyOperatorAndStrings()) {
            FeatureOperator op = Operators.using(family).operator(call.op());
            Plan plan = new Plan();
            Tensor[] out = outputs(op, call, plan);
            for (int o = 0; o < out.length; o++) {
                DType want = out[o].dtype();
                DType other = want == DType.INT32 ? DType.INT64 : DType.INT32;
                Tensor[] wrong = out.clone();
                wrong[o] = Tensor.allocate(arena, other, out[o].count());
                OperatorHarness.fillCanary(wrong[o]);
                assertExecuteRejects(op, plan, wrong,
                        "output " + o + " (", ") has dtype " + other.label() + ", expected " + want.label());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void executeNeedsThePlannedOutputSizes(KernelFamily family) {
        for (Call call : everyOperatorAndStrings()) {
            FeatureOperator op = Operators.using(family).operator(call.op());
            Plan plan = new Plan();
            Tensor[] out = outputs(op, call, plan);
            for (int o = 0; o < out.length; o++) {
                long n = out[o].count();
                for (long size : new long[] {n + 1, n - 1}) {
                    if (size < 0) {
                        continue;
                    }
                    Tensor[] wrong = out.clone();
                    wrong[o] = out[o].dtype() == DType.STRING
                            ? Tensor.allocateStrings(arena, size, plan.outputStringBytes(o))
                            : Tensor.allocate(arena, out[o].dtype(), size);
                    OperatorHarness.fillCanary(wrong[o]);
                    assertExecuteRejects(op, plan, wrong,
                            "output " + o + " (", ") has " + size + " elements, expected " + n);
                }
                if (out[o].dtype() == DType.STRING && plan.outputStringBytes(o) > 0) {
                    long bytes = plan.outputStringBytes(o);
                    Tensor[] wrong = out.clone();
                    wrong[o] = Tensor.allocateStrings(arena, n, bytes - 1);
                    OperatorHarness.fillCanary(wrong[o]);
                    assertExecuteRejects(op, plan, wrong, "output " + o + " (",
                            ") has room for " + (bytes - 1) + " string bytes, expected " + bytes);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void executeNeedsWritableOutputs(KernelFamily family) {
        for (Call call : everyOperatorAndStrings()) {
            FeatureOperator op = Operators.using(family).operator(call.op());
            Plan plan = new Plan();
            Tensor[] out = outputs(op, call, plan);
            for (int o = 0; o < out.length; o++) {
                Tensor t = out[o];
                Tensor[] readOnly = out.clone();
                readOnly[o] = t.dtype() == DType.STRING
                        ? Tensor.wrapStrings(t.offsets(), t.data().asReadOnly(), t.count())
                        : Tensor.wrap(t.dtype(), t.data().asReadOnly(), t.count());
                assertExecuteRejects(op, plan, readOnly, "output " + o + " (", ") is read-only");
                if (t.dtype() == DType.STRING) {
                    readOnly[o] = Tensor.wrapStrings(t.offsets().asReadOnly(), t.data(), t.count());
                    assertExecuteRejects(op, plan, readOnly, "output " + o + " (", ") is read-only");
                }
            }
        }
    }

    /** The valid call of {@code op} with its inputs in {@code allocator} instead of this test's arena. */
    private Call validIn(String op, TensorArena allocator) {
        TensorArena own = arena;
        arena = allocator;
        try {
            return valid(op);
        } finally {
            arena = own;
        }
    }

    /**
     * The inputs are checked again on execute: their arena may have been closed since the plan
     * was made, and reading them then would crash the JVM or read freed memory.
     */
    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void executeRejectsInputsFreedSincePlanning(KernelFamily family) {
        for (String name : ALL) {
            TensorArena inputs = TensorArena.confined();
            Call call = validIn(name, inputs);
            FeatureOperator op = Operators.using(family).operator(name);
            Plan plan = new Plan();
            Tensor[] out = outputs(op, call, plan);
            byte[][] before = OperatorHarness.snapshot(out);
            inputs.close();
            FeatureTensorException e = assertThrows(FeatureTensorException.class, () -> op.execute(plan, out),
                    () -> name + " executed on freed inputs");
            assertEquals(name + ": input 0 (" + FIRST_ROLES.get(ALL.indexOf(name))
                    + "): is in freed memory (its arena was closed)", e.getMessage());
            assertSameBytes(before, out);
        }
    }

    /** The role of each operator's first input and of its last, as messages name them. */
    private static final List<String> FIRST_ROLES = List.of("values", "lengths", "lengths", "lengths", "lengths",
            "lengths", "dense", "presence", "lengths", "lengths", "lengths", "lengths", "lengths");
    private static final List<String> LAST_ROLES = List.of("presence", "presence", "presence", "values",
            "values.values", "values.values", "presence", "values_grad", "values.values_grad",
            "values.values_grad", "values_grad", "values.values_grad", "values.values_grad");

    /**
     * An input found over an output's memory is named by its role: the last input of a
     * gradient is the incoming gradient, of a merge the last of its group.
     */
    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void anInputOverAnOutputIsNamedByItsRole(KernelFamily family) {
        for (int k = 0; k < ALL.size(); k++) {
            String name = ALL.get(k);
            FeatureOperator op = Operators.using(family).operator(name);
            Call call = valid(name);
            Plan plan = op.plan(call.inputs(), call.ids(), null);
            Tensor[] like = plan.allocateOutputs(arena);
            int last = call.inputs().length - 1;
            Tensor input = call.inputs()[last];
            long bytes = input.data().byteSize();
            for (Tensor t : like) {
                bytes += t.data().byteSize();
            }
            MemorySegment block = arena.allocate(bytes);
            Tensor[] out = carve(block, 0, like, 0);
            MemorySegment over = block.asSlice(0, input.data().byteSize());
            over.copyFrom(input.data());
            Tensor overlapping = input.rank() == 2 ? Tensor.wrap(input.dtype(), over, input.dim(0), input.dim(1))
                    : Tensor.wrap(input.dtype(), over, input.count());
            op.plan(call.with(last, overlapping).inputs(), call.ids(), plan);
            FeatureTensorException e = assertThrows(FeatureTensorException.class, () -> op.execute(plan, out));
            assertEquals(name + ": input " + last + " (" + LAST_ROLES.get(k) + "): its memory overlaps an output",
                    e.getMessage());
        }
    }

    /** Outputs are named by their roles too: list and map outputs differ from the fourth on. */
    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void aMissingOutputIsNamedByItsRole(KernelFamily family) {
        for (Object[] c : new Object[][] {{SL, "values.values"}, {SM, "values.keys"}, {ML, "values.values"},
            {MM, "values.keys"}, {SSG, "values_grad"}}) {
            String name = (String) c[0];
            FeatureOperator op = Operators.using(family).operator(name);
            Plan plan = new Plan();
            Tensor[] out = outputs(op, valid(name), plan);
            int o = name.equals(SSG) ? 1 : 3;
            out[o] = null;
            FeatureTensorException e = assertThrows(FeatureTensorException.class, () -> op.execute(plan, out));
            assertEquals(name + ": output " + o + " (" + c[1] + ") is missing", e.getMessage());
        }
    }

    /** Inputs, then outputs, confined to the planning thread cannot be used by another one. */
    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void executeRejectsMemoryConfinedToAnotherThread(KernelFamily family) throws Exception {
        FeatureOperator op = Operators.using(family).operator(SS);
        try (TensorArena shared = TensorArena.shared()) {
            Plan confinedInputs = new Plan();
            Call here = valid(SS);
            op.plan(here.inputs(), here.ids(), confinedInputs);
            Tensor[] sharedOutputs = confinedInputs.allocateOutputs(shared);
            assertEquals(SS + ": input 0 (values): belongs to a confined arena of another thread",
                    executeElsewhere(op, confinedInputs, sharedOutputs));

            Plan sharedInputs = new Plan();
            Call call = validIn(SS, shared);
            op.plan(call.inputs(), call.ids(), sharedInputs);
            Tensor[] confinedOutputs = sharedInputs.allocateOutputs(arena);
            assertEquals(SS + ": output 0 belongs to a confined arena of another thread",
                    executeElsewhere(op, sharedInputs, confinedOutputs));
        }
    }

    /** Executes on a thread of its own; returns the message it was rejected with. */
    private static String executeElsewhere(FeatureOperator op, Plan plan, Tensor[] outputs) throws Exception {
        String[] message = new String[1];
        Thread other = new Thread(() -> {
            try {
                op.execute(plan, outputs);
                message[0] = "executed";
            } catch (FeatureTensorException e) {
                message[0] = e.getMessage();
            }
        });
        other.start();
        other.join();
        return message[0];
    }

    /**
     * Memory that only touches, without overlapping, is fine: outputs back to back, and inputs
     * ending exactly where the first output begins and beginning exactly where the last one
     * ends. One byte more of either is an overlap.
     */
    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void outputsMayTouchButNotOverlap(KernelFamily family) {
        FeatureOperator op = Operators.using(family).operator(SS);
        Call call = valid(SS);
        byte[][] expected = OperatorHarness.snapshot(op.run(arena, call.inputs(), call.ids()));
        Plan plan = op.plan(call.inputs(), call.ids(), null);
        Tensor[] like = plan.allocateOutputs(arena);
        Tensor first = call.inputs()[0];
        Tensor last = call.inputs()[3];
        long in0 = first.data().byteSize();
        long outBytes = 0;
        for (Tensor t : like) {
            outBytes += t.data().byteSize();
        }
        MemorySegment block = arena.allocate(in0 + outBytes + last.data().byteSize() + 1);

        // Input 0 | output 0 | output 1 | output 2 | input 3, each ending where the next begins.
        Tensor[] touching = carve(block, in0, like, 0);
        Tensor before = Tensor.wrap(first.dtype(), block.asSlice(0, in0), first.count());
        before.data().copyFrom(first.data());
        Tensor after = Tensor.wrap(last.dtype(), block.asSlice(in0 + outBytes, last.data().byteSize()), last.count());
        after.data().copyFrom(last.data());
        Call adjacent = call.with(0, before).with(3, after);
        op.plan(adjacent.inputs(), adjacent.ids(), plan);
        op.execute(plan, touching);
        assertEquals(Arrays.deepToString(expected), Arrays.deepToString(OperatorHarness.snapshot(touching)));

        // Output 1 starts one byte before output 0 ends.
        assertExecuteRejects(op, plan, carve(block, in0, like, -1), "outputs overlap in memory at address 0x");
        // Input 0 one byte later, over output 0's first byte; input 3 one byte earlier.
        Tensor late = Tensor.wrap(first.dtype(), block.asSlice(1, in0), first.count());
        Tensor early = Tensor.wrap(last.dtype(), block.asSlice(in0 + outBytes - 1, last.data().byteSize()),
                last.count());
        op.plan(adjacent.with(0, late).inputs(), call.ids(), plan);
        assertEquals(SS + ": input 0 (values): its memory overlaps an output",
                assertThrows(FeatureTensorException.class, () -> op.execute(plan, touching)).getMessage());
        op.plan(adjacent.with(3, early).inputs(), call.ids(), plan);
        assertEquals(SS + ": input 3 (presence): its memory overlaps an output",
                assertThrows(FeatureTensorException.class, () -> op.execute(plan, touching)).getMessage());
    }

    /**
     * Tensors shaped like {@code like}, laid out in {@code block} from {@code at}, each
     * {@code step} bytes after the end of the one before (negative: overlapping it).
     */
    private static Tensor[] carve(MemorySegment block, long at, Tensor[] like, long step) {
        Tensor[] out = new Tensor[like.length];
        long pos = at;
        for (int o = 0; o < like.length; o++) {
            long bytes = like[o].data().byteSize();
            out[o] = Tensor.wrap(like[o].dtype(), block.asSlice(pos, bytes), like[o].count());
            pos += bytes + step;
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void executeNeedsAPlanOfTheSameOperator(KernelFamily family) {
        Call call = valid(SS);
        FeatureOperator op = Operators.using(family).operator(SS);
        Plan plan = new Plan();
        Tensor[] out = outputs(op, call, plan);
        byte[][] before = OperatorHarness.snapshot(out);
        FeatureOperator other = Operators.using(family).operator(MS);
        assertEquals(MS + ": the plan was made by " + SS,
                assertThrows(IllegalStateException.class, () -> other.execute(plan, out)).getMessage());
        assertEquals(SS + ": the plan was never made",
                assertThrows(IllegalStateException.class, () -> op.execute(new Plan(), out)).getMessage());
        assertSameBytes(before, out);
    }
}
