package dev.featuremaps.tensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Heap arrays copied into tensors and back come out identical, for every element type, from
 * either allocator; floating point compares by raw bits, so NaN payloads and -0.0 survive.
 */
class TensorRoundTripTest {

    /** Both allocators: a fresh arena, and a small reusable one that overflows and is reset. */
    private static final ReusableArena REUSABLE = new ReusableArena(256);

    private static void withEachAllocator(Consumer<TensorAllocator> body) {
        try (TensorArena arena = TensorArena.confined()) {
            body.accept(arena);
        }
        REUSABLE.reset();
        body.accept(REUSABLE);
    }

    @Property(tries = 200)
    void booleans(@ForAll @Size(max = 300) boolean[] values) {
        withEachAllocator(a -> {
            Tensor t = Tensors.ofBooleans(a, values);
            assertEquals(DType.BOOL, t.dtype());
            assertArrayEquals(values, Tensors.toBooleanArray(t));
            assertArrayEquals(values, (boolean[]) Tensors.toArray(Tensors.of(a, DType.BOOL, values)));
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i] ? 1 : 0, t.getByte(i));
                assertEquals(values[i], t.getObject(i));
            }
        });
    }

    @Property(tries = 200)
    void ints(@ForAll @Size(max = 300) int[] values) {
        withEachAllocator(a -> {
            Tensor t = Tensors.ofInts(a, values);
            assertArrayEquals(values, Tensors.toIntArray(t));
            assertArrayEquals(values, (int[]) Tensors.toArray(Tensors.of(a, DType.INT32, values)));
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i], t.getObject(i));
            }
        });
    }

    @Property(tries = 200)
    void longs(@ForAll @Size(max = 300) long[] values) {
        withEachAllocator(a -> {
            Tensor t = Tensors.ofLongs(a, values);
            assertArrayEquals(values, Tensors.toLongArray(t));
            assertArrayEquals(values, (long[]) Tensors.toArray(Tensors.of(a, DType.INT64, values)));
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i], t.getObject(i));
            }
        });
    }

    @Property(tries = 200)
    void floats(@ForAll @Size(max = 300) int[] bits) {
        float[] values = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            values[i] = Float.intBitsToFloat(bits[i]);
        }
        withEachAllocator(a -> {
            Tensor t = Tensors.ofFloats(a, values);
            assertArrayEquals(bits, rawBits(Tensors.toFloatArray(t)));
            assertArrayEquals(bits, rawBits((float[]) Tensors.toArray(Tensors.of(a, DType.FLOAT, values))));
            for (int i = 0; i < values.length; i++) {
                assertEquals(bits[i], Float.floatToRawIntBits(t.getFloat(i)));
            }
        });
    }

    @Property(tries = 200)
    void doubles(@ForAll @Size(max = 300) long[] bits) {
        double[] values = new double[bits.length];
        for (int i = 0; i < bits.length; i++) {
            values[i] = Double.longBitsToDouble(bits[i]);
        }
        withEachAllocator(a -> {
            Tensor t = Tensors.ofDoubles(a, values);
            assertArrayEquals(bits, rawBits(Tensors.toDoubleArray(t)));
            assertArrayEquals(bits, rawBits((double[]) Tensors.toArray(Tensors.of(a, DType.DOUBLE, values))));
            for (int i = 0; i < values.length; i++) {
                assertEquals(bits[i], Double.doubleToRawLongBits(t.getDouble(i)));
            }
        });
    }

    @Property(tries = 200)
    void strings(@ForAll("unicodeStrings") List<String> list) {
        String[] values = list.toArray(String[]::new);
        withEachAllocator(a -> {
            Tensor t = Tensors.ofStrings(a, values);
            assertEquals(DType.STRING, t.dtype());
            assertArrayEquals(values, Tensors.toStringArray(t));
            assertArrayEquals(values, (String[]) Tensors.toArray(Tensors.of(a, DType.STRING, values)));
            long bytes = 0;
            for (int i = 0; i < values.length; i++) {
                assertEquals(bytes, t.stringOffset(i));
                bytes += values[i].getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                assertEquals(values[i], t.getObject(i));
            }
            assertEquals(bytes, t.stringOffset(values.length));
            assertEquals(bytes, t.elementBytes());
        });
    }

    /**
     * Up to 100 strings of any Unicode scalar values, surrogates excluded: those are not
     * characters, and UTF-8 cannot hold them.
     */
    @Provide
    Arbitrary<List<String>> unicodeStrings() {
        return Arbitraries.integers().between(0, 0x10ffff)
                .filter(cp -> cp < 0xd800 || cp > 0xdfff)
                .list().ofMaxSize(8)
                .map(cps -> {
                    StringBuilder sb = new StringBuilder();
                    cps.forEach(sb::appendCodePoint);
                    return sb.toString();
                })
                .list().ofMaxSize(100);
    }

    private static int[] rawBits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }

    private static long[] rawBits(double[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Double.doubleToRawLongBits(values[i]);
        }
        return out;
    }
}
