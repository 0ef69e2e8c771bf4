package dev.featuremaps.operators;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.tensors.Tensors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The validation rules of the key-major and padded operators, each at its boundary and with the
 * exact message: the fuzzer finds these rules too, but only a test that names the boundary keeps
 * a {@code <} from becoming {@code <=} or a check from going missing unseen.
 */
class LayoutValidationTest {
    private TensorArena arena;

    @BeforeEach
    void openArena() {
        arena = TensorArena.confined();
    }

    @AfterEach
    void closeArena() {
        arena.close();
    }

    private static AbstractOperator op(OperatorType type) {
        return (AbstractOperator) Operators.using(KernelFamily.SCALAR).operator(type);
    }

    private static void rejects(OperatorType type, Tensor[] in, OperatorArguments args, String message) {
        FeatureTensorException e = assertThrows(FeatureTensorException.class,
                () -> op(type).planWith(in, args, null));
        assertEquals(type.typeName() + ": " + message, e.getMessage());
    }

    private static void accepts(OperatorType type, Tensor[] in, OperatorArguments args) {
        assertEquals(type.typeName(), op(type).planWith(in, args, null).operator().name());
    }

    private Tensor ints(int... v) {
        return Tensors.ofInts(arena, v);
    }

    private Tensor floats(float... v) {
        return Tensors.ofFloats(arena, v);
    }

    private Tensor matrix(DType type, long rows, long cols) {
        return Tensor.allocate(arena, type, rows, cols);
    }

    /** Strings "ab", "c", "d" whose offsets decrease at element 2: 0, 4, 3, 4. */
    private Tensor badStrings() {
        Tensor t = Tensors.ofStrings(arena, "ab", "c", "d");
        t.offsets().set(JAVA_LONG_UNALIGNED, 8, 4L);
        return t;
    }

    private static final String BAD_STRINGS = "string offsets decrease at element 2: 3 < 4";

    // ------------------------------------------------------------------ JaggedToPaddedDense

    @Test
    void maxLengthIsAtLeastOne() {
        OperatorType t = OperatorType.JAGGED_TO_PADDED_DENSE;
        Tensor[] in = {ints(1, 0), floats(0.5f)};
        rejects(t, in, OperatorArguments.padding(0, 0),
                "argument max_length is missing: expected the row length, at least 1");
        rejects(t, in, OperatorArguments.padding(-1, 0), "argument max_length is -1, expected at least 1");
        accepts(t, in, OperatorArguments.padding(1, 0));
    }

    @Test
    void paddedCellsCountAgainstTheLimit() {
        Tensor[] in = {ints(1, 0, 2), floats(0.5f, 1f, 2f)};
        AbstractOperator op = op(OperatorType.JAGGED_TO_PADDED_DENSE);
        op.maxTotal = 11;
        FeatureTensorException e = assertThrows(FeatureTensorException.class,
                () -> op.planWith(in, OperatorArguments.padding(4, 0), null));
        assertEquals("JaggedToPaddedDense: input 0 (lengths): total of 12 cells (3 rows of max_length 4) exceeds "
                + "the int32 index range (11)", e.getMessage());
        op.maxTotal = 12;
        assertEquals(12, op.planWith(in, OperatorArguments.padding(4, 0), null).outputCount(0));
    }

    @Test
    void thePaddingMustFitTheValueType() {
        OperatorType t = OperatorType.JAGGED_TO_PADDED_DENSE;
        Tensor lengths = ints(1);
        Tensor bools = Tensors.ofBooleans(arena, true);
        for (double ok : new double[] {0, 1}) {
            accepts(t, new Tensor[] {lengths, bools}, OperatorArguments.padding(2, ok));
        }
        for (double bad : new double[] {-1, 0.5, 2}) {
            rejects(t, new Tensor[] {lengths, bools}, OperatorArguments.padding(2, bad),
                    "argument padding_value " + bad + " does not fit dtype bool (0 or 1)");
        }
        Tensor int32 = ints(5);
        for (double ok : new double[] {Integer.MIN_VALUE, -1, Integer.MAX_VALUE}) {
            accepts(t, new Tensor[] {lengths, int32}, OperatorArguments.padding(2, ok));
        }
        for (double bad : new double[] {Integer.MIN_VALUE - 1.0, 1.5, Integer.MAX_VALUE + 1.0}) {
            rejects(t, new Tensor[] {lengths, int32}, OperatorArguments.padding(2, bad),
                    "argument padding_value " + bad + " does not fit dtype int32");
        }
        Tensor int64 = Tensors.ofLongs(arena, 5);
        for (double ok : new double[] {-0x1p63, 0x1p62}) {
            accepts(t, new Tensor[] {lengths, int64}, OperatorArguments.padding(2, ok));
        }
        for (double bad : new double[] {0x1p63, -2.5}) {
            rejects(t, new Tensor[] {lengths, int64}, OperatorArguments.padding(2, bad),
                    "argument padding_value " + bad + " does not fit dtype int64");
        }
        Tensor strings = Tensors.ofStrings(arena, "a");
        accepts(t, new Tensor[] {lengths, strings}, OperatorArguments.padding(2, 0));
        rejects(t, new Tensor[] {lengths, strings}, OperatorArguments.padding(2, 1),
                "argument padding_value 1.0 does not fit dtype string (strings pad with \"\", value 0)");
    }

