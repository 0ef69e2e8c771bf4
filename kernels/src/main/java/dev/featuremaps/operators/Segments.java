package dev.featuremaps.operators;

import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorAllocator;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Scratch building blocks an operator keeps in its {@link Plan}: arrays of input segments and
 * native tables that are made once and refilled on later calls, so that a plan reused for calls
 * of one shape allocates nothing.
 */
final class Segments {
    static final MemorySegment[] NONE = new MemorySegment[0];

    private Segments() {
    }

    /** @return {@code a} if it has {@code n} elements, else a new array of {@code n} */
    static MemorySegment[] sized(MemorySegment[] a, int n) {
        return a.length == n ? a : new MemorySegment[n];
    }

    /**
     * The data segments of {@code in[first + stride * i]} for {@code i < n}, in {@code dst} when
     * it has room for exactly {@code n}.
     */
    static MemorySegment[] inputs(MemorySegment[] dst, Tensor[] in, int first, int stride, int n) {
        MemorySegment[] a = sized(dst, n);
        for (int i = 0; i < n; i++) {
            a[i] = in[first + stride * i].data();
        }
        return a;
    }

    /**
     * @return {@code s} if it holds {@code bytes}, else a new aligned segment of that size. An
     *     automatic arena: a plan has no close(), and the GC frees outgrown scratch.
     */
    static MemorySegment atLeast(MemorySegment s, long bytes) {
        return s.byteSize() >= bytes ? s : Arena.ofAuto().allocate(bytes, TensorAllocator.ALIGNMENT_BYTES);
    }

    /**
     * One int64 table of {@code B + 1} entries per input, in one native block: the offsets along
     * which the runs kernels copy. The views are cut again only when the count or the batch
     * changes.
     */
    static final class Tables {
        private MemorySegment block = MemorySegment.NULL;
        private MemorySegment[] tables = NONE;
        private long batch = -1;

        /** Makes {@code count} tables for a batch of {@code b} examples (at plan time). */
        void reserve(int count, long b) {
            long stride = ((b + 1) * Long.BYTES + TensorAllocator.ALIGNMENT_BYTES - 1)
                    & -TensorAllocator.ALIGNMENT_BYTES;
            MemorySegment before = block;
            block = atLeast(block, stride * count);
            if (block != before || tables.length != count || batch != b) {
                tables = sized(tables, count);
                for (int j = 0; j < count; j++) {
                    tables[j] = block.asSlice(j * stride, (b + 1) * Long.BYTES);
                }
                batch = b;
            }
        }

        /** @return the tables of the last {@link #reserve} */
        MemorySegment[] get() {
            return tables;
        }
    }

    /**
     * The scratch of the gradients that copy runs back: each output's offsets, and the output
     * segments handed to the kernels.
     */
    static final class RunOutputs {
        final Tables bounds = new Tables();
        MemorySegment[] outputs = NONE;

        static RunOutputs of(Plan plan) {
            return plan.scratch(RunOutputs.class, RunOutputs::new);
        }
    }
}
