package dev.featuremaps.benchmarks;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorAllocator;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The baseline: Caffe2's feature-map algorithms as a Java user would write them over the same
 * off-heap tensors, independent of the library. Loops are example-major (each example, then each
 * input in order); element writes where Caffe2 assigns elements, one {@link MemorySegment#copy}
 * where Caffe2 copies a run ({@code CopyItemsSameDevice}); a read cursor per input.
 *
 * <p>Values are float32 and keys int64, the benchmark workloads' types. As in the library, the
 * sizing pass is separate ({@link #allocateOutputs}) so that {@link #run} is the write pass alone,
 * and the cursor tables are allocated once, so {@code run} allocates nothing.
 */
public abstract sealed class ReferenceMerge {
    private static final long FLOAT_BYTES = Float.BYTES;
    private static final long LONG_BYTES = Long.BYTES;

    final long batch;

    ReferenceMerge(long batch) {
        this.batch = batch;
    }

    /**
     * The reference for one operation.
     *
     * @param c the operation and its inputs
     * @return a reference bound to the inputs
     * @throws IllegalArgumentException if values are not float32 or keys not int64
     */
    public static ReferenceMerge of(OperatorCase c) {
        return of(c.operation(), c.inputs(), c.featureIds());
    }

    /**
     * The reference for one operation on given inputs.
     *
     * @param operation what to compute
     * @param in the inputs in Caffe2's order, already valid for the operation
     * @param ids one id per single input or dense column, where the operation takes them
     * @return a reference bound to the inputs
     * @throws IllegalArgumentException if values are not float32 or keys not int64
     */
    public static ReferenceMerge of(Operation operation, Tensor[] in, long[] ids) {
        return switch (operation) {
            case SINGLE_SCALAR -> new SingleScalar(in, ids);
            case SINGLE_SCALAR_GRADIENT -> new SingleScalarGradient(in);
            case SINGLE_LIST -> new SingleRuns(in, ids, false);
            case SINGLE_MAP -> new SingleRuns(in, ids, true);
            case SINGLE_LIST_OR_MAP_GRADIENT -> new SingleRunsGradient(in);
            case MULTI_SCALAR -> new MultiScalar(in);
            case MULTI_SCALAR_GRADIENT -> new MultiScalarGradient(in);
            case MULTI_LIST -> new MultiRuns(in, false);
            case MULTI_MAP -> new MultiRuns(in, true);
            case MULTI_LIST_OR_MAP_GRADIENT -> new MultiRunsGradient(in);
            case DENSE -> new Dense(in, ids);
        };
    }

    /**
     * Sizes and allocates the outputs (Caffe2's first pass).
     *
     * @param allocator where the outputs live
     * @return the outputs in Caffe2's order
     */
    public abstract Tensor[] allocateOutputs(TensorAllocator allocator);

    /**
     * Writes the outputs (Caffe2's second pass).
     *
     * @param outputs tensors from {@link #allocateOutputs}
     */
    public abstract void run(Tensor[] outputs);

    static MemorySegment[] column(Tensor[] in, int first, int stride, int count, DType expected) {
        MemorySegment[] s = new MemorySegment[count];
        for (int i = 0; i < count; i++) {
            Tensor t = in[first + stride * i];
            if (expected != null && t.dtype() != expected) {
                throw new IllegalArgumentException("input " + (first + stride * i) + " is " + t.dtype()
                        + ", the reference takes " + expected);
            }
            s[i] = t.data();
        }
        return s;
    }

    static long count(MemorySegment presence, long n) {
        long c = 0;
        for (long e = 0; e < n; e++) {
            c += presence.get(JAVA_BYTE, e);
        }
        return c;
    }

    static long sumPresent(MemorySegment lengths, MemorySegment presence, long n) {
        long s = 0;
        for (long e = 0; e < n; e++) {
            if (presence.get(JAVA_BYTE, e) != 0) {
                s += lengths.getAtIndex(JAVA_INT, e);
            }
        }
        return s;
    }

    static long sum(MemorySegment lengths, long n) {
        long s = 0;
        for (long e = 0; e < n; e++) {
            s += lengths.getAtIndex(JAVA_INT, e);
        }
        return s;
    }

    static Tensor[] allocate(TensorAllocator a, DType[] types, long[] counts) {
        Tensor[] out = new Tensor[types.length];
        for (int o = 0; o < out.length; o++) {
            out[o] = Tensor.allocate(a, types[o], counts[o]);
        }
        return out;
    }

    /** MergeSingleScalarFeatureTensors. */
    static final class SingleScalar extends ReferenceMerge {
        private final MemorySegment[] values;
        private final MemorySegment[] presence;
        private final long[] ids;

        SingleScalar(Tensor[] in, long[] ids) {
            super(in[1].count());
            int n = in.length / 2;
            this.values = column(in, 0, 2, n, DType.FLOAT);
            this.presence = column(in, 1, 2, n, DType.BOOL);
            this.ids = ids.clone();
        }

        @Override
        public Tensor[] allocateOutputs(TensorAllocator a) {
            long total = 0;
            for (MemorySegment p : presence) {
                total += count(p, batch);
            }
            return allocate(a, new DType[] {DType.INT32, DType.INT64, DType.FLOAT},
                    new long[] {batch, total, total});
        }

        @Override
        public void run(Tensor[] outputs) {
            MemorySegment outLengths = outputs[0].data();
            MemorySegment outKeys = outputs[1].data();
            MemorySegment outValues = outputs[2].data();
            int n = values.length;
            long k = 0;
            for (long e = 0; e < batch; e++) {
                int length = 0;
                for (int i = 0; i < n; i++) {
                    if (presence[i].get(JAVA_BYTE, e) != 0) {
                        outKeys.setAtIndex(JAVA_LONG, k, ids[i]);
                        outValues.setAtIndex(JAVA_FLOAT, k, values[i].getAtIndex(JAVA_FLOAT, e));
                        k++;
                        length++;
                    }
                }
                outLengths.setAtIndex(JAVA_INT, e, length);
            }
        }
    }

    /** MergeSingleScalarFeatureTensorsGradient. */
    static final class SingleScalarGradient extends ReferenceMerge {
        private final MemorySegment[] presence;
        private final MemorySegment grad;

        SingleScalarGradient(Tensor[] in) {
            super(in[0].count());
            int n = in.length - 1;
            this.presence = column(in, 0, 1, n, DType.BOOL);
            this.grad = column(in, n, 1, 1, DType.FLOAT)[0];
        }

        @Override
        public Tensor[] allocateOutputs(TensorAllocator a) {
            DType[] types = new DType[presence.length];
            long[] counts = new long[presence.length];
            Arrays.fill(types, DType.FLOAT);
            Arrays.fill(counts, batch);
            return allocate(a, types, counts);
        }

        @Override
        public void run(Tensor[] outputs) {
            int n = presence.length;
            long k = 0;
            for (long e = 0; e < batch; e++) {
                for (int i = 0; i < n; i++) {
                    MemorySegment out = outputs[i].data();
                    if (presence[i].get(JAVA_BYTE, e) != 0) {
                        out.setAtIndex(JAVA_FLOAT, e, grad.getAtIndex(JAVA_FLOAT, k));
                        k++;
                    } else {
                        out.setAtIndex(JAVA_FLOAT, e, 0f);
                    }
                }
            }
        }
    }

    /** MergeSingleListFeatureTensors and MergeSingleMapFeatureTensors. */
    static final class SingleRuns extends ReferenceMerge {
        private final boolean map;
        private final MemorySegment[] lengths;
        private final MemorySegment[] keys;
        private final MemorySegment[] values;
        private final MemorySegment[] presence;
        private final long[] ids;
        private final long[] inOffset;

        SingleRuns(Tensor[] in, long[] ids, boolean map) {
            super(in[0].count());
            int stride = map ? 4 : 3;
            int n = in.length / stride;
            this.map = map;
            this.lengths = column(in, 0, stride, n, DType.INT32);
            this.keys = map ? column(in, 1, stride, n, DType.INT64) : null;
            this.values = column(in, stride - 2, stride, n, DType.FLOAT);
            this.presence = column(in, stride - 1, stride, n, DType.BOOL);
            this.ids = ids.clone();
            this.inOffset = new long[n];
        }

        @Override
        public Tensor[] allocateOutputs(TensorAllocator a) {
            long features = 0;
            long values = 0;
            for (int i = 0; i < presence.length; i++) {
                features += count(presence[i], batch);
                values += sumPresent(lengths[i], presence[i], batch);
            }
            return map
                    ? allocate(a, new DType[] {DType.INT32, DType.INT64, DType.INT32, DType.INT64, DType.FLOAT},
                            new long[] {batch, features, features, values, values})
                    : allocate(a, new DType[] {DType.INT32, DType.INT64, DType.INT32, DType.FLOAT},
                            new long[] {batch, features, features, values});
        }

        @Override
        public void run(Tensor[] outputs) {
            MemorySegment outLengths = outputs[0].data();
            MemorySegment outKeys = outputs[1].data();
            MemorySegment outValuesLengths = outputs[2].data();
            MemorySegment outValuesKeys = map ? outputs[3].data() : null;
            MemorySegment outValues = outputs[map ? 4 : 3].data();
            int n = lengths.length;
            Arrays.fill(inOffset, 0);
            long k = 0;
            long valuesOffset = 0;
            for (long e = 0; e < batch; e++) {
                int length = 0;
                for (int i = 0; i < n; i++) {
                    if (presence[i].get(JAVA_BYTE, e) != 0) {
                        int run = lengths[i].getAtIndex(JAVA_INT, e);
                        outKeys.setAtIndex(JAVA_LONG, k, ids[i]);
                        outValuesLengths.setAtIndex(JAVA_INT, k, run);
                        if (map) {
                            MemorySegment.copy(keys[i], inOffset[i] * LONG_BYTES,
                                    outValuesKeys, valuesOffset * LONG_BYTES, run * LONG_BYTES);
                        }
                        MemorySegment.copy(values[i], inOffset[i] * FLOAT_BYTES,
                                outValues, valuesOffset * FLOAT_BYTES, run * FLOAT_BYTES);
                        valuesOffset += run;
                        inOffset[i] += run;
                        k++;
                        length++;
                    }
                }
                outLengths.setAtIndex(JAVA_INT, e, length);
            }
        }
    }

    /** MergeSingleListFeatureTensorsGradient, the same computation as the map gradient. */
    static final class SingleRunsGradient extends ReferenceMerge {
        private final MemorySegment[] lengths;
        private final MemorySegment[] presence;
        private final MemorySegment grad;
        private final long[] outOffset;

        SingleRunsGradient(Tensor[] in) {
            super(in[0].count());
            int n = (in.length - 1) / 2;
            this.lengths = column(in, 0, 2, n, DType.INT32);
            this.presence = column(in, 1, 2, n, DType.BOOL);
            this.grad = column(in, 2 * n, 1, 1, DType.FLOAT)[0];
            this.outOffset = new long[n];
        }

        @Override
        public Tensor[] allocateOutputs(TensorAllocator a) {
            int n = lengths.length;
            DType[] types = new DType[n];
            long[] counts = new long[n];
            Arrays.fill(types, DType.FLOAT);
            for (int i = 0; i < n; i++) {
                counts[i] = sumPresent(lengths[i], presence[i], batch);
            }
            return allocate(a, types, counts);
        }

        @Override
        public void run(Tensor[] outputs) {
            int n = lengths.length;
            Arrays.fill(outOffset, 0);
            long inOffset = 0;
            for (long e = 0; e < batch; e++) {
                for (int i = 0; i < n; i++) {
                    if (presence[i].get(JAVA_BYTE, e) != 0) {
                        int run = lengths[i].getAtIndex(JAVA_INT, e);
                        MemorySegment.copy(grad, inOffset * FLOAT_BYTES,
                                outputs[i].data(), outOffset[i] * FLOAT_BYTES, run * FLOAT_BYTES);
                        outOffset[i] += run;
                        inOffset += run;
                    }
                }
            }
        }
    }

    /** MergeMultiScalarFeatureTensors. */
    static final class MultiScalar extends ReferenceMerge {
        private final MemorySegment[] lengths;
        private final MemorySegment[] keys;
        private final MemorySegment[] values;
        private final long[] inOffset;

        MultiScalar(Tensor[] in) {
            super(in[0].count());
            int m = in.length / 3;
            this.lengths = column(in, 0, 3, m, DType.INT32);
            this.keys = column(in, 1, 3, m, DType.INT64);
            this.values = column(in, 2, 3, m, DType.FLOAT);
            this.inOffset = new long[m];
        }

        @Override
        public Tensor[] allocateOutputs(TensorAllocator a) {
            long total = 0;
            for (MemorySegment l : lengths) {
                total += sum(l, batch);
            }
            return allocate(a, new DType[] {DType.INT32, DType.INT64, DType.FLOAT},
                    new long[] {batch, total, total});
        }

        @Override
        public void run(Tensor[] outputs) {
            MemorySegment outLengths = outputs[0].data();
            MemorySegment outKeys = outputs[1].data();
            MemorySegment outValues = outputs[2].data();
            int m = lengths.length;
            Arrays.fill(inOffset, 0);
            long k = 0;
            for (long e = 0; e < batch; e++) {
                int length = 0;
                for (int j = 0; j < m; j++) {
                    int features = lengths[j].getAtIndex(JAVA_INT, e);
                    length += features;
                    for (int f = 0; f < features; f++) {
                        long from = inOffset[j];
                        outKeys.setAtIndex(JAVA_LONG, k, keys[j].getAtIndex(JAVA_LONG, from));
                        outValues.setAtIndex(JAVA_FLOAT, k, values[j].getAtIndex(JAVA_FLOAT, from));
                        inOffset[j] = from + 1;
                        k++;
                    }
                }
                outLengths.setAtIndex(JAVA_INT, e, length);
            }
        }
    }

    /** MergeMultiScalarFeatureTensorsGradient. */
    static final class MultiScalarGradient extends ReferenceMerge {
        private final MemorySegment[] lengths;
        private final MemorySegment grad;
        private final long[] outOffset;

        MultiScalarGradient(Tensor[] in) {
            super(in[0].count());
            int m = in.length - 1;
            this.lengths = column(in, 0, 1, m, DType.INT32);
            this.grad = column(in, m, 1, 1, DType.FLOAT)[0];
            this.outOffset = new long[m];
        }

        @Override
        public Tensor[] allocateOutputs(TensorAllocator a) {
            int m = lengths.length;
            DType[] types = new DType[m];
            long[] counts = new long[m];
            Arrays.fill(types, DType.FLOAT);
            for (int j = 0; j < m; j++) {
                counts[j] = sum(lengths[j], batch);
            }
            return allocate(a, types, counts);
        }

        @Override
        public void run(Tensor[] outputs) {
            int m = lengths.length;
            Arrays.fill(outOffset, 0);
            long inOffset = 0;
            for (long e = 0; e < batch; e++) {
                for (int j = 0; j < m; j++) {
                    int run = lengths[j].getAtIndex(JAVA_INT, e);
                    if (run > 0) {
                        MemorySegment.copy(grad, inOffset * FLOAT_BYTES,
                                outputs[j].data(), outOffset[j] * FLOAT_BYTES, run * FLOAT_BYTES);
                        outOffset[j] += run;
                        inOffset += run;
                    }
                }
            }
        }
    }

    /** MergeMultiListFeatureTensors and MergeMultiMapFeatureTensors. */
    static final class MultiRuns extends ReferenceMerge {
        private final boolean map;
        private final MemorySegment[] lengths;
        private final MemorySegment[] keys;
        private final MemorySegment[] valuesLengths;
        private final MemorySegment[] valuesKeys;
        private final MemorySegment[] values;
        private final long[] featureOffset;
        private final long[] valueOffset;

        MultiRuns(Tensor[] in, boolean map) {
            super(in[0].count());
            int stride = map ? 5 : 4;
            int m = in.length / stride;
            this.map = map;
            this.lengths = column(in, 0, stride, m, DType.INT32);
            this.keys = column(in, 1, stride, m, DType.INT64);
            this.valuesLengths = column(in, 2, stride, m, DType.INT32);
            this.valuesKeys = map ? column(in, 3, stride, m, DType.INT64) : null;
            this.values = column(in, stride - 1, stride, m, DType.FLOAT);
            this.featureOffset = new long[m];
            this.valueOffset = new long[m];
        }

        @Override
        public Tensor[] allocateOutputs(TensorAllocator a) {
            long features = 0;
            long total = 0;
            for (int j = 0; j < lengths.length; j++) {
                long f = sum(lengths[j], batch);
                features += f;
                total += sum(valuesLengths[j], f);
            }
            return map
                    ? allocate(a, new DType[] {DType.INT32, DType.INT64, DType.INT32, DType.INT64, DType.FLOAT},
                            new long[] {batch, features, features, total, total})
                    : allocate(a, new DType[] {DType.INT32, DType.INT64, DType.INT32, DType.FLOAT},
                            new long[] {batch, features, features, total});
        }

        @Override
        public void run(Tensor[] outputs) {
            MemorySegment outLengths = outputs[0].data();
            MemorySegment outKeys = outputs[1].data();
            MemorySegment outValuesLengths = outputs[2].data();
            MemorySegment outValuesKeys = map ? outputs[3].data() : null;
            MemorySegment outValues = outputs[map ? 4 : 3].data();
            int m = lengths.length;
            Arrays.fill(featureOffset, 0);
            Arrays.fill(valueOffset, 0);
            long k = 0;
            long outValueOffset = 0;
            for (long e = 0; e < batch; e++) {
                int length = 0;
                for (int j = 0; j < m; j++) {
                    int features = lengths[j].getAtIndex(JAVA_INT, e);
                    length += features;
                    for (int f = 0; f < features; f++) {
                        long feature = featureOffset[j];
                        int run = valuesLengths[j].getAtIndex(JAVA_INT, feature);
                        outKeys.setAtIndex(JAVA_LONG, k, keys[j].getAtIndex(JAVA_LONG, feature));
                        outValuesLengths.setAtIndex(JAVA_INT, k, run);
                        if (map) {
                            MemorySegment.copy(valuesKeys[j], valueOffset[j] * LONG_BYTES,
                                    outValuesKeys, outValueOffset * LONG_BYTES, run * LONG_BYTES);
                        }
                        MemorySegment.copy(values[j], valueOffset[j] * FLOAT_BYTES,
                                outValues, outValueOffset * FLOAT_BYTES, run * FLOAT_BYTES);
                        outValueOffset += run;
                        valueOffset[j] += run;
                        featureOffset[j] = feature + 1;
                        k++;
                    }
                }
                outLengths.setAtIndex(JAVA_INT, e, length);
            }
        }
    }

    /** MergeMultiListFeatureTensorsGradient, the same computation as the map gradient. */
    static final class MultiRunsGradient extends ReferenceMerge {
        private final MemorySegment[] lengths;
        private final MemorySegment[] valuesLengths;
        private final MemorySegment grad;
        private final long[] featureOffset;
        private final long[] outOffset;

        MultiRunsGradient(Tensor[] in) {
            super(in[0].count());
            int m = (in.length - 1) / 2;
            this.lengths = column(in, 0, 2, m, DType.INT32);
            this.valuesLengths = column(in, 1, 2, m, DType.INT32);
            this.grad = column(in, 2 * m, 1, 1, DType.FLOAT)[0];
            this.featureOffset = new long[m];
            this.outOffset = new long[m];
        }

        @Override
        public Tensor[] allocateOutputs(TensorAllocator a) {
            int m = lengths.length;
            DType[] types = new DType[m];
            long[] counts = new long[m];
            Arrays.fill(types, DType.FLOAT);
            for (int j = 0; j < m; j++) {
                counts[j] = sum(valuesLengths[j], sum(lengths[j], batch));
            }
            return allocate(a, types, counts);
        }

        @Override
        public void run(Tensor[] outputs) {
            int m = lengths.length;
            Arrays.fill(featureOffset, 0);
            Arrays.fill(outOffset, 0);
            long inOffset = 0;
            for (long e = 0; e < batch; e++) {
                for (int j = 0; j < m; j++) {
                    int features = lengths[j].getAtIndex(JAVA_INT, e);
                    long first = featureOffset[j];
                    long run = 0;
                    for (int f = 0; f < features; f++) {
                        run += valuesLengths[j].getAtIndex(JAVA_INT, first + f);
                    }
                    if (run > 0) {
                        MemorySegment.copy(grad, inOffset * FLOAT_BYTES,
                                outputs[j].data(), outOffset[j] * FLOAT_BYTES, run * FLOAT_BYTES);
                    }
                    featureOffset[j] = first + features;
                    outOffset[j] += run;
                    inOffset += run;
                }
            }
        }
    }

    /** MergeDenseFeatureTensors. */
    static final class Dense extends ReferenceMerge {
        private final int columns;
        private final MemorySegment dense;
        private final MemorySegment presence;
        private final long[] ids;

        Dense(Tensor[] in, long[] ids) {
            super(in[0].dim(0));
            this.columns = Math.toIntExact(in[0].dim(1));
            this.dense = column(in, 0, 1, 1, DType.FLOAT)[0];
            this.presence = column(in, 1, 1, 1, DType.BOOL)[0];
            this.ids = ids.clone();
        }

        @Override
        public Tensor[] allocateOutputs(TensorAllocator a) {
            long total = count(presence, batch * columns);
            return allocate(a, new DType[] {DType.INT32, DType.INT64, DType.FLOAT},
                    new long[] {batch, total, total});
        }

        @Override
        public void run(Tensor[] outputs) {
            MemorySegment outLengths = outputs[0].data();
            MemorySegment outKeys = outputs[1].data();
            MemorySegment outValues = outputs[2].data();
            long k = 0;
            long cell = 0;
            for (long e = 0; e < batch; e++) {
                int length = 0;
                for (int c = 0; c < columns; c++) {
                    if (presence.get(JAVA_BYTE, cell) != 0) {
                        outKeys.setAtIndex(JAVA_LONG, k, ids[c]);
                        outValues.setAtIndex(JAVA_FLOAT, k, dense.getAtIndex(JAVA_FLOAT, cell));
                        k++;
                        length++;
                    }
                    cell++;
                }
                outLengths.setAtIndex(JAVA_INT, e, length);
            }
        }
    }
}
