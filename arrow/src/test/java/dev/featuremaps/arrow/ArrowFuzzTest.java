package dev.featuremaps.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.featuremaps.operators.FeatureMerge;
import dev.featuremaps.operators.FeatureTensorException;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.testkit.model.Cases;
import dev.featuremaps.testkit.model.Cases.Density;
import dev.featuremaps.testkit.model.Cases.Shape;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.junit.jupiter.api.Test;

/**
 * Malformed Arrow input, as a file or a C producer can hand it over: valid vectors written by
 * Arrow's API, reloaded with one buffer or length corrupted (an offset changed, a validity bitmap
 * cut short or a bit flipped, a vector's length changed, a data buffer cut short). Each case must
 * either import, and then merge or be refused by the merge, or be refused by the import with a
 * {@link FeatureTensorException}; anything else (another exception, a crash) fails. A refused
 * import leaves no view and no reference behind: every case ends with the allocator's accounting
 * where it started.
 */
class ArrowFuzzTest {
    private static final int BASES = 700;
    private static final int MUTATIONS_PER_BASE = 16;
    private static final List<DType> TYPES = List.of(DType.values());

    enum Kind { SINGLE_SCALAR, SINGLE_LIST, SINGLE_MAP, MULTI_SCALAR, MULTI_LIST, MULTI_MAP }

    enum Mutation { OFFSET, VALIDITY_SHORT, VALIDITY_BIT, LENGTH, DATA_SHORT }

    /** One vector of the tree as loaded: its node and buffers, in Arrow's depth-first order. */
    private record Level(int count, int nullCount, List<ArrowBuf> buffers, boolean offsets, boolean data) {
    }

    @Test
    void malformedVectorsAreRefusedCleanly() {
        SplittableRandom rnd = new SplittableRandom(0xA770_F022L);
        Map<Mutation, int[]> outcomes = new EnumMap<>(Mutation.class); // refused, accepted
        int cases = 0;
        try (BufferAllocator allocator = new RootAllocator()) {
            for (int b = 0; b < BASES; b++) {
                Kind kind = Kind.values()[b % Kind.values().length];
                DType value = TYPES.get(rnd.nextInt(TYPES.size()));
                DType key = TYPES.get(rnd.nextInt(TYPES.size()));
                Shape shape = new Shape(rnd.nextInt(1, 40), List.of(Density.MIXED), value, key, rnd.nextInt(0, 5), 0,
                        rnd.nextLong());
                try (FieldVector base = write(allocator, kind, shape)) {
                    List<Level> levels = new ArrayList<>();
                    collect(base, levels);
                    for (int m = 0; m < MUTATIONS_PER_BASE; m++) {
                        Mutation mutation = Mutation.values()[rnd.nextInt(Mutation.values().length)];
                        boolean refused = runCase(allocator, base, levels, kind, mutation, rnd);
                        outcomes.computeIfAbsent(mutation, x -> new int[2])[refused ? 0 : 1]++;
                        cases++;
                    }
                }
                assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory left after base " + b);
            }
        }
        assertTrue(cases >= 10_000, cases + " cases");
        for (Mutation m : Mutation.values()) {
            int[] o = outcomes.get(m);
            assertTrue(o != null && o[0] > 0, m + ": no case was refused");
        }
        System.out.println("Arrow fuzz: " + cases + " cases; refused/accepted by mutation: " + summary(outcomes));
    }

    private static String summary(Map<Mutation, int[]> outcomes) {
        StringBuilder sb = new StringBuilder();
        outcomes.forEach((m, o) -> sb.append(m).append(' ').append(o[0]).append('/').append(o[1]).append(' '));
        return sb.toString().trim();
    }

