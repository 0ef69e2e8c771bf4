package dev.featuremaps.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.testkit.model.Cases;
import dev.featuremaps.testkit.model.Cases.Density;
import dev.featuremaps.testkit.model.Cases.Shape;
import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.Model;
import dev.featuremaps.testkit.model.ModelTensors;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.MapVector;

/**
 * Arrow → merge → Arrow against the model: inputs written by Arrow's vector API, viewed without
 * a copy, merged by the library, exported sharing the outputs and read back by Arrow's readers,
 * for every merge and every element type (bools, bits in Arrow and bytes here, are converted
 * both ways); the gradients likewise. Every try ends with the Arrow allocator back at zero and
 * the outputs' arena closed by the last release.
 */
class ArrowRoundTripTest {
    private static final int TRIES = 150;
    private static final List<DType> TYPES = List.of(DType.BOOL, DType.INT32, DType.INT64, DType.FLOAT,
            DType.DOUBLE, DType.STRING);

    @Provide
    Arbitrary<Shape> shapes() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 80),
                Arbitraries.of(Density.class).list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.of(TYPES), Arbitraries.of(TYPES),
                Arbitraries.integers().between(0, 6),
                Arbitraries.longs().withoutEdgeCases())
                .as((b, d, t, k, r, seed) -> new Shape(b, d, t, k, r, 0, seed));
    }

    /**
     * A batch's inputs in Arrow and the merged output in Arrow, within one allocator and arena.
     * The inputs are viewed column by column, or (on odd seeds) all in one view of the batch.
     */
    private static <M, F, O> O roundTrip(Shape s, List<M> inputs, BiFunction<BufferAllocator, M, FieldVector> write,
                                         java.util.function.Function<FieldVector, ArrowView<F>> view,
                                         java.util.function.Function<List<FieldVector>, ArrowView<List<F>>> batch,
                                         BiFunction<FeatureMerge, List<F>, Object> merge,
                                         Exporter<O> export) {
        AtomicBoolean outputsFreed = new AtomicBoolean();
        O result;
        try (BufferAllocator allocator = new RootAllocator()) {
            List<ArrowView<?>> views = new ArrayList<>();
            List<FieldVector> vectors = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                vectors.add(write.apply(allocator, inputs.get(i)));
            }
            List<F> features;
            if ((s.seed() & 1) == 0) {
                features = new ArrayList<>();
                for (FieldVector v : vectors) {
                    ArrowView<F> one = view.apply(v);
                    views.add(one);
                    features.add(one.features());
                }
            } else {
                ArrowView<List<F>> all = batch.apply(vectors);
                views.add(all);
                features = all.features();
            }
            vectors.forEach(FieldVector::close); // the views keep the buffers alive
            TensorArena arena = TensorArena.confined();
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
        Model.MultiScalar out = roundTrip(s, in, (a, f) -> ArrowBatches.singleScalar(a, "c", f),
                ArrowFeatures::singleScalar, ArrowFeatures::singleScalars,
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
        Model.MultiList out = roundTrip(s, in, (a, f) -> ArrowBatches.singleList(a, "c", f),
                ArrowFeatures::singleList, ArrowFeatures::singleLists,
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
        Model.MultiMap out = roundTrip(s, in, (a, f) -> ArrowBatches.singleMap(a, "c", f),
                ArrowFeatures::singleMap, ArrowFeatures::singleMaps,
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
        Model.MultiScalar out = roundTrip(s, in, (a, f) -> ArrowBatches.multiScalar(a, "c", f),
                ArrowFeatures::multiScalar, ArrowFeatures::multiScalars,
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
        Model.MultiList out = roundTrip(s, in, (a, f) -> ArrowBatches.multiList(a, "c", f),
                ArrowFeatures::multiList, ArrowFeatures::multiLists,
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
        Model.MultiMap out = roundTrip(s, in, (a, f) -> ArrowBatches.multiMap(a, "c", f),
                ArrowFeatures::multiMap, ArrowFeatures::multiMaps,
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
     * Bools, which Arrow keeps as bits: imported (expanded to bytes by the kernels), merged, and
     * exported (packed back into bits) to the model, for scalar, list and map features, with
     * bool or other map keys; every try, unlike the merges above, which draw bools now and then.
     */
    @Property(tries = 60, generation = GenerationMode.RANDOMIZED)
    void boolFeaturesImportMergeAndExportToTheModel(@ForAll("shapes") Shape shape) {
        Shape s = new Shape(shape.batch(), shape.densities(), DType.BOOL, shape.secondType(), shape.maxRun(), 0,
                shape.seed());
        long[] ids = ids(s);
        List<Model.SingleScalar> scalars = Cases.singleScalars(s, new Cases.Fill(s.seed()));
        List<Model.SingleList> lists = Cases.singleLists(s, new Cases.Fill(s.seed()));
        List<Model.SingleMap> maps = Cases.singleMaps(s, new Cases.Fill(s.seed()));
        // Bool keys of the inner maps too.
        Shape k = new Shape(s.batch(), s.densities(), s.secondType(), DType.BOOL, s.maxRun(), 0, s.seed() + 1);
        List<Model.SingleMap> boolKeyed = Cases.singleMaps(k, new Cases.Fill(k.seed()));
        try (BufferAllocator allocator = new RootAllocator(); TensorArena arena = TensorArena.confined()) {
            FeatureMerge merge = FeatureMerge.allocating(arena);
            List<ArrowView<?>> views = new ArrayList<>();
            List<SingleScalarFeature> sf = new ArrayList<>();
            List<SingleListFeature> lf = new ArrayList<>();
            List<SingleMapFeature> mf = new ArrayList<>();
            List<SingleMapFeature> kf = new ArrayList<>();
            for (int i = 0; i < s.inputs(); i++) {
                try (FieldVector a = ArrowBatches.singleScalar(allocator, "s", scalars.get(i));
                     FieldVector b = ArrowBatches.singleList(allocator, "l", lists.get(i));
                     FieldVector c = ArrowBatches.singleMap(allocator, "m", maps.get(i));
                     FieldVector d = ArrowBatches.singleMap(allocator, "k", boolKeyed.get(i))) {
                    ArrowView<SingleScalarFeature> va = ArrowFeatures.singleScalar(a);
                    ArrowView<SingleListFeature> vb = ArrowFeatures.singleList(b);
                    ArrowView<SingleMapFeature> vc = ArrowFeatures.singleMap(c);
                    ArrowView<SingleMapFeature> vd = ArrowFeatures.singleMap(d);
                    views.addAll(List.of(va, vb, vc, vd));
                    sf.add(va.features());
                    lf.add(vb.features());
                    mf.add(vc.features());
                    kf.add(vd.features());
                }
            }
            MultiScalarFeatures scalared = merge.mergeSingleScalar(sf, ids);
            MultiListFeatures listed = merge.mergeSingleList(lf, ids);
            MultiMapFeatures mapped = merge.mergeSingleMap(mf, ids);
            MultiMapFeatures keyed = merge.mergeSingleMap(kf, ids);
            views.forEach(ArrowView::close);
            try (MapVector a = ArrowExport.multiScalar("s", scalared, allocator, null);
                 MapVector b = ArrowExport.multiList("l", listed, allocator, null);
                 MapVector c = ArrowExport.multiMap("m", mapped, allocator, null);
                 MapVector d = ArrowExport.multiMap("k", keyed, allocator, null);
                 FieldVector e = ArrowExport.values("v", mapped.valuesValues(), allocator, null)) {
                assertColumns(Model.mergeSingleScalar(scalars, ids).columns(),
                        ArrowBatches.readMultiScalar(a, DType.BOOL).columns());
                assertColumns(Model.mergeSingleList(lists, ids).columns(),
                        ArrowBatches.readMultiList(b, DType.BOOL).columns());
                Model.MultiMap model = Model.mergeSingleMap(maps, ids);
                assertColumns(model.columns(), ArrowBatches.readMultiMap(c, s.secondType(), DType.BOOL).columns());
                assertColumns(Model.mergeSingleMap(boolKeyed, ids).columns(),
                        ArrowBatches.readMultiMap(d, DType.BOOL, s.secondType()).columns());
                assertTrue(e instanceof BitVector, e.getClass().getName());
                assertColumns(List.of(model.valuesValues()), List.of(ArrowBatches.column(e, DType.BOOL)));
            }
            assertEquals(0, allocator.getAllocatedMemory());
        }
    }

    /**
     * Bool tensors as bit vectors, bit by bit against the bytes: every length around a byte and
     * a word, and bytes other than 0/1 as true, which the packing kernel promises.
     */
    @Property(tries = 60, generation = GenerationMode.RANDOMIZED)
    void boolTensorsExportAsBitsLeastSignificantFirst(@ForAll("shapes") Shape s) {
        java.util.Random rnd = new java.util.Random(s.seed());
        int n = rnd.nextInt(200);
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(5) == 0 ? rnd.nextInt(1, 256) : 1);
        }
        AtomicBoolean freed = new AtomicBoolean();
        try (BufferAllocator allocator = new RootAllocator()) {
            TensorArena arena = TensorArena.confined();
            Tensor t = Tensor.allocate(arena, DType.BOOL, n);
            MemorySegment.copy(bytes, 0, t.data(), ValueLayout.JAVA_BYTE, 0, n);
            try (BitVector v = (BitVector) ArrowExport.values("b", t, allocator, () -> {
                freed.set(true);
                arena.close();
            })) {
                // Nothing is shared, so the owner goes at once.
                assertTrue(freed.get(), "a bool export holds on to the outputs");
                assertEquals(n, v.getValueCount());
                assertEquals(0, v.getNullCount());
                for (int i = 0; i < n; i++) {
                    assertEquals(bytes[i] != 0 ? 1 : 0, v.get(i), "element " + i);
                    assertEquals(bytes[i] != 0 ? 1 : 0, v.getDataBuffer().getByte(i >>> 3) >>> (i & 7) & 1,
                            "bit " + i);
                }
                if (n % 8 != 0) {
                    assertEquals(0, v.getDataBuffer().getByte(n >>> 3) >>> (n & 7), "high bits of the last byte");
                }
            }
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
