package dev.featuremaps.testkit.conformance;

import dev.featuremaps.testkit.model.Cases.Density;
import dev.featuremaps.testkit.model.Cases.Shape;
import dev.featuremaps.tensors.DType;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * jqwik draws of {@link Shape}s (batch size, inputs and their presence density, element types,
 * longest run, memory shift) so that failures shrink to small shapes; {@link
 * dev.featuremaps.testkit.model.Cases} fills the elements from each shape's seed, which keeps generation
 * cheap enough for thousands of tries of batches up to 300 examples.
 */
final class FeatureCases {
    private FeatureCases() {
    }

    /**
     * Shapes whose value type comes from {@code valueTypes}.
     *
     * @param valueTypes the value types to draw from
     * @return the arbitrary
     */
    static Arbitrary<Shape> shapes(Arbitrary<DType> valueTypes) {
        Arbitrary<Integer> batch = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0, 12)),
                Tuple.of(3, Arbitraries.integers().between(0, 64)),
                Tuple.of(2, Arbitraries.integers().between(0, 300)));
        Arbitrary<List<Density>> densities = Arbitraries.of(Density.class).list()
                .ofMinSize(1).ofMaxSize(12).withSizeDistribution(RandomDistribution.biased());
        Arbitrary<Tuple.Tuple2<DType, DType>> types = Combinators
                .combine(valueTypes, Arbitraries.of(DType.class)).as(Tuple::of)
                .filter(t -> t.get1() != t.get2());
        Arbitrary<Integer> maxRun = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0, 4)),
                Tuple.of(2, Arbitraries.integers().between(0, 20)));
        Arbitrary<Integer> shift = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(1, 7)));
        return Combinators.combine(batch, densities, types, maxRun, shift, Arbitraries.longs().withoutEdgeCases())
                .as((b, d, t, r, s, seed) -> new Shape(b, d, t.get1(), t.get2(), r, s, seed));
    }

}
