package dev.featuremaps.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.featuremaps.features.KeyMajorFeatures;
import dev.featuremaps.features.MultiListFeatures;
import dev.featuremaps.features.MultiMapFeatures;
import dev.featuremaps.features.MultiScalarFeatures;
import dev.featuremaps.operators.FeatureMerge;
import dev.featuremaps.operators.FeatureTensorException;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.testkit.model.Cases;
import dev.featuremaps.testkit.model.Cases.Density;
import dev.featuremaps.testkit.model.Cases.Shape;
import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.Model;
import dev.featuremaps.testkit.model.ModelTensors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
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
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.junit.jupiter.api.Test;

/**
 * Key-major outputs of the real operators as Arrow structs, read back by Arrow's readers and
 * compared per key and example with the runs picked out of the example-major input by plain
 * loops: keys present and absent, one key, batches of 0 and 1 examples, every element type.
 * Every try checks that the columns share one values buffer and slices of one offsets table, and
 * ends with the allocator at zero and the outputs' owner closed exactly once.
 */
class ArrowKeyMajorTest {
    private static final int TRIES = 120;
    private static final List<DType> TYPES = List.of(DType.BOOL, DType.INT32, DType.INT64, DType.FLOAT,
            DType.DOUBLE, DType.STRING);

    @Provide
    Arbitrary<Shape> shapes() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 60),
                Arbitraries.of(Density.class).list().ofMinSize(1).ofMaxSize(2),
                Arbitraries.of(TYPES), Arbitraries.of(TYPES),
                Arbitraries.integers().between(0, 6),
                Arbitraries.longs().withoutEdgeCases())
                .as((b, d, t, k, r, seed) -> new Shape(seed % 4 == 0 ? 0 : seed % 4 == 1 ? 1 : b, d, t, k, r, 0,
                        seed));
    }

    /**
     * The keys to lay out by: a shuffled subset of the ids in the batch, with ids no example
     * holds mixed in, one key now and then.
     */
    private static long[] keys(Column ids, Random rnd) {
        List<Long> present = new ArrayList<>(new LinkedHashSet<>(ids.values().stream().map(o -> (Long) o).toList()));
        Collections.shuffle(present, rnd);
        List<Long> keys = new ArrayList<>(present.subList(0, rnd.nextInt(present.size() + 1)));
        long absent = 1_000_000_007L;
        for (int i = rnd.nextInt(3); i > 0 || keys.isEmpty(); i--) {
            keys.add(rnd.nextInt(keys.size() + 1), absent++);
        }
        if (rnd.nextInt(4) == 0) {
            keys = keys.subList(0, 1);
        }
        return keys.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * expected[k][e]: the elements of key {@code keys[k]} in example {@code e}, per the
     * semantics: the entries of e with that id, in input order, each contributing its run.
     */
    private static List<List<List<Object>>> model(long[] keys, Column lengths, Column ids, Column runLengths,
                                                  Function<Integer, Object> element) {
        int b = lengths.size();
        List<List<List<Object>>> expected = new ArrayList<>();
        for (long key : keys) {
            List<List<Object>> perExample = new ArrayList<>();
            int entry = 0;
            int at = 0;
            for (int e = 0; e < b; e++) {
                List<Object> run = new ArrayList<>();
                for (int i = 0; i < lengths.intAt(e); i++, entry++) {
                    int len = runLengths == null ? 1 : runLengths.intAt(entry);
                    if ((Long) ids.get(entry) == key) {
                        for (int r = 0; r < len; r++) {
                            run.add(element.apply(at + r));
                        }
                    }
                    at += len;
                }
                perExample.add(run);
            }
            expected.add(perExample);
        }
        return expected;
    }

    /** What Arrow's getObject gives, with utf8 text as strings and map entries as pairs. */
    @SuppressWarnings("unchecked")
    private static List<Object> read(FieldVector column, int e) {
        Object o = column.getObject(e);
        List<Object> out = new ArrayList<>();
        for (Object x : (List<Object>) o) {
            if (x instanceof Map<?, ?> m) {
                out.add(List.of(text(m.get(MapVector.KEY_NAME)), text(m.get(MapVector.VALUE_NAME))));
            } else {
                out.add(text(x));
            }
        }
        return out;
    }

    private static Object text(Object o) {
        return o instanceof org.apache.arrow.vector.util.Text t ? t.toString() : o;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof List<?> x && b instanceof List<?> y) {
            return Column.sameElement(x.get(0), y.get(0)) && Column.sameElement(x.get(1), y.get(1));
        }
        return Column.sameElement(a, b);
    }

    /**
     * Exports, reads back and compares; checks sharing, accounting and the owner. {@code build}
     * runs the operator on inputs in the arena the outputs come from, which the owner closes.
     */
    private static void check(long[] keys, int b, List<List<List<Object>>> expected,
                              BiFunction<FeatureMerge, TensorArena, KeyMajorFeatures> build) {
        AtomicInteger closes = new AtomicInteger();
        try (BufferAllocator allocator = new RootAllocator()) {
            TensorArena arena = TensorArena.confined();
            KeyMajorFeatures km = build.apply(FeatureMerge.allocating(arena), arena);
            boolean shares = shared(km.values()) || km.weights() != null && shared(km.weights());
            try (StructVector out = ArrowExport.keyMajor("km", km, keys, allocator, () -> {
                closes.incrementAndGet();
                arena.close();
            })) {
                assertEquals(shares ? 0 : 1, closes.get(), "owner closed while the struct shares the outputs");
                assertEquals(b, out.getValueCount());
                assertEquals(keys.length, out.getChildrenFromFields().size());
                long offsets = 0;
                for (int k = 0; k < keys.length; k++) {
                    FieldVector column = out.getChildrenFromFields().get(k);
                    assertEquals(Long.toString(keys[k]), column.getName());
                    assertEquals(b, column.getValueCount());
                    assertTrue(km.weights() == null ? column instanceof ListVector : column instanceof MapVector,
                            column.getClass().getName());
                    ListVector list = (ListVector) column;
                    // One offsets table, sliced: column k starts k·B entries after column 0.
                    long address = list.getOffsetBuffer().memoryAddress();
                    if (k == 0) {
                        offsets = address;
                    }
                    assertEquals(offsets + (long) k * b * Integer.BYTES, address, "offsets of column " + k);
                    assertSharesValues(km, list.getDataVector());
                    for (int e = 0; e < b; e++) {
                        List<Object> want = expected.get(k).get(e);
                        List<Object> got = read(column, e);
                        assertEquals(want.size(), got.size(), "key " + keys[k] + ", example " + e + ": " + got);
                        for (int i = 0; i < want.size(); i++) {
                            if (!same(want.get(i), got.get(i))) {
                                fail("key " + keys[k] + ", example " + e + ", element " + i + ": " + got.get(i)
                                        + ", expected " + want.get(i));
                            }
                        }
                    }
                }
            }
            assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory left allocated");
        }
        assertEquals(1, closes.get(), "the owner is closed once, by the last release");
    }

    private static boolean shared(Tensor t) {
        return t.dtype() != DType.BOOL && t.data().byteSize() > 0;
    }

    /** The column's elements are the tensors' own memory, not a copy (bools aside: bits). */
    private static void assertSharesValues(KeyMajorFeatures km, FieldVector data) {
        FieldVector values = data;
        if (km.weights() != null) {
            StructVector entries = (StructVector) data;
            values = entries.getChild(MapVector.KEY_NAME);
            FieldVector weights = entries.getChild(MapVector.VALUE_NAME);
            if (shared(km.weights())) {
                assertEquals(km.weights().data().address(), weights.getDataBuffer().memoryAddress(), "weights");
            }
        }
        if (shared(km.values())) {
            assertEquals(km.values().data().address(), values.getDataBuffer().memoryAddress(), "values");
        }
    }

    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
    void multiScalarToKeyMajor(@ForAll("shapes") Shape s) {
        Model.MultiScalar in = Cases.multiScalars(s, new Cases.Fill(s.seed())).get(0);
        long[] keys = keys(in.keys(), new Random(s.seed()));
        check(keys, in.lengths().size(), model(keys, in.lengths(), in.keys(), null, in.values()::get),
                (m, a) -> m.multiScalarToKeyMajor(MultiScalarFeatures.of(tensors(a, in.columns())), keys));
    }

    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
    void multiListToKeyMajor(@ForAll("shapes") Shape s) {
        Model.MultiList in = Cases.multiLists(s, new Cases.Fill(s.seed())).get(0);
        long[] keys = keys(in.keys(), new Random(s.seed()));
        check(keys, in.lengths().size(),
                model(keys, in.lengths(), in.keys(), in.valuesLengths(), in.valuesValues()::get),
                (m, a) -> m.multiListToKeyMajor(MultiListFeatures.of(tensors(a, in.columns())), keys));
    }

    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED)
    void multiMapToKeyMajor(@ForAll("shapes") Shape s) {
        Model.MultiMap in = Cases.multiMaps(s, new Cases.Fill(s.seed())).get(0);
        long[] keys = keys(in.keys(), new Random(s.seed()));
        check(keys, in.lengths().size(),
                model(keys, in.lengths(), in.keys(), in.valuesLengths(),
                        i -> List.of(in.valuesKeys().get(i), in.valuesValues().get(i))),
                (m, a) -> m.multiMapToKeyMajor(MultiMapFeatures.of(tensors(a, in.columns())), keys));
    }

    private static Tensor[] tensors(TensorArena arena, List<Column> columns) {
        return columns.stream().map(c -> ModelTensors.toTensor(arena, c)).toArray(Tensor[]::new);
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void sizesThatDisagreeAreRefusedBeforeAnyBuffer() {
        try (BufferAllocator allocator = new RootAllocator(); TensorArena arena = TensorArena.confined()) {
            Tensor lengths = ModelTensors.toTensor(arena, Column.ints(1, 0, 2, 0, 0, 1));
            Tensor values = ModelTensors.toTensor(arena, Column.longs(7, 8, 9, 10));
            Tensor three = ModelTensors.toTensor(arena, Column.floats(1, 2, 3));
            assertRefused("not a multiple of the 4 keys",
                    () -> ArrowExport.keyMajor("km", new KeyMajorFeatures(lengths, values, null),
                            new long[] {1, 2, 3, 4}, allocator, null));
            assertRefused("for no keys", () -> ArrowExport.keyMajor("km",
                    new KeyMajorFeatures(lengths, values, null), new long[0], allocator, null));
            assertRefused("key 2 is repeated", () -> ArrowExport.keyMajor("km",
                    new KeyMajorFeatures(lengths, values, null), new long[] {2, 5, 2}, allocator, null));
            assertRefused("weights: has 3 elements, expected 4", () -> ArrowExport.keyMajor("km",
                    new KeyMajorFeatures(lengths, values, three), new long[] {1, 2}, allocator, null));
            assertRefused("values: has 3 elements, the lengths sum to 4", () -> ArrowExport.keyMajor("km",
                    new KeyMajorFeatures(lengths, three, null), new long[] {1, 2}, allocator, null));
            assertRefused("lengths: is int64", () -> ArrowExport.keyMajor("km",
                    new KeyMajorFeatures(values, values, null), new long[] {1, 2}, allocator, null));
            assertEquals(0, allocator.getAllocatedMemory());
        }
    }

    private static void assertRefused(String message, org.junit.jupiter.api.function.Executable export) {
        FeatureTensorException x = assertThrows(FeatureTensorException.class, export);
        assertTrue(x.getMessage().contains("Arrow export 'km'") && x.getMessage().contains(message), x.getMessage());
    }

    @Test
    void noKeysAndNoLengthsIsAStructWithoutColumnsOrRows() {
        try (BufferAllocator allocator = new RootAllocator(); TensorArena arena = TensorArena.confined()) {
            KeyMajorFeatures km = new KeyMajorFeatures(ModelTensors.toTensor(arena, Column.ints()),
                    ModelTensors.toTensor(arena, Column.doubles()), null);
            try (StructVector out = ArrowExport.keyMajor("km", km, new long[0], allocator, null)) {
                assertEquals(0, out.getValueCount());
                assertEquals(0, out.getChildrenFromFields().size());
            }
            assertEquals(0, allocator.getAllocatedMemory());
        }
    }

    /** Two keys, two examples, by hand: the layout of the offsets and what Arrow prints. */
    @Test
    void aSmallMapBatchReadsAsItsRuns() {
        AtomicInteger closes = new AtomicInteger();
        try (BufferAllocator allocator = new RootAllocator()) {
            TensorArena arena = TensorArena.confined();
            // key 5: [a→1.5], []; key 9: [b→2.5, c→3.5], [d→4.5]
            KeyMajorFeatures km = new KeyMajorFeatures(ModelTensors.toTensor(arena, Column.ints(1, 0, 2, 1)),
                    ModelTensors.toTensor(arena, Column.strings("a", "b", "c", "d")),
                    ModelTensors.toTensor(arena, Column.doubles(1.5, 2.5, 3.5, 4.5)));
            try (StructVector out = ArrowExport.keyMajor("km", km, new long[] {5, 9}, allocator, () -> {
                closes.incrementAndGet();
                arena.close();
            })) {
                assertEquals("[{\"5\":[{\"key\":\"a\",\"value\":1.5}],\"9\":[{\"key\":\"b\",\"value\":2.5},"
                        + "{\"key\":\"c\",\"value\":3.5}]}, {\"5\":[],\"9\":[{\"key\":\"d\",\"value\":4.5}]}]",
                        List.of(out.getObject(0), out.getObject(1)).toString());
                MapVector nine = (MapVector) out.getChild("9");
                assertEquals(1, nine.getOffsetBuffer().getInt(0));
                assertEquals(4, nine.getOffsetBuffer().getInt(2 * Integer.BYTES));
                assertEquals(0, closes.get());
            }
            assertEquals(0, allocator.getAllocatedMemory());
        }
        assertEquals(1, closes.get());
    }
}
