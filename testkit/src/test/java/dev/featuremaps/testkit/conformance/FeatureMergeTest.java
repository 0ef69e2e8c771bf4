package dev.featuremaps.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.featuremaps.features.MultiScalarFeatures;
import dev.featuremaps.features.SingleScalarFeature;
import dev.featuremaps.operators.FeatureGradients;
import dev.featuremaps.operators.FeatureMerge;
import dev.featuremaps.operators.FeatureTensorException;
import dev.featuremaps.operators.KernelFamily;
import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.tensors.Tensors;
import dev.featuremaps.testkit.fuzz.Fuzzer;
import dev.featuremaps.testkit.fuzz.TypedCalls;
import dev.featuremaps.testkit.model.Cases.Density;
import dev.featuremaps.testkit.model.Cases.Fill;
import dev.featuremaps.testkit.model.Cases.Shape;
import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.ModelTensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The typed, per-thread {@link FeatureMerge}: every one of its operations against the model,
 * through the typed method and through {@code call}, on both kernel families, with one merge per
 * family serving calls of changing and repeating shapes, so that reused outputs, regrown memory
 * and the flattening into Caffe2's order all show.
 */
class FeatureMergeTest {
    private static final int CASES = 60;

    @ParameterizedTest
    @EnumSource(OperatorType.class)
    void everyOperationEqualsTheModelThroughReusedMerges(OperatorType type) {
        for (KernelFamily family : KernelFamily.values()) {
            FeatureMerge typed = FeatureMerge.create(Operators.using(family));
            FeatureMerge byType = FeatureMerge.create(Operators.using(family));
            SplittableRandom r = new SplittableRandom(type.ordinal() * 7919L + family.ordinal());
            for (int k = 0; k < CASES; k++) {
                Case c = Case.random(type, r);
                try (TensorArena arena = TensorArena.confined()) {
                    Tensor[] in = c.tensors(arena);
                    // Each case twice: the second call of a shape reuses the first one's outputs,
                    // and returns the very result object of the first (no allocation per call).
                    Object first = null;
                    for (int repeat = 0; repeat < 2; repeat++) {
                        String what = family + " " + type + " case " + k + " call " + repeat;
                        Object result = TypedCalls.of(typed, type, in, c.call.arguments()).get();
                        if (repeat == 0) {
                            first = result;
                        } else {
                            assertSame(first, result, what + ": a repeated shape gets the same result object");
                        }
                        OperatorHarness.assertColumns(what + " (typed)", c.expected(),
                                ModelTensors.fromTensors(TypedCalls.tensors(result)));
                        OperatorHarness.assertColumns(what + " (call)", c.expected(),
                                ModelTensors.fromTensors(byType.callWith(type, in, c.call.arguments())));
                    }
                }
            }
        }
    }

    @Test
    void aRepeatedShapeGetsTheSameResultObjectsAndANewShapeNewOnes() {
        FeatureMerge merge = FeatureMerge.create(Operators.using(KernelFamily.SCALAR));
        try (TensorArena arena = TensorArena.confined()) {
            List<SingleScalarFeature> two = List.of(scalar(arena, 1f, 2f), scalar(arena, 3f, 4f));
            MultiScalarFeatures first = merge.mergeSingleScalar(two, new long[] {7, 8});
            MultiScalarFeatures again = merge.mergeSingleScalar(two, new long[] {7, 8});
            assertSame(first, again);
            List<SingleScalarFeature> three = List.of(scalar(arena, 1f, 2f, 5f), scalar(arena, 3f, 4f, 6f));
            MultiScalarFeatures bigger = merge.mergeSingleScalar(three, new long[] {7, 8});
            assertEquals(6, bigger.values().count());
            assertArrayEquals(new float[] {1f, 3f, 2f, 4f, 5f, 6f}, Tensors.toFloatArray(bigger.values()));
        }
    }

    @Test
    void stringOutputsOfTheSameCountButOtherBytesAreNotReused() {
        FeatureMerge merge = FeatureMerge.create(Operators.using(KernelFamily.SCALAR));
        try (TensorArena arena = TensorArena.confined()) {
            boolean[] present = {true, true};
            long[] ids = {7, 8};
            List<SingleScalarFeature> short1 = List.of(
                    new SingleScalarFeature(Tensors.ofStrings(arena, "a", "b"), Tensors.ofBooleans(arena, present)),
                    new SingleScalarFeature(Tensors.ofStrings(arena, "c", "d"), Tensors.ofBooleans(arena, present)));
            MultiScalarFeatures first = merge.mergeSingleScalar(short1, ids);
            assertArrayEquals(new String[] {"a", "c", "b", "d"}, Tensors.toStringArray(first.values()));
            List<SingleScalarFeature> longer = List.of(
                    new SingleScalarFeature(Tensors.ofStrings(arena, "alpha", "beta"), Tensors.ofBooleans(arena, present)),
                    new SingleScalarFeature(Tensors.ofStrings(arena, "gamma", "delta"),
                            Tensors.ofBooleans(arena, present)));
            MultiScalarFeatures second = merge.mergeSingleScalar(longer, ids);
            assertArrayEquals(new String[] {"alpha", "gamma", "beta", "delta"},
                    Tensors.toStringArray(second.values()));
            assertEquals(19, second.values().data().byteSize());
            MultiScalarFeatures shorter = merge.mergeSingleScalar(short1, ids);
            assertArrayEquals(new String[] {"a", "c", "b", "d"}, Tensors.toStringArray(shorter.values()));
            assertEquals(4, shorter.values().data().byteSize());
        }
    }

