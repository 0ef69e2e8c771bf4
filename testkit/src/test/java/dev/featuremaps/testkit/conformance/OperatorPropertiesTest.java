package dev.featuremaps.testkit.conformance;

import dev.featuremaps.operators.KernelFamily;
import dev.featuremaps.testkit.model.Cases;
import dev.featuremaps.testkit.model.Cases.Shape;
import dev.featuremaps.tensors.DType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every operator, on every {@link KernelFamily}, computes exactly what the model computes from
 * SEMANTICS.md, element for element (floating point by raw bits), on random batches of every
 * element type; and a merge followed by its gradient, fed the merged values, gives each input its
 * values back. See {@link OperatorChecks} for what one try checks and {@link FeatureCases} for
 * what is generated.
 *
 * <p>Tries are jqwik's {@code jqwik.tries.default}, 1,000 in {@code junit-platform.properties}; a
 * system property of that name overrides it, as the mutation run does to keep each test cheap.
 */
class OperatorPropertiesTest {
    private final OperatorChecks checks = new OperatorChecks();

    @Provide
    Arbitrary<Shape> shapes() {
        return FeatureCases.shapes(Arbitraries.of(DType.class));
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void mergeSingleScalar(@ForAll("shapes") Shape s) {
        checks.mergeSingleScalar(s);
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void mergeSingleList(@ForAll("shapes") Shape s) {
        checks.mergeSingleList(s);
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void mergeSingleMap(@ForAll("shapes") Shape s) {
        checks.mergeSingleMap(s);
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void mergeMultiScalar(@ForAll("shapes") Shape s) {
        checks.mergeMultiScalar(s);
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void mergeMultiList(@ForAll("shapes") Shape s) {
        checks.mergeMultiList(s);
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void mergeMultiMap(@ForAll("shapes") Shape s) {
        checks.mergeMultiMap(s);
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void mergeDense(@ForAll("shapes") Shape s) {
        checks.mergeDense(s);
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void mergeSingleScalarGradient(@ForAll("shapes") Shape s) {
        checks.mergeSingleScalarGradient(s);
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void mergeSingleListGradient(@ForAll("shapes") Shape s) {
        checks.mergeSingleListGradient(s);
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void mergeSingleMapGradient(@ForAll("shapes") Shape s) {
        checks.mergeSingleMapGradient(s);
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void mergeMultiScalarGradient(@ForAll("shapes") Shape s) {
        checks.mergeMultiScalarGradient(s);
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void mergeMultiListGradient(@ForAll("shapes") Shape s) {
        checks.mergeMultiListGradient(s);
    }

    @Property(generation = GenerationMode.RANDOMIZED)
    void mergeMultiMapGradient(@ForAll("shapes") Shape s) {
        checks.mergeMultiMapGradient(s);
    }
}
