package dev.featuremaps.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.featuremaps.operators.OperatorArguments;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.tensors.Tensors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The baseline must compute exactly what the library computes, or the benchmark's setup check
 * would reject correct kernels (or pass wrong ones): hand-worked examples pin the reference to
 * SEMANTICS.md, and generated workloads compare it with the library on the scalar kernels.
 */
class ReferenceMergeTest {
    private final TensorArena arena = TensorArena.confined();

    @AfterEach
    void close() {
        arena.close();
    }

    private Tensor[] run(Operation op, long[] ids, Tensor... in) {
        ReferenceMerge ref = ReferenceMerge.of(op, in, ids);
        Tensor[] out = ref.allocateOutputs(arena);
        for (Tensor t : out) {
            t.data().fill((byte) 0x77);
        }
        ref.run(out);
        return out;
    }

    @Test
    void singleMapByHand() {
        Tensor[] out = run(Operation.SINGLE_MAP, new long[] {100, 200},
                Tensors.ofInts(arena, 2, 5, 1), Tensors.ofLongs(arena, 10, 11, 12),
                Tensors.ofFloats(arena, 0.5f, 1.5f, 2.5f), Tensors.ofBooleans(arena, true, false, true),
                Tensors.ofInts(arena, 0, 2, 3), Tensors.ofLongs(arena, 20, 21),
                Tensors.ofFloats(arena, 3.5f, 4.5f), Tensors.ofBooleans(arena, true, true, false));
        assertArrayEquals(new int[] {2, 1, 1}, Tensors.toIntArray(out[0]));
        assertArrayEquals(new long[] {100, 200, 200, 100}, Tensors.toLongArray(out[1]));
        assertArrayEquals(new int[] {2, 0, 2, 1}, Tensors.toIntArray(out[2]));
        assertArrayEquals(new long[] {10, 11, 20, 21, 12}, Tensors.toLongArray(out[3]));
        assertArrayEquals(new float[] {0.5f, 1.5f, 3.5f, 4.5f, 2.5f}, Tensors.toFloatArray(out[4]));
    }

    @Test
    void singleScalarGradientByHand() {
        Tensor[] out = run(Operation.SINGLE_SCALAR_GRADIENT, null,
                Tensors.ofBooleans(arena, true, false, true), Tensors.ofBooleans(arena, true, true, false),
                Tensors.ofFloats(arena, 1, 2, 3, 4));
        assertArrayEquals(new float[] {1, 0, 4}, Tensors.toFloatArray(out[0]));
        assertArrayEquals(new float[] {2, 3, 0}, Tensors.toFloatArray(out[1]));
    }

    @Test
    void multiListGradientByHand() {
        Tensor[] out = run(Operation.MULTI_LIST_OR_MAP_GRADIENT, null,
                Tensors.ofInts(arena, 1, 2), Tensors.ofInts(arena, 2, 0, 3),
                Tensors.ofInts(arena, 2, 0), Tensors.ofInts(arena, 1, 1),
                Tensors.ofFloats(arena, 1, 2, 3, 4, 5, 6, 7));
        assertArrayEquals(new float[] {1, 2, 5, 6, 7}, Tensors.toFloatArray(out[0]));
        assertArrayEquals(new float[] {3, 4}, Tensors.toFloatArray(out[1]));
    }

    @Test
    void multiScalarByHand() {
        Tensor[] out = run(Operation.MULTI_SCALAR, null,
                Tensors.ofInts(arena, 1, 0, 2), Tensors.ofLongs(arena, 5, 6, 7), Tensors.ofFloats(arena, 1, 2, 3),
                Tensors.ofInts(arena, 0, 1, 1), Tensors.ofLongs(arena, 8, 9), Tensors.ofFloats(arena, 4, 5));
        assertArrayEquals(new int[] {1, 1, 3}, Tensors.toIntArray(out[0]));
        assertArrayEquals(new long[] {5, 8, 6, 7, 9}, Tensors.toLongArray(out[1]));
        assertArrayEquals(new float[] {1, 4, 2, 3, 5}, Tensors.toFloatArray(out[2]));
    }

    @Test
    void denseByHand() {
        Tensor[] out = run(Operation.DENSE, new long[] {7, 8, 9},
                Tensors.matrix(arena, DType.FLOAT, 2, 3, new float[] {1, 2, 3, 4, 5, 6}),
                Tensors.matrix(arena, DType.BOOL, 2, 3, new boolean[] {true, false, true, false, false, true}));
        assertArrayEquals(new int[] {2, 1}, Tensors.toIntArray(out[0]));
        assertArrayEquals(new long[] {7, 9, 9}, Tensors.toLongArray(out[1]));
        assertArrayEquals(new float[] {1, 3, 6}, Tensors.toFloatArray(out[2]));
    }

