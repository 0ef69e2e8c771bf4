package dev.featuremaps.benchmarks;

import dev.featuremaps.operators.OperatorArguments;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The inputs of one operation on one workload, generated from a fixed seed: values float32, keys
 * and feature ids int64, lengths and presence as WORKLOADS.md draws them.
 *
 * <p>Lengths are drawn for absent examples too; SEMANTICS.md says they are ignored, and a
 * non-zero length there catches code that reads them.
 *
 * <p>The key-major operators take one multi-feature input of the workload's shape whose feature
 * ids are drawn from a pool of {@value #KEY_POOL}, as a model's features repeat across examples;
 * the {@code keys} argument is {@value #KEYS_KEPT} of them in an order of their own, so a quarter
 * of the entries are dropped. The padded-dense operators pad runs of an example's feature count
 * (uniform in [0, 2K], as multi {@code lengths}) to {@code max_length} = 2L, so that some rows are
 * cut and some padded; {@code PaddedDenseToJagged} takes lengths uniform in [0, 2L] of such rows.
 */
public final class OperatorCase {
    /** The seed every benchmark's data comes from. */
    public static final long SEED = 0x5EED_F00D_2025L;
    /** Distinct feature ids the key-major inputs draw from. */
    public static final int KEY_POOL = 32;
    /** Of them, the ids the key-major {@code keys} argument keeps. */
    public static final int KEYS_KEPT = 24;

    private final Operation operation;
    private final Workload workload;
    private final Tensor[] inputs;
    private final long[] featureIds;
    private final OperatorArguments arguments;

    private OperatorCase(Operation operation, Workload workload, Tensor[] inputs, long[] featureIds,
                         OperatorArguments arguments) {
        this.operation = operation;
        this.workload = workload;
        this.inputs = inputs;
        this.featureIds = featureIds;
        this.arguments = arguments;
    }

    /** @return what is computed */
    public Operation operation() {
        return operation;
    }

    /** @return the shape the inputs were drawn with */
    public Workload workload() {
        return workload;
    }

    /** @return the inputs in Caffe2's order; callers must not modify them */
    public Tensor[] inputs() {
        return inputs;
    }

    /** @return one id per single input or dense column, or {@code null} where the operator takes none */
    public long[] featureIds() {
        return featureIds;
    }

    /**
     * @return the call's arguments: the feature ids (as {@link #featureIds}), the key-major
     *     {@code keys}, or {@code max_length} and {@code padding_value}
     */
    public OperatorArguments arguments() {
        return arguments;
    }

    /**
     * The {@code max_length} the padded-dense operators use on a workload.
     *
     * @param w the workload
     * @return 2L, at least 1
     */
    public static long maxLength(Workload w) {
        return Math.max(1, 2L * w.runLength());
    }

    /** @return the bytes of every input tensor, all of which the operation reads */
    public long inputBytes() {
        return bytes(inputs);
    }

    /**
     * @param tensors fixed-width tensors
     * @return the total of their element bytes
     */
    public static long bytes(Tensor[] tensors) {
        long sum = 0;
        for (Tensor t : tensors) {
            sum += t.count() * t.dtype().byteSize();
        }
        return sum;
    }

    /**
     * Generates the inputs from {@link #SEED}.
     *
     * @param operation what the inputs are for
     * @param workload their shape
     * @param allocator where the tensors live
     * @return the case
     */
    public static OperatorCase generate(Operation operation, Workload workload, TensorAllocator allocator) {
        return generate(operation, workload, SEED, allocator);
    }

    /**
     * Generates the inputs from a given seed.
     *
     * @param operation what the inputs are for
     * @param workload their shape
     * @param seed the generator's seed
     * @param allocator where the tensors live
     * @return the case
     */
    public static OperatorCase generate(Operation operation, Workload workload, long seed,
                                        TensorAllocator allocator) {
        return new Generator(workload, new SplitMix64(seed), allocator).generate(operation);
    }

    private static final class Generator {
        private final Workload w;
        private final SplitMix64 rng;
        private final TensorAllocator alloc;
        private final int b;

        Generator(Workload w, SplitMix64 rng, TensorAllocator alloc) {
            this.w = w;
            this.rng = rng;
            this.alloc = alloc;
            this.b = w.batch();
        }

        OperatorCase generate(Operation op) {
            List<Tensor> in = new ArrayList<>();
            long[] ids = null;
            OperatorArguments args = null;
            long maxLength = maxLength(w);
            int n = w.singleInputs();
            int m = w.multiInputs();
            int runBound = 2 * w.runLength() + 1;
            int featureBound = 2 * w.featuresPerExample() + 1;
            switch (op) {
                case SINGLE_SCALAR -> {
                    ids = ids(n);
                    for (int i = 0; i < n; i++) {
                        in.add(floats(b));
                        in.add(presence(b));
                    }
                }
                case SINGLE_SCALAR_GRADIENT -> {
                    long present = 0;
                    for (int i = 0; i < n; i++) {
                        Tensor p = presence(b);
                        present += countPresent(p);
                        in.add(p);
                    }
                    in.add(floats(present));
                }
                case SINGLE_LIST, SINGLE_MAP -> {
                    ids = ids(n);
                    for (int i = 0; i < n; i++) {
                        Tensor lengths = lengths(b, runBound);
                        Tensor presence = presence(b);
                        long run = sumPresent(lengths, presence);
                        in.add(lengths);
                        if (op == Operation.SINGLE_MAP) {
                            in.add(longs(run));
                        }
                        in.add(floats(run));
                        in.add(presence);
                    }
                }
                case SINGLE_LIST_OR_MAP_GRADIENT -> {
                    long total = 0;
                    for (int i = 0; i < n; i++) {
                        Tensor lengths = lengths(b, runBound);
                        Tensor presence = presence(b);
                        total += sumPresent(lengths, presence);
                        in.add(lengths);
                        in.add(presence);
                    }
                    in.add(floats(total));
                }
                case MULTI_SCALAR -> {
                    for (int j = 0; j < m; j++) {
                        Tensor lengths = lengths(b, featureBound);
                        long f = sum(lengths);
                        in.add(lengths);
                        in.add(longs(f));
                        in.add(floats(f));
                    }
                }
                case MULTI_SCALAR_GRADIENT -> {
                    long total = 0;
                    for (int j = 0; j < m; j++) {
                        Tensor lengths = lengths(b, featureBound);
                        total += sum(lengths);
                        in.add(lengths);
                    }
                    in.add(floats(total));
                }
                case MULTI_LIST, MULTI_MAP -> {
                    for (int j = 0; j < m; j++) {
                        Tensor lengths = lengths(b, featureBound);
                        long f = sum(lengths);
                        Tensor valuesLengths = lengths(f, runBound);
                        long v = sum(valuesLengths);
                        in.add(lengths);
                        in.add(longs(f));
                        in.add(valuesLengths);
                        if (op == Operation.MULTI_MAP) {
                            in.add(longs(v));
                        }
                        in.add(floats(v));
                    }
                }
                case MULTI_LIST_OR_MAP_GRADIENT -> {
                    long total = 0;
                    for (int j = 0; j < m; j++) {
                        Tensor lengths = lengths(b, featureBound);
                        Tensor valuesLengths = lengths(sum(lengths), runBound);
                        total += sum(valuesLengths);
                        in.add(lengths);
                        in.add(valuesLengths);
                    }
                    in.add(floats(total));
                }
                case DENSE -> {
                    ids = ids(n);
                    Tensor dense = Tensor.allocate(alloc, DType.FLOAT, b, n);
                    Tensor presence = Tensor.allocate(alloc, DType.BOOL, b, n);
                    for (long k = 0, cells = (long) b * n; k < cells; k++) {
                        dense.setFloat(k, rng.nextFloat());
                        presence.setBoolean(k, rng.nextBoolean(w.presence()));
                    }
                    in.add(dense);
                    in.add(presence);
                }
                case KEY_MAJOR_SCALAR, KEY_MAJOR_LIST, KEY_MAJOR_MAP, KEY_MAJOR_SCALAR_GRADIENT,
                     KEY_MAJOR_LIST_OR_MAP_GRADIENT -> {
                    long[] pool = ids(KEY_POOL);
                    long[] keys = kept(pool);
                    args = OperatorArguments.ids(keys);
                    boolean scalar = op == Operation.KEY_MAJOR_SCALAR || op == Operation.KEY_MAJOR_SCALAR_GRADIENT;
                    boolean gradient = op == Operation.KEY_MAJOR_SCALAR_GRADIENT
                            || op == Operation.KEY_MAJOR_LIST_OR_MAP_GRADIENT;
                    Tensor lengths = lengths(b, featureBound);
                    long f = sum(lengths);
                    Tensor entryKeys = Tensor.allocate(alloc, DType.INT64, f);
                    for (long e = 0; e < f; e++) {
                        entryKeys.setLong(e, pool[rng.nextInt(KEY_POOL)]);
                    }
                    in.add(lengths);
                    in.add(entryKeys);
                    Tensor valuesLengths = scalar ? null : lengths(f, runBound);
                    if (!scalar) {
                        in.add(valuesLengths);
                    }
                    if (gradient) {
                        in.add(floats(keptValues(entryKeys, valuesLengths, keys)));
                    } else {
                        long v = scalar ? f : sum(valuesLengths);
                        if (op == Operation.KEY_MAJOR_MAP) {
                            in.add(longs(v));
                        }
                        in.add(floats(v));
                    }
                }
                case JAGGED_TO_PADDED_DENSE -> {
                    args = OperatorArguments.padding(maxLength, 0);
                    Tensor lengths = lengths(b, featureBound);
                    in.add(lengths);
                    in.add(floats(sum(lengths)));
                }
                case JAGGED_TO_PADDED_DENSE_GRADIENT -> {
                    args = OperatorArguments.padding(maxLength, 0);
                    in.add(lengths(b, featureBound));
                    in.add(floatMatrix(b, maxLength));
                }
                case PADDED_DENSE_TO_JAGGED -> {
                    in.add(floatMatrix(b, maxLength));
                    in.add(lengths(b, Math.toIntExact(maxLength + 1)));
                }
                default -> throw new AssertionError(op);
            }
            if (args == null) {
                args = ids == null ? OperatorArguments.NONE : OperatorArguments.ids(ids);
            }
            return new OperatorCase(op, w, in.toArray(Tensor[]::new), ids, args);
        }

        /** {@link #KEYS_KEPT} ids of the pool in a shuffled order, so output order is not pool order. */
        private long[] kept(long[] pool) {
            long[] shuffled = pool.clone();
            for (int i = shuffled.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                long t = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = t;
            }
            return Arrays.copyOf(shuffled, KEYS_KEPT);
        }

        /** Values of the entries whose id is one of {@code keys}: the size of the key-major values. */
        private static long keptValues(Tensor entryKeys, Tensor valuesLengths, long[] keys) {
            long v = 0;
            for (long e = 0; e < entryKeys.count(); e++) {
                long id = entryKeys.getLong(e);
                for (long k : keys) {
                    if (k == id) {
                        v += valuesLengths == null ? 1 : valuesLengths.getInt(e);
                        break;
                    }
                }
            }
            return v;
        }

        private Tensor floatMatrix(long rows, long columns) {
            Tensor t = Tensor.allocate(alloc, DType.FLOAT, rows, columns);
            for (long e = 0, cells = rows * columns; e < cells; e++) {
                t.setFloat(e, rng.nextFloat());
            }
            return t;
        }

        private long[] ids(int n) {
            long[] ids = new long[n];
            for (int i = 0; i < n; i++) {
                ids[i] = rng.nextLong();
            }
            return ids;
        }

        private Tensor presence(long count) {
            Tensor t = Tensor.allocate(alloc, DType.BOOL, count);
            for (long e = 0; e < count; e++) {
                t.setBoolean(e, rng.nextBoolean(w.presence()));
            }
            return t;
        }

        /** Lengths uniform in {@code [0, bound)}. */
        private Tensor lengths(long count, int bound) {
            Tensor t = Tensor.allocate(alloc, DType.INT32, count);
            for (long e = 0; e < count; e++) {
                t.setInt(e, rng.nextInt(bound));
            }
            return t;
        }

        private Tensor floats(long count) {
            Tensor t = Tensor.allocate(alloc, DType.FLOAT, count);
            for (long e = 0; e < count; e++) {
                t.setFloat(e, rng.nextFloat());
            }
            return t;
        }

        private Tensor longs(long count) {
            Tensor t = Tensor.allocate(alloc, DType.INT64, count);
            for (long e = 0; e < count; e++) {
                t.setLong(e, rng.nextLong());
            }
            return t;
        }

        private static long countPresent(Tensor presence) {
            long c = 0;
            for (long e = 0; e < presence.count(); e++) {
                c += presence.getBoolean(e) ? 1 : 0;
            }
            return c;
        }

        private static long sum(Tensor lengths) {
            long s = 0;
            for (long e = 0; e < lengths.count(); e++) {
                s += lengths.getInt(e);
            }
            return s;
        }

        private static long sumPresent(Tensor lengths, Tensor presence) {
            long s = 0;
            for (long e = 0; e < lengths.count(); e++) {
                s += presence.getBoolean(e) ? lengths.getInt(e) : 0;
            }
            return s;
        }
    }
}
