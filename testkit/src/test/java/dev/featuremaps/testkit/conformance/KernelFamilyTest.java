package dev.featuremaps.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.featuremaps.operators.KernelFamily;
import dev.featuremaps.operators.Operators;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The operator tests run on the kernels each family names, not on a fallback. */
class KernelFamilyTest {
    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void everyOperatorRunsOnTheFamilysKernels(KernelFamily family) {
        Operators ops = Operators.using(family);
        assertEquals(family, ops.family());
        assertEquals(family, Operators.using(family).family());
        assertEquals(dev.featuremaps.operators.OperatorType.values().length, ops.all().size());
        ops.all().values().forEach(op -> assertEquals(op.name() + "[" + family.id() + "]", op.toString()));
    }

    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void familiesAreNamedAsThePropertySpellsThem(KernelFamily family) {
        assertEquals(family, KernelFamily.of(family.id().toUpperCase(java.util.Locale.ROOT)));
    }
}