    private Tensor[] runWith(Operation op, OperatorArguments args, Tensor... in) {
        ReferenceMerge ref = ReferenceMerge.of(op, in, args);
        Tensor[] out = ref.allocateOutputs(arena);
        for (Tensor t : out) {
            t.data().fill((byte) 0x77);
        }
        ref.run(out);
        return out;
    }

    @Test
    void multiMapToKeyMajorByHand() {
        // Example 0: ids 7, 9, 7; example 1: id 8 (dropped), id 9. Keys in output order: 9, 7.
        Tensor[] out = runWith(Operation.KEY_MAJOR_MAP, OperatorArguments.ids(9, 7),
                Tensors.ofInts(arena, 3, 2), Tensors.ofLongs(arena, 7, 9, 7, 8, 9), Tensors.ofInts(arena, 1, 2, 0, 1, 2),
                Tensors.ofLongs(arena, 10, 11, 12, 13, 14, 15), Tensors.ofFloats(arena, 1, 2, 3, 4, 5, 6));
        assertArrayEquals(new int[] {2, 2, 1, 0}, Tensors.toIntArray(out[0]));
        assertArrayEquals(new long[] {11, 12, 14, 15, 10}, Tensors.toLongArray(out[1]));
        assertArrayEquals(new float[] {2, 3, 5, 6, 1}, Tensors.toFloatArray(out[2]));
    }

    @Test
    void multiScalarToKeyMajorByHand() {
        Tensor[] out = runWith(Operation.KEY_MAJOR_SCALAR, OperatorArguments.ids(5, 4),
                Tensors.ofInts(arena, 2, 0, 3), Tensors.ofLongs(arena, 4, 5, 5, 6, 5), Tensors.ofFloats(arena, 1, 2, 3, 4, 5));
        assertArrayEquals(new int[] {1, 0, 2, 1, 0, 0}, Tensors.toIntArray(out[0]));
        assertArrayEquals(new float[] {2, 3, 5, 1}, Tensors.toFloatArray(out[1]));
    }

    @Test
    void keyMajorGradientsScatterBackWithZerosForDroppedEntries() {
        Tensor[] scalar = runWith(Operation.KEY_MAJOR_SCALAR_GRADIENT, OperatorArguments.ids(5, 4),
                Tensors.ofInts(arena, 2, 0, 3), Tensors.ofLongs(arena, 4, 5, 5, 6, 5), Tensors.ofFloats(arena, 2, 3, 5, 1));
        assertArrayEquals(new float[] {1, 2, 3, 0, 5}, Tensors.toFloatArray(scalar[0]));
        Tensor[] runs = runWith(Operation.KEY_MAJOR_LIST_OR_MAP_GRADIENT, OperatorArguments.ids(9, 7),
                Tensors.ofInts(arena, 3, 2), Tensors.ofLongs(arena, 7, 9, 7, 8, 9), Tensors.ofInts(arena, 1, 2, 0, 1, 2),
                Tensors.ofFloats(arena, 2, 3, 5, 6, 1));
        assertArrayEquals(new float[] {1, 2, 3, 0, 5, 6}, Tensors.toFloatArray(runs[0]));
    }

    @Test
    void paddingCutsLongRunsAndPadsShortOnes() {
        Tensor[] out = runWith(Operation.JAGGED_TO_PADDED_DENSE, OperatorArguments.padding(2, -1),
                Tensors.ofInts(arena, 3, 0, 1), Tensors.ofFloats(arena, 1, 2, 3, 4));
        assertEquals(2, out[0].rank());
        assertArrayEquals(new float[] {1, 2, -1, -1, 4, -1}, Tensors.toFloatArray(out[0]));
    }

