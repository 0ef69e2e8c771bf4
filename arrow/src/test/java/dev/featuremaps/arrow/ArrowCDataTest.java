package dev.featuremaps.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.featuremaps.features.MultiListFeatures;
import dev.featuremaps.features.MultiMapFeatures;
import dev.featuremaps.features.SingleListFeature;
import dev.featuremaps.features.SingleMapFeature;
import dev.featuremaps.operators.FeatureMerge;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.testkit.model.Cases;
import dev.featuremaps.testkit.model.Cases.Density;
import dev.featuremaps.testkit.model.Cases.Shape;
import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.c.ArrowArray;
import org.apache.arrow.c.ArrowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.junit.jupiter.api.Test;

/**
 * Features through Arrow's C Data Interface between two allocators, as between two libraries of
 * one process: inputs exported by one side are merged by the other without a copy, and the merged
 * batch exported back through the C structs is read by the first, sharing the outputs' memory.
 * Both allocators end at zero and the outputs' owner is closed by the last release.
 */
class ArrowCDataTest {

    private static void assertColumns(List<Column> expected, List<Column> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(expected.get(i).sameBits(actual.get(i)), "column " + i + ": "
                    + expected.get(i).firstDifference(actual.get(i)));
        }
    }

    /** Producer's vector → C structs → consumer's vector. */
    private static FieldVector through(FieldVector vector, BufferAllocator producer, BufferAllocator consumer) {
        try (ArrowArray array = ArrowArray.allocateNew(consumer); ArrowSchema schema = ArrowSchema.allocateNew(consumer)) {
            ArrowCData.export(vector, producer, array, schema);
            return ArrowCData.importVector(array, schema, consumer);
        }
    }

    @Test
    void singleListsMergeAcrossTheInterfaceAndComeBackShared() {
        Shape s = new Shape(50, List.of(Density.MIXED, Density.ALL, Density.NONE), DType.FLOAT, DType.INT64, 6, 0, 42);
        List<Model.SingleList> in = Cases.singleLists(s, new Cases.Fill(s.seed()));
        long[] ids = {11, 12, 13};
        AtomicBoolean outputsClosed = new AtomicBoolean();
        try (BufferAllocator engine = new RootAllocator(); BufferAllocator ours = new RootAllocator()) {
            // The engine's columns, taken by us through the C structs.
            List<ArrowView<SingleListFeature>> views = new ArrayList<>();
            for (Model.SingleList f : in) {
                FieldVector imported = through(ArrowBatches.singleList(engine, "c", f), engine, ours);
                long valuesAddress = ((org.apache.arrow.vector.complex.ListVector) imported).getDataVector()
                        .getDataBuffer().memoryAddress();
                ArrowView<SingleListFeature> view = ArrowFeatures.singleList(imported);
                if (view.features().values().count() > 0) {
                    assertEquals(valuesAddress, view.features().values().data().address(), "values copied");
                }
                imported.close();
                views.add(view);
            }
            TensorArena arena = TensorArena.confined();
            MultiListFeatures merged = FeatureMerge.allocating(arena)
                    .mergeSingleList(views.stream().map(ArrowView::features).toList(), ids);
            views.forEach(ArrowView::close);
            long valuesAddress = merged.valuesValues().data().address();

            // Our merged batch, taken back by the engine through the C structs.
            MapVector out = ArrowExport.multiList("merged", merged, ours, () -> {
                outputsClosed.set(true);
                arena.close();
            });
            try (FieldVector back = through(out, ours, engine)) {
                assertFalse(outputsClosed.get());
                StructVector entries = (StructVector) ((MapVector) back).getDataVector();
                FieldVector inner = ((org.apache.arrow.vector.complex.ListVector) entries.getChildrenFromFields().get(1))
                        .getDataVector();
                assertEquals(valuesAddress, inner.getDataBuffer().memoryAddress(), "merged values copied");
                assertColumns(Model.mergeSingleList(in, ids).columns(),
                        ArrowBatches.readMultiList((MapVector) back, DType.FLOAT).columns());
            }
            assertTrue(outputsClosed.get(), "the engine's release did not close the outputs");
            assertEquals(0, ours.getAllocatedMemory());
            assertEquals(0, engine.getAllocatedMemory());
        }
    }

    @Test
    void singleMapsOfStringsRoundTripThroughTheInterface() {
        Shape s = new Shape(33, List.of(Density.MIXED, Density.MIXED), DType.STRING, DType.INT32, 4, 0, 7);
        List<Model.SingleMap> in = Cases.singleMaps(s, new Cases.Fill(s.seed()));
        long[] ids = {1, 2};
        try (BufferAllocator engine = new RootAllocator(); BufferAllocator ours = new RootAllocator()) {
            List<ArrowView<SingleMapFeature>> views = new ArrayList<>();
            for (Model.SingleMap f : in) {
                try (FieldVector imported = through(ArrowBatches.singleMap(engine, "c", f), engine, ours)) {
                    views.add(ArrowFeatures.singleMap(imported));
                }
            }
            TensorArena arena = TensorArena.confined();
            MultiMapFeatures merged = FeatureMerge.allocating(arena)
                    .mergeSingleMap(views.stream().map(ArrowView::features).toList(), ids);
            views.forEach(ArrowView::close);
            try (FieldVector back = through(ArrowExport.multiMap("merged", merged, ours, arena), ours, engine)) {
                assertColumns(Model.mergeSingleMap(in, ids).columns(),
                        ArrowBatches.readMultiMap((MapVector) back, DType.INT32, DType.STRING).columns());
            }
            assertEquals(0, ours.getAllocatedMemory());
            assertEquals(0, engine.getAllocatedMemory());
        }
    }
}
