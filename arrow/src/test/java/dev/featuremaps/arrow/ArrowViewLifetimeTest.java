package dev.featuremaps.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.featuremaps.features.SingleListFeature;
import dev.featuremaps.operators.FeatureTensorException;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.Model;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.complex.ListVector;
import org.junit.jupiter.api.Test;

/** A view keeps Arrow's memory alive while open, and is a clear error, not a crash, after. */
class ArrowViewLifetimeTest {
    private static Model.SingleList feature() {
        return new Model.SingleList(Column.ints(2, 0, 1), Column.of(DType.INT64, 5L, 6L, 7L),
                Column.bools(true, false, true));
    }

    @Test
    void aViewOutlivesItsVectorAndHoldsItsMemory() {
        try (BufferAllocator allocator = new RootAllocator()) {
            ArrowView<SingleListFeature> view;
            try (ListVector v = ArrowBatches.singleList(allocator, "c", feature())) {
                view = ArrowFeatures.singleList(v);
            }
            // The vector is closed; the view's reference keeps the values' buffer.
            SingleListFeature f = view.features();
            assertEquals(7L, f.values().getLong(2));
            assertEquals(2, f.lengths().getInt(0));
            view.close();
            assertEquals(0, allocator.getAllocatedMemory(), "the view's close gave the memory back");
        }
    }

    @Test
    void aClosedViewsTensorsThrowInsteadOfReadingFreedMemory() {
        try (BufferAllocator allocator = new RootAllocator();
             ListVector v = ArrowBatches.singleList(allocator, "c", feature())) {
            ArrowView<SingleListFeature> view = ArrowFeatures.singleList(v);
            SingleListFeature f = view.features();
            view.close();
            view.close(); // idempotent
            assertThrows(IllegalStateException.class, () -> f.values().getLong(0));
            assertThrows(IllegalStateException.class, () -> f.presence().getBoolean(0));
            assertThrows(IllegalStateException.class, view::features);
        }
    }

    @Test
    void aBatchViewHoldsEveryColumnUntilItCloses() {
        try (BufferAllocator allocator = new RootAllocator()) {
            ArrowView<List<SingleListFeature>> view;
            try (ListVector a = ArrowBatches.singleList(allocator, "a", feature());
                 ListVector b = ArrowBatches.singleList(allocator, "b", feature())) {
                view = ArrowFeatures.singleLists(List.of(a, b));
            }
            List<SingleListFeature> f = view.features();
            assertEquals(2, f.size());
            assertEquals(7L, f.get(1).values().getLong(2));
            assertEquals(1, f.get(1).lengths().getInt(2));
            view.close();
            assertThrows(IllegalStateException.class, () -> f.get(0).lengths().getInt(0));
            assertThrows(IllegalStateException.class, () -> f.get(1).values().getLong(0));
            assertEquals(0, allocator.getAllocatedMemory(), "the view's close gave the memory back");
        }
    }

    @Test
    void aBatchWithABadColumnLeavesNothingHeld() {
        try (BufferAllocator allocator = new RootAllocator()) {
            try (ListVector a = ArrowBatches.singleList(allocator, "a", feature());
                 ListVector b = ArrowBatches.singleList(allocator, "b", feature())) {
                b.getOffsetBuffer().setInt(Integer.BYTES, -1);
                FeatureTensorException e = assertThrows(FeatureTensorException.class,
                        () -> ArrowFeatures.singleLists(List.of(a, b)));
                assertEquals("Arrow column 'b': offsets decrease at entry 0: offset 0 is 0, offset 1 is -1",
                        e.getMessage());
            }
            // Column a's buffers were shared before b failed: the failed import gave them back.
            assertEquals(0, allocator.getAllocatedMemory());
        }
    }

    @Test
    void aColumnOfAnotherTypeIsNamed() {
        try (BufferAllocator allocator = new RootAllocator();
             ListVector v = ArrowBatches.singleList(allocator, "clicks", feature())) {
            FeatureTensorException e = assertThrows(FeatureTensorException.class, () -> ArrowFeatures.singleMap(v));
            assertEquals("Arrow column 'clicks': is List, expected map<K,V>", e.getMessage());
        }
    }
}