    @Test
    void unpaddingTakesTheFirstCellsAndTheGradientZerosWhatWasCut() {
        Tensor dense = Tensors.matrix(arena, DType.FLOAT, 3, 2, new float[] {1, 2, 3, 4, 5, 6});
        Tensor[] values = runWith(Operation.PADDED_DENSE_TO_JAGGED, OperatorArguments.NONE,
                dense, Tensors.ofInts(arena, 2, 0, 1));
        assertArrayEquals(new float[] {1, 2, 5}, Tensors.toFloatArray(values[0]));
        Tensor[] grad = runWith(Operation.JAGGED_TO_PADDED_DENSE_GRADIENT, OperatorArguments.NONE,
                Tensors.ofInts(arena, 3, 0, 1), dense);
        assertArrayEquals(new float[] {1, 2, 0, 5}, Tensors.toFloatArray(grad[0]));
    }

    @Test
    void keyMajorRefusesAMissingKeysArgument() {
        assertThrows(IllegalArgumentException.class, () -> ReferenceMerge.of(Operation.KEY_MAJOR_SCALAR,
                new Tensor[] {Tensors.ofInts(arena, 1), Tensors.ofLongs(arena, 4), Tensors.ofFloats(arena, 1)},
                OperatorArguments.NONE));
    }

    @Test
    void rejectsValueTypesItWasNotWrittenFor() {
        assertThrows(IllegalArgumentException.class, () -> ReferenceMerge.of(Operation.SINGLE_SCALAR,
                new Tensor[] {Tensors.ofDoubles(arena, 1), Tensors.ofBooleans(arena, true)}, new long[] {1}));
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void matchesTheLibraryOnTheRequestWorkload(Operation op) {
        OperatorCase c = OperatorCase.generate(op, Workload.REQUEST, arena);
        Verification.requireReferenceOutputs(c, Subject.SCALAR, Subject.create(Subject.SCALAR, c, arena));
    }

    @Property(tries = 60)
    void matchesTheLibraryOnSmallGeneratedWorkloads(@ForAll Operation op,
                                                    @ForAll @IntRange(min = 0, max = 40) int batch,
                                                    @ForAll @IntRange(min = 1, max = 6) int singleInputs,
                                                    @ForAll @IntRange(min = 1, max = 4) int multiInputs,
                                                    @ForAll @IntRange(min = 0, max = 5) int features,
                                                    @ForAll @IntRange(min = 0, max = 4) int runLength,
                                                    @ForAll @IntRange(min = 0, max = 4) int presenceQuarters,
                                                    @ForAll @LongRange long seed) {
        Workload w = new Workload("small", batch, singleInputs, multiInputs, features, runLength,
                presenceQuarters / 4.0);
        try (TensorArena a = TensorArena.confined()) {
            OperatorCase c = OperatorCase.generate(op, w, seed, a);
            Verification.requireReferenceOutputs(c, Subject.SCALAR, Subject.create(Subject.SCALAR, c, a));
        }
    }

    @Test
    void theCheckRejectsOutputsThatDifferInOneByte() {
        OperatorCase c = OperatorCase.generate(Operation.SINGLE_LIST, new Workload("small", 16, 3, 1, 2, 3, 0.7), arena);
        Tensor[] expected = ReferenceMerge.of(c).allocateOutputs(arena);
        ReferenceMerge.of(c).run(expected);
        Subject subject = Subject.create(Subject.SCALAR, c, arena);
        subject.execute();
        Verification.requireIdentical("same", expected, subject.outputs());
        Tensor values = subject.outputs()[3];
        long last = values.count() - 1;
        values.setFloat(last, Math.nextUp(values.getFloat(last)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Verification.requireIdentical("flipped", expected, subject.outputs()));
        assertTrue(e.getMessage().contains("output 3 differs from the reference at element " + last), e.getMessage());
    }

    @Test
    void theCheckRejectsOutputsOfAnotherSize() {
        Tensor[] a = {Tensors.ofInts(arena, 1, 2)};
        Tensor[] b = {Tensors.ofInts(arena, 1, 2, 3)};
        assertThrows(IllegalStateException.class, () -> Verification.requireIdentical("sizes", a, b));
        assertThrows(IllegalStateException.class, () -> Verification.requireIdentical("count", a, new Tensor[0]));
    }

    @Test
    void theReferenceSubjectWritesEveryByte() {
        // Poisoned outputs must be fully overwritten, or the setup check would compare junk.
        OperatorCase c = OperatorCase.generate(Operation.SINGLE_SCALAR_GRADIENT,
                new Workload("small", 50, 4, 1, 1, 1, 0.5), arena);
        Verification.requireReferenceOutputs(c, Subject.REFERENCE, Subject.create(Subject.REFERENCE, c, arena));
        assertEquals(4, Subject.create(Subject.REFERENCE, c, arena).outputs().length);
    }
}