    /** @return whether the import refused the case */
    private static boolean runCase(BufferAllocator allocator, FieldVector base, List<Level> levels, Kind kind,
                                   Mutation mutation, SplittableRandom rnd) {
        long before = allocator.getAllocatedMemory();
        List<Level> mutated = new ArrayList<>(levels);
        List<ArrowBuf> copies = new ArrayList<>();
        mutate(allocator, mutated, mutation, rnd, copies);
        FieldVector corrupt = base.getField().createVector(allocator);
        try {
            int[] at = {0};
            load(corrupt, mutated, at);
            copies.forEach(c -> c.getReferenceManager().release());
            copies.clear();
            try (ArrowView<?> view = open(kind, corrupt)) {
                merge(kind, view.features());
                return false;
            } catch (FeatureTensorException e) {
                if (!e.getMessage().startsWith("Arrow column '")) {
                    // Refused by the operators after a clean import: their own validation.
                    return false;
                }
                return true;
            } catch (RuntimeException e) {
                fail(mutation + " on " + kind + ": " + e, e);
                return false;
            }
        } finally {
            copies.forEach(c -> c.getReferenceManager().release());
            corrupt.close();
            assertEquals(before, allocator.getAllocatedMemory(), mutation + " on " + kind + ": memory left");
        }
    }

    private static ArrowView<?> open(Kind kind, FieldVector v) {
        return switch (kind) {
            case SINGLE_SCALAR -> ArrowFeatures.singleScalar(v);
            case SINGLE_LIST -> ArrowFeatures.singleList(v);
            case SINGLE_MAP -> ArrowFeatures.singleMap(v);
            case MULTI_SCALAR -> ArrowFeatures.multiScalar(v);
            case MULTI_LIST -> ArrowFeatures.multiList(v);
            case MULTI_MAP -> ArrowFeatures.multiMap(v);
        };
    }

    @SuppressWarnings("unchecked")
    private static void merge(Kind kind, Object f) {
        FeatureMerge merge = FeatureMerge.create();
        long[] ids = {7};
        switch (kind) {
            case SINGLE_SCALAR -> merge.mergeSingleScalar(List.of((dev.featuremaps.features.SingleScalarFeature) f), ids);
            case SINGLE_LIST -> merge.mergeSingleList(List.of((dev.featuremaps.features.SingleListFeature) f), ids);
            case SINGLE_MAP -> merge.mergeSingleMap(List.of((dev.featuremaps.features.SingleMapFeature) f), ids);
            case MULTI_SCALAR -> merge.mergeMultiScalar(List.of((dev.featuremaps.features.MultiScalarFeatures) f));
            case MULTI_LIST -> merge.mergeMultiList(List.of((dev.featuremaps.features.MultiListFeatures) f));
            case MULTI_MAP -> merge.mergeMultiMap(List.of((dev.featuremaps.features.MultiMapFeatures) f));
        }
    }

    private static FieldVector write(BufferAllocator a, Kind kind, Shape s) {
        Cases.Fill fill = new Cases.Fill(s.seed());
        return switch (kind) {
            case SINGLE_SCALAR -> ArrowBatches.singleScalar(a, "c", Cases.singleScalars(s, fill).get(0));
            case SINGLE_LIST -> ArrowBatches.singleList(a, "c", Cases.singleLists(s, fill).get(0));
            case SINGLE_MAP -> ArrowBatches.singleMap(a, "c", Cases.singleMaps(s, fill).get(0));
            case MULTI_SCALAR -> ArrowBatches.multiScalar(a, "c", Cases.multiScalars(s, fill).get(0));
            case MULTI_LIST -> ArrowBatches.multiList(a, "c", Cases.multiLists(s, fill).get(0));
            case MULTI_MAP -> ArrowBatches.multiMap(a, "c", Cases.multiMaps(s, fill).get(0));
        };
    }

    private static void collect(FieldVector v, List<Level> out) {
        boolean offsets = v instanceof ListVector || v instanceof BaseVariableWidthVector;
        boolean data = !(v instanceof ListVector) && v.getField().getChildren().isEmpty();
        out.add(new Level(v.getValueCount(), v.getNullCount(), v.getFieldBuffers(), offsets, data));
        for (FieldVector child : v.getChildrenFromFields()) {
            collect(child, out);
        }
    }

