package dev.featuremaps.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OperatorCaseTest {
    private final TensorArena arena = TensorArena.confined();

    @AfterEach
    void close() {
        arena.close();
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void theSameSeedGivesTheSameBytes(Operation op) {
        Workload w = new Workload("small", 30, 3, 2, 4, 3, 0.6);
        Tensor[] a = OperatorCase.generate(op, w, 7, arena).inputs();
        Tensor[] b = OperatorCase.generate(op, w, 7, arena).inputs();
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            long bytes = a[i].count() * a[i].dtype().byteSize();
            assertEquals(a[i].count(), b[i].count());
            assertEquals(-1, MemorySegment.mismatch(a[i].data(), 0, bytes, b[i].data(), 0, bytes), "input " + i);
        }
        Tensor[] other = OperatorCase.generate(op, w, 8, arena).inputs();
        boolean differs = false;
        for (int i = 0; i < a.length && !differs; i++) {
            long bytes = Math.min(a[i].count(), other[i].count()) * a[i].dtype().byteSize();
            differs = a[i].count() != other[i].count()
                    || MemorySegment.mismatch(a[i].data(), 0, bytes, other[i].data(), 0, bytes) >= 0;
        }
        assertTrue(differs, "another seed should give other data");
    }

    @Test
    void singleInputsFollowTheWorkloadShape() {
        Workload w = new Workload("shape", 4096, 8, 1, 1, 5, 0.3);
        OperatorCase c = OperatorCase.generate(Operation.SINGLE_LIST, w, arena);
        Tensor[] in = c.inputs();
        assertEquals(3 * 8, in.length);
        assertEquals(8, c.featureIds().length);
        long present = 0;
        long sum = 0;
        int max = 0;
        for (int i = 0; i < 8; i++) {
            Tensor lengths = in[3 * i];
            Tensor presence = in[3 * i + 2];
            assertEquals(DType.INT32, lengths.dtype());
            assertEquals(DType.FLOAT, in[3 * i + 1].dtype());
            assertEquals(DType.BOOL, presence.dtype());
            long run = 0;
            for (long e = 0; e < 4096; e++) {
                int len = lengths.getInt(e);
                assertTrue(len >= 0 && len <= 10, "length " + len);
                max = Math.max(max, len);
                sum += len;
                if (presence.getBoolean(e)) {
                    present++;
                    run += len;
                }
            }
            assertEquals(run, in[3 * i + 1].count(), "values hold the present runs only");
        }
        double cells = 8 * 4096;
        assertEquals(0.3, present / cells, 0.02);
        assertEquals(5.0, sum / cells, 0.1);
        assertEquals(10, max, "lengths reach 2L");
    }

    @Test
    void multiInputsFollowTheWorkloadShape() {
        Workload w = new Workload("shape", 4096, 1, 3, 6, 2, 0.5);
        OperatorCase c = OperatorCase.generate(Operation.MULTI_MAP, w, arena);
        Tensor[] in = c.inputs();
        assertEquals(5 * 3, in.length);
        assertNull(c.featureIds());
        for (int j = 0; j < 3; j++) {
            Tensor lengths = in[5 * j];
            long features = 0;
            for (long e = 0; e < 4096; e++) {
                features += lengths.getInt(e);
            }
            assertEquals(6.0, features / 4096.0, 0.2);
            assertEquals(features, in[5 * j + 1].count());
            assertEquals(DType.INT64, in[5 * j + 1].dtype());
            assertEquals(features, in[5 * j + 2].count());
            long values = 0;
            for (long f = 0; f < features; f++) {
                values += in[5 * j + 2].getInt(f);
            }
            assertEquals(2.0, values / (double) features, 0.1);
            assertEquals(values, in[5 * j + 3].count());
            assertEquals(DType.INT64, in[5 * j + 3].dtype());
            assertEquals(values, in[5 * j + 4].count());
            assertEquals(DType.FLOAT, in[5 * j + 4].dtype());
        }
    }

    @Test
    void denseIsABByNMatrixWithPresence() {
        OperatorCase c = OperatorCase.generate(Operation.DENSE, new Workload("d", 7, 5, 1, 1, 1, 0.5), arena);
        assertEquals(2, c.inputs().length);
        assertEquals(2, c.inputs()[0].rank());
        assertEquals(7, c.inputs()[0].dim(0));
        assertEquals(5, c.inputs()[0].dim(1));
        assertEquals(DType.BOOL, c.inputs()[1].dtype());
        assertEquals(5, c.featureIds().length);
    }

    @Test
    void keyMajorInputsDrawIdsFromAPoolOfWhichTheKeysKeepThreeQuarters() {
        OperatorCase c = OperatorCase.generate(Operation.KEY_MAJOR_MAP, Workload.REQUEST, arena);
        Tensor[] in = c.inputs();
        assertEquals(5, in.length);
        assertNull(c.featureIds());
        long[] keys = c.arguments().ids();
        assertEquals(OperatorCase.KEYS_KEPT, keys.length);
        assertEquals(OperatorCase.KEYS_KEPT, Arrays.stream(keys).distinct().count());
        long entries = 0;
        for (long e = 0; e < 512; e++) {
            entries += in[0].getInt(e);
        }
        assertEquals(entries, in[1].count());
        assertEquals(entries, in[2].count());
        Set<Long> kept = new HashSet<>();
        Arrays.stream(keys).forEach(kept::add);
        Set<Long> pool = new HashSet<>();
        long keptEntries = 0;
        long values = 0;
        for (long f = 0; f < entries; f++) {
            long id = in[1].getLong(f);
            pool.add(id);
            keptEntries += kept.contains(id) ? 1 : 0;
            values += in[2].getInt(f);
        }
        assertEquals(OperatorCase.KEY_POOL, pool.size());
        assertTrue(pool.containsAll(kept));
        assertEquals(0.75, keptEntries / (double) entries, 0.03);
        assertEquals(values, in[3].count());
        assertEquals(values, in[4].count());
        // The keys are not in the order the pool was drawn in, so output order is a real permutation.
        assertNotEquals(Arrays.stream(keys).sorted().boxed().toList(), Arrays.stream(keys).boxed().toList());
    }

    @Test
    void keyMajorGradientsTakeTheKeptValuesOfTheirForward() {
        OperatorCase c = OperatorCase.generate(Operation.KEY_MAJOR_LIST_OR_MAP_GRADIENT, Workload.REQUEST, arena);
        Tensor[] in = c.inputs();
        assertEquals(4, in.length);
        Set<Long> kept = new HashSet<>();
        Arrays.stream(c.arguments().ids()).forEach(kept::add);
        long values = 0;
        for (long f = 0; f < in[1].count(); f++) {
            values += kept.contains(in[1].getLong(f)) ? in[2].getInt(f) : 0;
        }
        assertEquals(values, in[3].count());
        OperatorCase scalar = OperatorCase.generate(Operation.KEY_MAJOR_SCALAR_GRADIENT, Workload.REQUEST, arena);
        long entries = 0;
        for (long f = 0; f < scalar.inputs()[1].count(); f++) {
            entries += kept(scalar).contains(scalar.inputs()[1].getLong(f)) ? 1 : 0;
        }
        assertEquals(3, scalar.inputs().length);
        assertEquals(entries, scalar.inputs()[2].count());
    }

    private static Set<Long> kept(OperatorCase c) {
        Set<Long> kept = new HashSet<>();
        Arrays.stream(c.arguments().ids()).forEach(kept::add);
        return kept;
    }

    @Test
    void paddingCutsSomeRowsAndPadsOthers() {
        OperatorCase c = OperatorCase.generate(Operation.JAGGED_TO_PADDED_DENSE, Workload.REQUEST, arena);
        assertEquals(16, c.arguments().maxLength());
        assertEquals(0.0, c.arguments().paddingValue());
        Tensor lengths = c.inputs()[0];
        int cut = 0;
        int padded = 0;
        long values = 0;
        for (long e = 0; e < 512; e++) {
            int n = lengths.getInt(e);
            cut += n > 16 ? 1 : 0;
            padded += n < 16 ? 1 : 0;
            values += n;
        }
        assertEquals(values, c.inputs()[1].count());
        assertTrue(cut > 512 / 4 && padded > 512 / 4, cut + " rows cut, " + padded + " padded");

        Tensor grad = OperatorCase.generate(Operation.JAGGED_TO_PADDED_DENSE_GRADIENT, Workload.REQUEST, arena)
                .inputs()[1];
        assertEquals(2, grad.rank());
        assertEquals(512, grad.dim(0));
        assertEquals(16, grad.dim(1));
    }

    @Test
    void paddedRowsToUnpadHoldTheirLengths() {
        OperatorCase c = OperatorCase.generate(Operation.PADDED_DENSE_TO_JAGGED, Workload.TRAINING, arena);
        Tensor dense = c.inputs()[0];
        Tensor lengths = c.inputs()[1];
        assertEquals(8192, dense.dim(0));
        assertEquals(16, dense.dim(1));
        int full = 0;
        for (long e = 0; e < 8192; e++) {
            int n = lengths.getInt(e);
            assertTrue(n >= 0 && n <= 16, "length " + n);
            full += n == 16 ? 1 : 0;
        }
        assertTrue(full > 0, "some rows are full");
    }

    @Test
    void namedWorkloadsAreTheDocumentedOnes() {
        assertEquals(new Workload("request", 512, 64, 4, 16, 8, 0.7), Workload.named("request"));
        assertEquals(new Workload("training", 8192, 64, 4, 16, 8, 0.7), Workload.named("training"));
        assertEquals(new Workload("wide", 512, 512, 16, 64, 2, 0.3), Workload.named("wide"));
        assertThrows(IllegalArgumentException.class, () -> Workload.named("huge"));
        assertThrows(IllegalArgumentException.class, () -> new Workload("bad", 1, 1, 1, 1, 1, 1.5));
    }

    @Test
    void splitMixMatchesItsPublishedSequence() {
        // First outputs of SplitMix64 seeded with 0, as in the reference C implementation.
        SplitMix64 r = new SplitMix64(0);
        assertEquals(0xE220A8397B1DCDAFL, r.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, r.nextLong());
        assertEquals(0x06C45D188009454FL, r.nextLong());
        assertNotEquals(new SplitMix64(1).nextLong(), new SplitMix64(2).nextLong());
    }

    @Test
    void boundedDrawsStayInRange() {
        SplitMix64 r = new SplitMix64(3);
        int[] seen = new int[5];
        for (int i = 0; i < 10_000; i++) {
            int v = r.nextInt(5);
            assertTrue(v >= 0 && v < 5, "draw " + v);
            seen[v]++;
            float f = r.nextFloat();
            assertTrue(f >= 0 && f < 1, "float " + f);
        }
        for (int count : seen) {
            assertEquals(2000, count, 200);
        }
    }
}
