package dev.featuremaps.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The operator tests run on the kernels each family names, not on a fallback. */
class KernelFamilyTest {
    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void everyOperatorRunsOnTheFamilysKernels(KernelFamily family) {
        Operators ops = family.operators();
        assertEquals(family.name().toLowerCase(Locale.ROOT), ops.kernels().name());
        assertEquals(13, ops.all().size());
        ops.all().values().forEach(op ->
                assertEquals(op.name() + "[" + ops.kernels().name() + "]", op.toString()));
        assertSame(ops, family.operators());
    }
}
