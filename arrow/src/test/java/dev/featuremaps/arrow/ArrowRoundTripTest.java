package dev.featuremaps.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.featuremaps.features.MultiListFeatures;
import dev.featuremaps.features.MultiMapFeatures;
import dev.featuremaps.features.MultiScalarFeatures;
import dev.featuremaps.features.SingleListFeature;
import dev.featuremaps.features.SingleMapFeature;
import dev.featuremaps.features.SingleScalarFeature;
import dev.featuremaps.operators.FeatureGradients;
import dev.featuremaps.operators.FeatureMerge;
import dev.featuremaps.operators.FeatureTensorException;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.testkit.model.Cases;
import dev.featuremaps.testkit.model.Cases.Density;
import dev.featuremaps.testkit.model.Cases.Shape;
import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.Model;
import dev.featuremaps.testkit.model.ModelTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.MapVector;

/**
 * Arrow → merge → Arrow against the model: inputs written by Arrow's vector API, viewed without
 * a copy, merged by the library, exported sharing the outputs and read back by Arrow's readers,
 * for every merge and every element type Arrow can share; the gradients likewise. Every try ends
 * with the Arrow allocator back at zero and the outputs' arena closed by the last release.
 */
class ArrowRoundTripTest {
    private static final int TRIES = 150;
    /** Element types with a shared Arrow layout (bools are bits in Arrow, bytes here). */
    private static final List<DType> SHARED = List.of(DType.INT32, DType.INT64, DType.FLOAT, DType.DOUBLE,
            DType.STRING);