    @Test
    void paddedStringValuesHaveValidOffsets() {
        rejects(OperatorType.JAGGED_TO_PADDED_DENSE, new Tensor[] {ints(3), badStrings()},
                OperatorArguments.padding(2, 0), "input 1 (values): " + BAD_STRINGS);
    }

    // ------------------------------------------------------------------ PaddedDenseToJagged and the gradient

    @Test
    void aLengthMayFillItsRowButNotPassIt() {
        OperatorType t = OperatorType.PADDED_DENSE_TO_JAGGED;
        Tensor dense = matrix(DType.FLOAT, 2, 2);
        accepts(t, new Tensor[] {dense, ints(2, 0)}, OperatorArguments.NONE);
        rejects(t, new Tensor[] {dense, ints(2, 3)}, OperatorArguments.NONE,
                "input 1 (lengths): length 3 at element 1 exceeds the 2 columns of input 0 (dense)");
        // The gradient's lengths are the forward's: values past the row were cut off, and get 0.
        accepts(OperatorType.JAGGED_TO_PADDED_DENSE_GRADIENT, new Tensor[] {ints(2, 3), dense},
                OperatorArguments.NONE);
    }

    @Test
    void unpaddedValuesCountAgainstTheLimit() {
        for (OperatorType t : new OperatorType[] {OperatorType.PADDED_DENSE_TO_JAGGED,
            OperatorType.JAGGED_TO_PADDED_DENSE_GRADIENT}) {
            boolean gradient = t == OperatorType.JAGGED_TO_PADDED_DENSE_GRADIENT;
            Tensor dense = matrix(DType.FLOAT, 2, 3);
            Tensor lengths = ints(2, 3);
            Tensor[] in = gradient ? new Tensor[] {lengths, dense} : new Tensor[] {dense, lengths};
            int input = gradient ? 0 : 1;
            AbstractOperator op = op(t);
            op.maxTotal = 4;
            FeatureTensorException e = assertThrows(FeatureTensorException.class, () -> op.planWith(in, OperatorArguments.NONE, null));
            assertEquals(t.typeName() + ": input " + input + " (lengths): total of 5 values exceeds the int32 index "
                    + "range (4)", e.getMessage());
            op.maxTotal = 5;
            assertEquals(5, op.planWith(in, OperatorArguments.NONE, null).outputCount(0));
        }
    }

    @Test
    void paddedStringsHaveValidOffsets() {
        Tensor dense = Tensors.ofStrings(arena, "ab", "c", "d", "e");
        Tensor matrix = Tensor.wrapStrings(dense.offsets(), dense.data(), 2, 2);
        matrix.offsets().set(JAVA_LONG_UNALIGNED, 8, 4L);
        rejects(OperatorType.PADDED_DENSE_TO_JAGGED, new Tensor[] {matrix, ints(1, 1)}, OperatorArguments.NONE,
                "input 0 (dense): " + BAD_STRINGS);
        rejects(OperatorType.JAGGED_TO_PADDED_DENSE_GRADIENT, new Tensor[] {ints(1, 1), matrix},
                OperatorArguments.NONE, "input 1 (dense_grad): " + BAD_STRINGS);
    }

    @Test
    void theDenseInputIsAMatrix() {
        rejects(OperatorType.PADDED_DENSE_TO_JAGGED, new Tensor[] {floats(1f, 2f), ints(1, 1)},
                OperatorArguments.NONE, "input 0 (dense): has rank 1, expected a 2-D [B, N] tensor");
    }

    // ------------------------------------------------------------------ key-major

    @Test
    void keyMajorKeysAreInt64AndOnePerEntry() {
        OperatorType t = OperatorType.MULTI_SCALAR_TO_KEY_MAJOR;
        OperatorArguments keys = OperatorArguments.ids(7);
        rejects(t, new Tensor[] {ints(1), ints(7), floats(0.5f)}, keys,
                "input 1 (keys): dtype int32, expected int64");
        rejects(t, new Tensor[] {ints(1), Tensors.ofLongs(arena, 7, 8), floats(0.5f)}, keys,
                "input 1 (keys): has 2 elements, expected 1 (the sum of the lengths of input 0)");
        accepts(t, new Tensor[] {ints(1), Tensors.ofLongs(arena, 7), floats(0.5f)}, keys);
    }

