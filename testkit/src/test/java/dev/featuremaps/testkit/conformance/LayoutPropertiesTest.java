package dev.featuremaps.testkit.conformance;

import dev.featuremaps.testkit.model.Cases.Shape;
import dev.featuremaps.tensors.DType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The key-major and padded-dense operators, on every kernel family, compute exactly what the
 * model computes, on random batches of every element type, with keys arguments that keep some,
 * all or none of a batch's ids (absent ids among them), and round-trip as SEMANTICS.md promises.
 * See {@link LayoutChecks}.
 */
class LayoutPropertiesTest {

    private final LayoutChecks checks = new LayoutChecks();

    @Provide
    Arbitrary<Shape> shapes() {
        return FeatureCases.shapes(Arbitraries.of(DType.class));
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void multiScalarToKeyMajor(@ForAll("shapes") Shape s) {
        checks.toKeyMajor(0, s);
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void multiListToKeyMajor(@ForAll("shapes") Shape s) {
        checks.toKeyMajor(1, s);
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void multiMapToKeyMajor(@ForAll("shapes") Shape s) {
        checks.toKeyMajor(2, s);
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void jaggedToPaddedDenseAndItsGradient(@ForAll("shapes") Shape s) {
        checks.jaggedToPaddedDense(s);
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void paddedDenseToJagged(@ForAll("shapes") Shape s) {
        checks.paddedDenseToJagged(s);
    }
}