    @Provide
    Arbitrary<Shape> shapes() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 80),
                Arbitraries.of(Density.class).list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.of(SHARED), Arbitraries.of(SHARED),
                Arbitraries.integers().between(0, 6),
                Arbitraries.longs().withoutEdgeCases())
                .as((b, d, t, k, r, seed) -> new Shape(b, d, t, k, r, 0, seed));
    }

    /** A batch's inputs in Arrow and the merged output in Arrow, within one allocator and arena. */
    private static <M, F, O> O roundTrip(List<M> inputs, BiFunction<BufferAllocator, M, FieldVector> write,
                                         java.util.function.Function<FieldVector, ArrowView<F>> view,
                                         BiFunction<FeatureMerge, List<F>, Object> merge,
                                         Exporter<O> export) {
        AtomicBoolean outputsFreed = new AtomicBoolean();
        O result;
        try (BufferAllocator allocator = new RootAllocator()) {
            List<ArrowView<F>> views = new ArrayList<>();
            List<FieldVector> vectors = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                vectors.add(write.apply(allocator, inputs.get(i)));
            }
            for (FieldVector v : vectors) {
                views.add(view.apply(v));
                v.close(); // the views keep the buffers alive
            }
            TensorArena arena = TensorArena.confined();
            List<F> features = views.stream().map(ArrowView::features).toList();
            Object merged = merge.apply(FeatureMerge.allocating(arena), features);
            views.forEach(ArrowView::close);
            AutoCloseable owner = () -> {
                outputsFreed.set(true);
                arena.close();
            };
            try (FieldVector out = export.export(merged, allocator, owner)) {
                // Only keys and values are shared: a batch without any frees its outputs at once.
                boolean shares = ((MapVector) out).getDataVector().getValueCount() > 0;
                assertEquals(shares, !outputsFreed.get(), "outputs freed while the vector shares them");
                result = export.read(out);
            }
            assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory left allocated");
        }
        assertTrue(outputsFreed.get(), "closing the last vector did not close the outputs' owner");
        return result;
    }

    private interface Exporter<O> {
        FieldVector export(Object merged, BufferAllocator allocator, AutoCloseable owner);

        O read(FieldVector vector);
    }

    private static void assertColumns(List<Column> expected, List<Column> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).sameBits(actual.get(i))) {
                fail("column " + i + ": " + expected.get(i).firstDifference(actual.get(i)));
            }
        }
    }

    private static long[] ids(Shape s) {
        return new Cases.Fill(s.seed() ^ 0x5EED).featureIds(s.inputs());
    }

    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
    void mergeSingleScalar(@ForAll("shapes") Shape s) {
        List<Model.SingleScalar> in = Cases.singleScalars(s, new Cases.Fill(s.seed()));
        long[] ids = ids(s);
        Model.MultiScalar out = roundTrip(in, (a, f) -> ArrowBatches.singleScalar(a, "c", f),
                ArrowFeatures::singleScalar,
                (m, f) -> m.mergeSingleScalar(f, ids),
                new Exporter<>() {
                    public FieldVector export(Object o, BufferAllocator a, AutoCloseable owner) {
                        return ArrowExport.multiScalar("out", (MultiScalarFeatures) o, a, owner);
                    }

                    public Model.MultiScalar read(FieldVector v) {
                        return ArrowBatches.readMultiScalar((MapVector) v, s.valueType());
                    }
                });
        assertColumns(Model.mergeSingleScalar(in, ids).columns(), out.columns());
    }

    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
    void mergeSingleList(@ForAll("shapes") Shape s) {
        List<Model.SingleList> in = Cases.singleLists(s, new Cases.Fill(s.seed()));
        long[] ids = ids(s);
        Model.MultiList out = roundTrip(in, (a, f) -> ArrowBatches.singleList(a, "c", f),
                ArrowFeatures::singleList,
                (m, f) -> m.mergeSingleList(f, ids),
                new Exporter<>() {
                    public FieldVector export(Object o, BufferAllocator a, AutoCloseable owner) {
                        return ArrowExport.multiList("out", (MultiListFeatures) o, a, owner);
                    }

                    public Model.MultiList read(FieldVector v) {
                        return ArrowBatches.readMultiList((MapVector) v, s.valueType());
                    }
                });
        assertColumns(Model.mergeSingleList(in, ids).columns(), out.columns());
    }

    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
    void mergeSingleMap(@ForAll("shapes") Shape s) {
        List<Model.SingleMap> in = Cases.singleMaps(s, new Cases.Fill(s.seed()));
        long[] ids = ids(s);
        Model.MultiMap out = roundTrip(in, (a, f) -> ArrowBatches.singleMap(a, "c", f),
                ArrowFeatures::singleMap,
                (m, f) -> m.mergeSingleMap(f, ids),
                new Exporter<>() {
                    public FieldVector export(Object o, BufferAllocator a, AutoCloseable owner) {
                        return ArrowExport.multiMap("out", (MultiMapFeatures) o, a, owner);
                    }

                    public Model.MultiMap read(FieldVector v) {
                        return ArrowBatches.readMultiMap((MapVector) v, s.secondType(), s.valueType());
                    }
                });
        assertColumns(Model.mergeSingleMap(in, ids).columns(), out.columns());
    }

    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
    void mergeMultiScalar(@ForAll("shapes") Shape s) {
        List<Model.MultiScalar> in = Cases.multiScalars(s, new Cases.Fill(s.seed()));
        Model.MultiScalar out = roundTrip(in, (a, f) -> ArrowBatches.multiScalar(a, "c", f),
                ArrowFeatures::multiScalar,
                FeatureMerge::mergeMultiScalar,
                new Exporter<>() {
                    public FieldVector export(Object o, BufferAllocator a, AutoCloseable owner) {
                        return ArrowExport.multiScalar("out", (MultiScalarFeatures) o, a, owner);
                    }

                    public Model.MultiScalar read(FieldVector v) {
                        return ArrowBatches.readMultiScalar((MapVector) v, s.valueType());
                    }
                });
        assertColumns(Model.mergeMultiScalar(in).columns(), out.columns());
    }

    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
    void mergeMultiList(@ForAll("shapes") Shape s) {
        List<Model.MultiList> in = Cases.multiLists(s, new Cases.Fill(s.seed()));
        Model.MultiList out = roundTrip(in, (a, f) -> ArrowBatches.multiList(a, "c", f),
                ArrowFeatures::multiList,
                FeatureMerge::mergeMultiList,
                new Exporter<>() {
                    public FieldVector export(Object o, BufferAllocator a, AutoCloseable owner) {
                        return ArrowExport.multiList("out", (MultiListFeatures) o, a, owner);
                    }

                    public Model.MultiList read(FieldVector v) {
                        return ArrowBatches.readMultiList((MapVector) v, s.valueType());
                    }
                });
        assertColumns(Model.mergeMultiList(in).columns(), out.columns());
    }

    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
    void mergeMultiMap(@ForAll("shapes") Shape s) {
        List<Model.MultiMap> in = Cases.multiMaps(s, new Cases.Fill(s.seed()));
        Model.MultiMap out = roundTrip(in, (a, f) -> ArrowBatches.multiMap(a, "c", f),
                ArrowFeatures::multiMap,
                FeatureMerge::mergeMultiMap,
                new Exporter<>() {
                    public FieldVector export(Object o, BufferAllocator a, AutoCloseable owner) {
                        return ArrowExport.multiMap("out", (MultiMapFeatures) o, a, owner);
                    }

                    public Model.MultiMap read(FieldVector v) {
                        return ArrowBatches.readMultiMap((MapVector) v, s.secondType(), s.valueType());
                    }
                });
        assertColumns(Model.mergeMultiMap(in).columns(), out.columns());
    }

    /**
     * Bools, which Arrow keeps as bits: imported (expanded to bytes by the kernels) and merged to
     * the model, for scalar, list and map features; the export refuses them with a clear error.
     */
    @Property(tries = 60, generation = GenerationMode.RANDOMIZED)
    void boolFeaturesImportAndMergeToTheModel(@ForAll("shapes") Shape shape) {
        Shape s = new Shape(shape.batch(), shape.densities(), DType.BOOL, shape.secondType(), shape.maxRun(), 0,
                shape.seed());
        long[] ids = ids(s);
        List<Model.SingleScalar> scalars = Cases.singleScalars(s, new Cases.Fill(s.seed()));
        List<Model.SingleList> lists = Cases.singleLists(s, new Cases.Fill(s.seed()));
        List<Model.SingleMap> maps = Cases.singleMaps(s, new Cases.Fill(s.seed()));
        try (BufferAllocator allocator = new RootAllocator(); TensorArena arena = TensorArena.confined()) {
            FeatureMerge merge = FeatureMerge.allocating(arena);
            List<ArrowView<?>> views = new ArrayList<>();
            List<SingleScalarFeature> sf = new ArrayList<>();
            List<SingleListFeature> lf = new ArrayList<>();
            List<SingleMapFeature> mf = new ArrayList<>();
            for (int i = 0; i < s.inputs(); i++) {
                try (FieldVector a = ArrowBatches.singleScalar(allocator, "s", scalars.get(i));
                     FieldVector b = ArrowBatches.singleList(allocator, "l", lists.get(i));
                     FieldVector c = ArrowBatches.singleMap(allocator, "m", maps.get(i))) {
                    ArrowView<SingleScalarFeature> va = ArrowFeatures.singleScalar(a);
                    ArrowView<SingleListFeature> vb = ArrowFeatures.singleList(b);
                    ArrowView<SingleMapFeature> vc = ArrowFeatures.singleMap(c);
                    views.addAll(List.of(va, vb, vc));
                    sf.add(va.features());
                    lf.add(vb.features());
                    mf.add(vc.features());
                }
            }
            assertColumns(Model.mergeSingleScalar(scalars, ids).columns(),
                    ModelTensors.fromTensors(merge.mergeSingleScalar(sf, ids).tensors()));
            MultiListFeatures listed = merge.mergeSingleList(lf, ids);
            assertColumns(Model.mergeSingleList(lists, ids).columns(), ModelTensors.fromTensors(listed.tensors()));
            assertColumns(Model.mergeSingleMap(maps, ids).columns(),
                    ModelTensors.fromTensors(merge.mergeSingleMap(mf, ids).tensors()));
            views.forEach(ArrowView::close);
            FeatureTensorException refused = assertThrows(
                    FeatureTensorException.class, () -> ArrowExport.multiList("out", listed, allocator, null));
            assertTrue(refused.getMessage().contains("bool values cannot be shared"), refused.getMessage());
            assertEquals(0, allocator.getAllocatedMemory());
        }
    }

    /** The single list gradient's outputs, one per feature, as Arrow vectors. */
    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
    void mergeSingleListGradient(@ForAll("shapes") Shape s) {
        List<Model.SingleList> in = Cases.singleLists(s, new Cases.Fill(s.seed()));
        long total = in.stream().mapToLong(f -> Cases.presentSum(f.lengths(), f.presence())).sum();
        Column grad = new Cases.Fill(s.seed() + 1).values(s.secondType(), total);
        List<Column> expected = Model.mergeSingleRunsGradient(in.stream().map(Model.SingleList::lengths).toList(),
                in.stream().map(Model.SingleList::presence).toList(), grad);
        try (BufferAllocator allocator = new RootAllocator(); TensorArena arena = TensorArena.confined()) {
            List<ArrowView<SingleListFeature>> views = new ArrayList<>();
            for (Model.SingleList f : in) {
                try (FieldVector v = ArrowBatches.singleList(allocator, "c", f)) {
                    views.add(ArrowFeatures.singleList(v));
                }
            }
            FeatureGradients back = FeatureMerge.allocating(arena).mergeSingleListGradient(
                    views.stream().map(ArrowView::features).toList(), ModelTensors.toTensor(arena, grad));
            for (int i = 0; i < in.size(); i++) {
                try (FieldVector out = ArrowExport.values("g" + i, back.get(i), allocator, null)) {
                    assertColumns(List.of(expected.get(i)), List.of(ArrowBatches.column(out, s.secondType())));
                }
            }
            views.forEach(ArrowView::close);
            assertEquals(0, allocator.getAllocatedMemory());
        }
    }
}
