package dev.featuremaps.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.featuremaps.kernels.KernelProvider;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.tensors.Tensors;
import org.junit.jupiter.api.Test;

/** The default registry, the choice it reports, and the small public types around a call. */
class OperatorsTest {
    private static final String DENSE = OperatorType.MERGE_DENSE.typeName();

    @Test
    void theDefaultRegistryRunsOnTheKernelsThisJvmChose() {
        Operators defaults = Operators.defaults();
        assertSame(defaults, Operators.defaults());
        assertSame(KernelProvider.kernels(), defaults.kernels());
        assertSame(defaults.operator(DENSE), Operators.get(DENSE));
        KernelProvider.Choice choice = KernelProvider.choice();
        assertEquals(new KernelChoice(KernelFamily.of(choice.kernels().name()), choice.vectorBits(), choice.reason()),
                Operators.kernelChoice());
        assertEquals(defaults.family(), Operators.kernelChoice().family());
    }

    @Test
    void aKernelChoiceSaysTheFamilyItsVectorsAndWhy() {
        assertEquals("panama (256-bit vectors)", new KernelChoice(KernelFamily.PANAMA, 256, null).toString());
        assertEquals("panama (128-bit vectors); -Dfeaturemaps.kernels=panama",
                new KernelChoice(KernelFamily.PANAMA, 128, "-Dfeaturemaps.kernels=panama").toString());
        assertEquals("scalar; no C2", new KernelChoice(KernelFamily.SCALAR, 0, "no C2").toString());
    }

    @Test
    void aPlanReportsItsBatchAndGradientsListTheirTensors() {
        try (TensorArena arena = TensorArena.confined()) {
            Tensor presence = Tensors.ofBooleans(arena, true, false, true);
            Tensor grad = Tensors.ofFloats(arena, 1, 2);
            Tensor[] in = {presence, grad};
            FeatureOperator op = Operators.using(KernelFamily.SCALAR).operator(OperatorType.MERGE_SINGLE_SCALAR_GRADIENT);
            Plan plan = op.plan(in, null, null);
            assertEquals(3, plan.batchSize());
            Tensor[] out = op.run(arena, in, null);
            assertEquals("FeatureGradients[" + out[0] + "]", new FeatureGradients(out).toString());
        }
    }

    /** The typed API's factories without operators take the default registry. */
    @Test
    void mergesWithoutOperatorsRunOnTheDefaults() {
        OperatorType type = OperatorType.MERGE_SINGLE_SCALAR_GRADIENT;
        try (TensorArena arena = TensorArena.confined()) {
            Tensor[] in = {Tensors.ofBooleans(arena, true, false, true), Tensors.ofFloats(arena, 1, 2)};
            float[] expected = {1, 0, 2};
            for (FeatureMerge merge : new FeatureMerge[] {FeatureMerge.create(), FeatureMerge.allocating(arena)}) {
                Tensor[] out = merge.call(type, in, null);
                for (int e = 0; e < expected.length; e++) {
                    assertEquals(expected[e], out[0].getFloat(e));
                }
            }
        }
    }
}