    @Test
    void anOperationLeavesTheResultsOfTheOthersAlone() {
        FeatureMerge merge = FeatureMerge.create(Operators.using(KernelFamily.SCALAR));
        try (TensorArena arena = TensorArena.confined()) {
            List<SingleScalarFeature> features = List.of(scalar(arena, 1f, 2f), scalar(arena, 3f, 4f));
            MultiScalarFeatures merged = merge.mergeSingleScalar(features, new long[] {7, 8});
            FeatureGradients back = merge.mergeSingleScalarGradient(features,
                    Tensors.ofFloats(arena, 10f, 20f, 30f, 40f));
            MultiScalarFeatures twice = merge.mergeMultiScalar(List.of(merged, merged));
            assertArrayEquals(new float[] {1f, 3f, 2f, 4f}, Tensors.toFloatArray(merged.values()));
            assertArrayEquals(new float[] {10f, 30f}, Tensors.toFloatArray(back.get(0)));
            assertArrayEquals(new float[] {20f, 40f}, Tensors.toFloatArray(back.get(1)));
            assertEquals(2, back.size());
            assertArrayEquals(new float[] {1f, 3f, 1f, 3f, 2f, 4f, 2f, 4f}, Tensors.toFloatArray(twice.values()));
        }
    }

    @Test
    void anOutputFedBackIntoItsOwnOperationIsRejectedAsOverlapping() {
        FeatureMerge merge = FeatureMerge.create(Operators.using(KernelFamily.SCALAR));
        try (TensorArena arena = TensorArena.confined()) {
            MultiScalarFeatures once = merge.mergeMultiScalar(List.of(multi(arena)));
            FeatureTensorException e = assertThrows(FeatureTensorException.class,
                    () -> merge.mergeMultiScalar(List.of(once)));
            assertEquals(true, e.getMessage().contains("overlap"), e.getMessage());
        }
    }

    @Test
    void aRejectedCallWritesNothingAndTheMergeKeepsWorking() {
        FeatureMerge merge = FeatureMerge.create(Operators.using(KernelFamily.SCALAR));
        try (TensorArena arena = TensorArena.confined()) {
            List<SingleScalarFeature> features = List.of(scalar(arena, 1f, 2f));
            MultiScalarFeatures merged = merge.mergeSingleScalar(features, new long[] {7});
            FeatureTensorException e = assertThrows(FeatureTensorException.class,
                    () -> merge.mergeSingleScalar(features, new long[] {7, 8}));
            assertEquals("MergeSingleScalarFeatureTensors: feature_ids has 2 entries, expected 1 (one per feature)",
                    e.getMessage());
            assertArrayEquals(new float[] {1f, 2f}, Tensors.toFloatArray(merged.values()));
            assertSame(merged, merge.mergeSingleScalar(features, new long[] {7}));
        }
    }

    @Test
    void anAllocatingMergeGivesEveryCallOutputsOfItsOwn() {
        try (TensorArena arena = TensorArena.confined()) {
            FeatureMerge merge = FeatureMerge.allocating(Operators.using(KernelFamily.SCALAR), arena);
            List<SingleScalarFeature> features = List.of(scalar(arena, 1f, 2f));
            MultiScalarFeatures first = merge.mergeSingleScalar(features, new long[] {7});
            MultiScalarFeatures second = merge.mergeSingleScalar(List.of(scalar(arena, 5f, 6f)), new long[] {9});
            assertArrayEquals(new float[] {1f, 2f}, Tensors.toFloatArray(first.values()));
            assertArrayEquals(new float[] {5f, 6f}, Tensors.toFloatArray(second.values()));
            assertArrayEquals(new long[] {9, 9}, Tensors.toLongArray(second.keys()));
        }
    }

    private static SingleScalarFeature scalar(TensorArena arena, float... values) {
        boolean[] present = new boolean[values.length];
        Arrays.fill(present, true);
        return new SingleScalarFeature(Tensors.ofFloats(arena, values), Tensors.ofBooleans(arena, present));
    }

    private static MultiScalarFeatures multi(TensorArena arena) {
        return new MultiScalarFeatures(Tensors.ofInts(arena, 1, 1), Tensors.ofLongs(arena, 3, 4),
                Tensors.ofFloats(arena, 0.5f, 1.5f));
    }

    /** A valid random call of one operator and what the model says it returns. */
    private record Case(Fuzzer.ValidCall call) {
        static Case random(OperatorType type, SplittableRandom r) {
            String op = type.typeName();
            DType[] types = DType.values();
            DType valueType = types[r.nextInt(types.length)];
            List<Density> densities = new ArrayList<>();
            int inputs = 1 + r.nextInt(4);
            for (int i = 0; i < inputs; i++) {
                densities.add(Density.values()[r.nextInt(3)]);
            }
            // A few batch sizes only, so that shapes repeat across cases and reuse is exercised.
            int batch = new int[] {0, 1, 7, 33}[r.nextInt(4)];
            Shape shape = new Shape(batch, densities, valueType, types[r.nextInt(types.length)], r.nextInt(5), 0,
                    r.nextLong());
            return new Case(Fuzzer.validCall(op, shape, new Fill(shape.seed())));
        }

        Tensor[] tensors(TensorArena arena) {
            return call.tensors(arena);
        }

        List<Column> expected() {
            return call.expected();
        }
    }
}
