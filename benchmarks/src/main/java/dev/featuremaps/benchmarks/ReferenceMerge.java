package dev.featuremaps.benchmarks;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.featuremaps.operators.OperatorArguments;
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
 *
 * <p>The key-major and padded-dense operators have no Caffe2 algorithm; their references are the
 * loops a user would write after SEMANTICS.md in the same style. Key-major groups by (key,
 * example), which depends on the data, so its {@code run} counts the groups and then places each
 * kept run at its group's cursor, as Caffe2's merges place runs at an input's cursor.
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
        return of(c.operation(), c.inputs(), c.arguments());
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
        return of(operation, in, OperatorArguments.ids(ids));
    }

    /**
     * The reference for one operation on given inputs and arguments.
     *
     * @param operation what to compute
     * @param in the inputs in the operation's order, already valid for it
     * @param arguments the feature ids, the key-major {@code keys}, or {@code max_length} and
     *     {@code padding_value}, where the operation takes them
     * @return a reference bound to the inputs
     * @throws IllegalArgumentException if values are not float32 or keys not int64
     */
    public static ReferenceMerge of(Operation operation, Tensor[] in, OperatorArguments arguments) {
        long[] ids = arguments.ids();
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
            case KEY_MAJOR_SCALAR -> new KeyMajor(in, ids, 0);
            case KEY_MAJOR_LIST -> new KeyMajor(in, ids, 1);
            case KEY_MAJOR_MAP -> new KeyMajor(in, ids, 2);
            case KEY_MAJOR_SCALAR_GRADIENT -> new KeyMajorGradient(in, ids, false);
            case KEY_MAJOR_LIST_OR_MAP_GRADIENT -> new KeyMajorGradient(in, ids, true);
            case JAGGED_TO_PADDED_DENSE -> new PaddedDense(in, arguments.maxLength(), (float) arguments.paddingValue());
            case JAGGED_TO_PADDED_DENSE_GRADIENT -> new Unpad(in[0], in[1], true);
            case PADDED_DENSE_TO_JAGGED -> new Unpad(in[1], in[0], false);
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

    /**
     * The position of each key of a key-major {@code keys} argument, found by binary search in a
     * sorted copy: what a user writes without boxing every id into a map lookup.
     */
    static final class KeyPositions {
        private final long[] sorted;
        private final int[] position;

        KeyPositions(long[] keys) {
            if (keys == null) {
                throw new IllegalArgumentException("the key-major reference takes a keys argument");
            }
            this.sorted = keys.clone();
            Arrays.sort(sorted);
            this.position = new int[keys.length];
            for (int k = 0; k < keys.length; k++) {
                position[Arrays.binarySearch(sorted, keys[k])] = k;
            }
        }

        int count() {
            return sorted.length;
        }

        /** @return the position of {@code id} in the keys, or -1 when it is not one */
        int of(long id) {
            int i = Arrays.binarySearch(sorted, id);
            return i < 0 ? -1 : position[i];
        }
    }

    /**
     * The groups of a key-major layout: per input entry its key's position, per (key, example)
     * group its number of values, and from those the cursors where each group's values start.
     */
    static final class Groups {
        private final KeyPositions keys;
        private final MemorySegment lengths;
        private final MemorySegment keyIds;
        private final MemorySegment valuesLengths;
        final long batch;
        final int[] keyOf;
        final long[] cursor;

        Groups(Tensor lengths, Tensor keyIds, Tensor valuesLengths, long[] keys) {
            this.keys = new KeyPositions(keys);
            this.batch = lengths.count();
            this.lengths = column(new Tensor[] {lengths}, 0, 1, 1, DType.INT32)[0];
            this.keyIds = column(new Tensor[] {keyIds}, 0, 1, 1, DType.INT64)[0];
            this.valuesLengths = valuesLengths == null ? null
                    : column(new Tensor[] {valuesLengths}, 0, 1, 1, DType.INT32)[0];
            this.keyOf = new int[Math.toIntExact(keyIds.count())];
            this.cursor = new long[Math.toIntExact(this.keys.count() * batch)];
        }

        int keyCount() {
            return keys.count();
        }

        int run(long entry) {
            return valuesLengths == null ? 1 : valuesLengths.getAtIndex(JAVA_INT, entry);
        }

        int entries(long example) {
            return lengths.getAtIndex(JAVA_INT, example);
        }

        /** Values of the kept entries, the size of the key-major values. */
        long keptValues() {
            long v = 0;
            for (int f = 0; f < keyOf.length; f++) {
                if (keys.of(keyIds.getAtIndex(JAVA_LONG, f)) >= 0) {
                    v += run(f);
                }
            }
            return v;
        }

        /**
         * Finds each entry's key and counts each group's values; writes the counts to {@code
         * outLengths} when given, then turns them into the groups' start offsets.
         */
        void count(MemorySegment outLengths) {
            Arrays.fill(cursor, 0);
            int f = 0;
            for (long e = 0; e < batch; e++) {
                int n = entries(e);
                for (int t = 0; t < n; t++, f++) {
                    int k = keys.of(keyIds.getAtIndex(JAVA_LONG, f));
                    keyOf[f] = k;
                    if (k >= 0) {
                        cursor[(int) (k * batch + e)] += run(f);
                    }
                }
            }
            long start = 0;
            for (int g = 0; g < cursor.length; g++) {
                long c = cursor[g];
                if (outLengths != null) {
                    outLengths.setAtIndex(JAVA_INT, g, (int) c);
                }
                cursor[g] = start;
                start += c;
            }
        }
    }

    /** Multi{Scalar,List,Map}FeatureTensorsToKeyMajor. */
    static final class KeyMajor extends ReferenceMerge {
        /** 0 scalar, 1 list, 2 map. */
        private final int kind;
        private final Groups groups;
        private final MemorySegment valuesKeys;
        private final MemorySegment values;

        KeyMajor(Tensor[] in, long[] keys, int kind) {
            super(in[0].count());
            this.kind = kind;
            this.groups = new Groups(in[0], in[1], kind == 0 ? null : in[2], keys);
            this.valuesKeys = kind == 2 ? column(in, 3, 1, 1, DType.INT64)[0] : null;
            this.values = column(in, in.length - 1, 1, 1, DType.FLOAT)[0];
        }

        @Override
        public Tensor[] allocateOutputs(TensorAllocator a) {
            long groupCount = (long) groups.keyCount() * batch;
            long v = groups.keptValues();
            return kind == 2
                    ? allocate(a, new DType[] {DType.INT32, DType.INT64, DType.FLOAT}, new long[] {groupCount, v, v})
                    : allocate(a, new DType[] {DType.INT32, DType.FLOAT}, new long[] {groupCount, v});
        }

        @Override
        public void run(Tensor[] outputs) {
            groups.count(outputs[0].data());
            MemorySegment outKeys = kind == 2 ? outputs[1].data() : null;
            MemorySegment outValues = outputs[outputs.length - 1].data();
            int[] keyOf = groups.keyOf;
            long[] cursor = groups.cursor;
            int f = 0;
            long from = 0;
            for (long e = 0; e < batch; e++) {
                int n = groups.entries(e);
                for (int t = 0; t < n; t++, f++) {
                    int run = groups.run(f);
                    int k = keyOf[f];
                    if (k >= 0) {
                        int g = (int) (k * batch + e);
                        long to = cursor[g];
                        if (kind == 0) {
                            outValues.setAtIndex(JAVA_FLOAT, to, values.getAtIndex(JAVA_FLOAT, from));
                        } else {
                            if (kind == 2) {
                                MemorySegment.copy(valuesKeys, from * LONG_BYTES, outKeys, to * LONG_BYTES,
                                        run * LONG_BYTES);
                            }
                            MemorySegment.copy(values, from * FLOAT_BYTES, outValues, to * FLOAT_BYTES,
                                    run * FLOAT_BYTES);
                        }
                        cursor[g] = to + run;
                    }
                    from += run;
                }
            }
        }
    }

    /**
     * Multi{Scalar,List}FeatureTensorsToKeyMajorGradient, the list gradient being the same
     * computation as the map gradient: each kept run moves back from its group's cursor in the
     * key-major gradient, each dropped one gets zeros.
     */
    static final class KeyMajorGradient extends ReferenceMerge {
        private final boolean runs;
        private final Groups groups;
        private final MemorySegment grad;
        private final long outputCount;

        KeyMajorGradient(Tensor[] in, long[] keys, boolean runs) {
            super(in[0].count());
            this.runs = runs;
            this.groups = new Groups(in[0], in[1], runs ? in[2] : null, keys);
            this.grad = column(in, in.length - 1, 1, 1, DType.FLOAT)[0];
            this.outputCount = runs ? sum(in[2].data(), in[2].count()) : in[1].count();
        }

        @Override
        public Tensor[] allocateOutputs(TensorAllocator a) {
            return allocate(a, new DType[] {DType.FLOAT}, new long[] {outputCount});
        }

        @Override
        public void run(Tensor[] outputs) {
            groups.count(null);
            MemorySegment out = outputs[0].data();
            int[] keyOf = groups.keyOf;
            long[] cursor = groups.cursor;
            int f = 0;
            long to = 0;
            for (long e = 0; e < batch; e++) {
                int n = groups.entries(e);
                for (int t = 0; t < n; t++, f++) {
                    int run = groups.run(f);
                    int k = keyOf[f];
                    if (k >= 0) {
                        int g = (int) (k * batch + e);
                        long from = cursor[g];
                        if (runs) {
                            MemorySegment.copy(grad, from * FLOAT_BYTES, out, to * FLOAT_BYTES, run * FLOAT_BYTES);
                        } else {
                            out.setAtIndex(JAVA_FLOAT, to, grad.getAtIndex(JAVA_FLOAT, from));
                        }
                        cursor[g] = from + run;
                    } else {
                        for (int i = 0; i < run; i++) {
                            out.setAtIndex(JAVA_FLOAT, to + i, 0f);
                        }
                    }
                    to += run;
                }
            }
        }
    }

    /** JaggedToPaddedDense: each run copied into its row, the rest of the row padded. */
    static final class PaddedDense extends ReferenceMerge {
        private final MemorySegment lengths;
        private final MemorySegment values;
        private final long maxLength;
        private final float padding;

        PaddedDense(Tensor[] in, long maxLength, float padding) {
            super(in[0].count());
            if (maxLength < 1) {
                throw new IllegalArgumentException("the padded-dense reference takes max_length >= 1, not " + maxLength);
            }
            this.lengths = column(in, 0, 1, 1, DType.INT32)[0];
            this.values = column(in, 1, 1, 1, DType.FLOAT)[0];
            this.maxLength = maxLength;
            this.padding = padding;
        }

        @Override
        public Tensor[] allocateOutputs(TensorAllocator a) {
            return new Tensor[] {Tensor.allocate(a, DType.FLOAT, batch, maxLength)};
        }

        @Override
        public void run(Tensor[] outputs) {
            MemorySegment dense = outputs[0].data();
            long from = 0;
            for (long e = 0; e < batch; e++) {
                int length = lengths.getAtIndex(JAVA_INT, e);
                long kept = Math.min(length, maxLength);
                long row = e * maxLength;
                MemorySegment.copy(values, from * FLOAT_BYTES, dense, row * FLOAT_BYTES, kept * FLOAT_BYTES);
                for (long c = kept; c < maxLength; c++) {
                    dense.setAtIndex(JAVA_FLOAT, row + c, padding);
                }
                from += length;
            }
        }
    }

    /**
     * PaddedDenseToJagged and JaggedToPaddedDenseGradient: the first cells of each row copied out,
     * then (the gradient's case) zeros for the values a row cut off.
     */
    static final class Unpad extends ReferenceMerge {
        private final boolean gradient;
        private final MemorySegment lengths;
        private final MemorySegment dense;
        private final long columns;
        private final long values;

        Unpad(Tensor lengths, Tensor dense, boolean gradient) {
            super(lengths.count());
            this.gradient = gradient;
            this.lengths = column(new Tensor[] {lengths}, 0, 1, 1, DType.INT32)[0];
            this.dense = column(new Tensor[] {dense}, 0, 1, 1, DType.FLOAT)[0];
            this.columns = dense.dim(1);
            this.values = sum(this.lengths, batch);
        }

        @Override
        public Tensor[] allocateOutputs(TensorAllocator a) {
            return allocate(a, new DType[] {DType.FLOAT}, new long[] {values});
        }

        @Override
        public void run(Tensor[] outputs) {
            MemorySegment out = outputs[0].data();
            long to = 0;
            for (long e = 0; e < batch; e++) {
                int length = lengths.getAtIndex(JAVA_INT, e);
                long kept = gradient ? Math.min(length, columns) : length;
                MemorySegment.copy(dense, e * columns * FLOAT_BYTES, out, to * FLOAT_BYTES, kept * FLOAT_BYTES);
                for (long c = kept; c < length; c++) {
                    out.setAtIndex(JAVA_FLOAT, to + c, 0f);
                }
                to += length;
            }
        }
    }
}