    @Test
    void keyMajorRunLengthsAreInt32AndOnePerEntry() {
        OperatorType t = OperatorType.MULTI_LIST_TO_KEY_MAJOR;
        OperatorArguments keys = OperatorArguments.ids(7);
        Tensor key = Tensors.ofLongs(arena, 7);
        rejects(t, new Tensor[] {ints(1), key, Tensors.ofLongs(arena, 1), floats(0.5f)}, keys,
                "input 2 (values.lengths): dtype int64, expected int32");
        rejects(t, new Tensor[] {ints(1), key, ints(1, 0), floats(0.5f)}, keys,
                "input 2 (values.lengths): has 2 elements, expected 1 (the sum of the lengths of input 0)");
        accepts(t, new Tensor[] {ints(1), key, ints(1), floats(0.5f)}, keys);
    }

    @Test
    void aMissingInputIsNamed() {
        rejects(OperatorType.MULTI_SCALAR_TO_KEY_MAJOR, new Tensor[] {ints(1), null, floats(0.5f)},
                OperatorArguments.ids(7), "input 1 is missing");
        rejects(OperatorType.PADDED_DENSE_TO_JAGGED, new Tensor[] {matrix(DType.FLOAT, 1, 1), null},
                OperatorArguments.NONE, "input 1 is missing");
    }

    @Test
    void theLengthsMustCountTheDenseRows() {
        Tensor dense = matrix(DType.FLOAT, 2, 2);
        rejects(OperatorType.PADDED_DENSE_TO_JAGGED, new Tensor[] {dense, ints(1)}, OperatorArguments.NONE,
                "input 1 (lengths): has 1 elements, expected 2 (the rows of input 0 (dense))");
        rejects(OperatorType.JAGGED_TO_PADDED_DENSE_GRADIENT, new Tensor[] {ints(1), dense}, OperatorArguments.NONE,
                "input 0 (lengths): has 1 elements, expected 2 (the rows of input 1 (dense_grad))");
    }

    @Test
    void keyMajorKeysAreDistinctAndTheRepeatIsNamed() {
        rejects(OperatorType.MULTI_SCALAR_TO_KEY_MAJOR,
                new Tensor[] {ints(1), Tensors.ofLongs(arena, 7), floats(0.5f)}, OperatorArguments.ids(5, 7, 9, 7),
                "argument keys repeats key 7 at positions 1 and 3");
    }

    @Test
    void keyMajorLengthsCountAgainstTheLimit() {
        Tensor[] in = {ints(1, 0, 0), Tensors.ofLongs(arena, 7), floats(0.5f)};
        OperatorArguments keys = OperatorArguments.ids(7, 8);
        AbstractOperator op = op(OperatorType.MULTI_SCALAR_TO_KEY_MAJOR);
        op.maxTotal = 5;
        FeatureTensorException e = assertThrows(FeatureTensorException.class, () -> op.planWith(in, keys, null));
        assertEquals("MultiScalarFeatureTensorsToKeyMajor: input 0 (lengths): total of 6 key-major lengths (2 keys "
                + "times 3 examples) exceeds the int32 index range (5)", e.getMessage());
        op.maxTotal = 6;
        assertEquals(6, op.planWith(in, keys, null).outputCount(0));
    }

    @Test
    void keyMajorStringValuesHaveValidOffsets() {
        Tensor key = Tensors.ofLongs(arena, 7);
        OperatorArguments keys = OperatorArguments.ids(7);
        rejects(OperatorType.MULTI_SCALAR_TO_KEY_MAJOR,
                new Tensor[] {ints(3), Tensors.ofLongs(arena, 7, 8, 9), badStrings()}, keys,
                "input 2 (values): " + BAD_STRINGS);
        rejects(OperatorType.MULTI_LIST_TO_KEY_MAJOR, new Tensor[] {ints(1), key, ints(3), badStrings()}, keys,
                "input 3 (values.values): " + BAD_STRINGS);
        rejects(OperatorType.MULTI_MAP_TO_KEY_MAJOR,
                new Tensor[] {ints(1), key, ints(3), Tensors.ofLongs(arena, 1, 2, 3), badStrings()}, keys,
                "input 4 (values.values): " + BAD_STRINGS);
        rejects(OperatorType.MULTI_LIST_TO_KEY_MAJOR_GRADIENT, new Tensor[] {ints(1), key, ints(3), badStrings()},
                keys, "input 3 (values_grad): " + BAD_STRINGS);
        rejects(OperatorType.MULTI_MAP_TO_KEY_MAJOR_GRADIENT, new Tensor[] {ints(1), key, ints(3), badStrings()},
                keys, "input 3 (weights_grad): " + BAD_STRINGS);
    }
}