    private static void load(FieldVector v, List<Level> levels, int[] at) {
        Level l = levels.get(at[0]++);
        v.loadFieldBuffers(new ArrowFieldNode(l.count(), l.nullCount()), l.buffers());
        for (FieldVector child : v.getChildrenFromFields()) {
            load(child, levels, at);
        }
    }

    private static ArrowBuf copy(BufferAllocator a, ArrowBuf src, long capacity, List<ArrowBuf> copies) {
        ArrowBuf c = a.buffer(Math.max(capacity, 0));
        long n = Math.min(capacity, src.capacity());
        c.setZero(0, c.capacity());
        if (n > 0) {
            c.setBytes(0, src, 0, n);
        }
        copies.add(c);
        return c.capacity() == capacity ? c : c.slice(0, capacity);
    }

    private static void mutate(BufferAllocator a, List<Level> levels, Mutation mutation, SplittableRandom rnd,
                               List<ArrowBuf> copies) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            Level l = levels.get(i);
            boolean fits = switch (mutation) {
                case OFFSET -> l.offsets();
                case VALIDITY_SHORT, VALIDITY_BIT -> l.count() >= 2;
                case LENGTH -> true;
                case DATA_SHORT -> l.data() && l.buffers().get(l.buffers().size() - 1).capacity() > 0;
            };
            if (fits) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            candidates.add(0);
            mutation = Mutation.LENGTH;
        }
        int i = candidates.get(rnd.nextInt(candidates.size()));
        Level l = levels.get(i);
        List<ArrowBuf> bufs = new ArrayList<>(l.buffers());
        switch (mutation) {
            case OFFSET -> {
                ArrowBuf offsets = copy(a, bufs.get(1), Math.max(bufs.get(1).capacity(), 4L * (l.count() + 1)), copies);
                int entry = rnd.nextInt(l.count() + 1);
                int old = offsets.getInt(4L * entry);
                int[] choices = {old + 1, old - 1, old + 1 + rnd.nextInt(1000), -1 - rnd.nextInt(5), 0,
                    Integer.MAX_VALUE, Integer.MIN_VALUE, rnd.nextInt()};
                offsets.setInt(4L * entry, choices[rnd.nextInt(choices.length)]);
                bufs.set(1, offsets);
                levels.set(i, new Level(l.count(), l.nullCount(), bufs, l.offsets(), l.data()));
            }
            case VALIDITY_SHORT -> {
                long need = (l.count() + 7) / 8;
                bufs.set(0, copy(a, bufs.get(0), rnd.nextLong(need), copies));
                // A null count strictly between 0 and the length makes Arrow keep the given bitmap.
                levels.set(i, new Level(l.count(), 1, bufs, l.offsets(), l.data()));
            }
            case VALIDITY_BIT -> {
                ArrowBuf validity = copy(a, bufs.get(0), Math.max(bufs.get(0).capacity(), (l.count() + 7) / 8),
                        copies);
                int bit = rnd.nextInt(l.count());
                validity.setByte(bit >>> 3, validity.getByte(bit >>> 3) ^ (1 << (bit & 7)));
                bufs.set(0, validity);
                levels.set(i, new Level(l.count(), 1, bufs, l.offsets(), l.data()));
            }
            case LENGTH -> {
                int[] choices = {l.count() + 1, l.count() + 1 + rnd.nextInt(64), Math.max(0, l.count() - 1),
                    rnd.nextInt(1 << 20)};
                int count = choices[rnd.nextInt(choices.length)];
                levels.set(i, new Level(count, Math.min(l.nullCount(), count), bufs, l.offsets(), l.data()));
            }
            case DATA_SHORT -> {
                int last = bufs.size() - 1;
                bufs.set(last, copy(a, bufs.get(last), rnd.nextLong(bufs.get(last).capacity()), copies));
                levels.set(i, new Level(l.count(), l.nullCount(), bufs, l.offsets(), l.data()));
            }
        }
    }
}
