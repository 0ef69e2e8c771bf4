package dev.featuremaps.arrow;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.featuremaps.features.KeyMajorFeatures;
import dev.featuremaps.features.MultiListFeatures;
import dev.featuremaps.features.MultiMapFeatures;
import dev.featuremaps.features.MultiScalarFeatures;
import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.kernels.KernelProvider;
import dev.featuremaps.operators.FeatureTensorException;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Merge and gradient outputs as Arrow vectors that share the outputs' memory.
 *
 * <p>The multi-feature outputs of the merges become maps keyed by feature id: {@code
 * map<int64,T>}, {@code map<int64,list<T>>}, {@code map<int64,map<K,V>>}; a gradient (or any
 * flat tensor) becomes a primitive vector. Keys, values and string bytes are shared: each becomes
 * an {@link ArrowBuf} over the tensor's address, accounted by the given allocator. Offsets are
 * the prefix sum of the lengths, written in one pass into int32 buffers of the allocator (the
 * sums are checked to fit first), and the validity bitmaps (nothing is null) are new buffers too. Bool elements are the one conversion of values:
 * Arrow packs bools into bits, so a bool tensor becomes a {@code bit} vector whose data buffer is
 * a new buffer of the allocator, filled by the {@code packBits} kernel.
 *
 * <p>Lifetime: the optional {@code owner} (the {@code TensorArena} the outputs came from, say) is
 * closed when the last shared buffer is released, that is when the exported vectors and whatever
 * Arrow made of them (C Data exports, transfers) are all closed. Without an owner the caller keeps
 * the memory alive as long as the vectors are used: the outputs of {@code FeatureMerge.create()},
 * for instance, are valid until the next call of the same operation.
 *
 * <p>Key-major outputs ({@code …ToKeyMajor}) become a struct of one column per key, each a
 * {@code list<T>} (or {@code map<K,V>}) of B rows: the columns share the values, and their offsets
 * are slices of one table made from all K·B lengths, since Arrow's offsets need not start at 0.
 *
 * <p>String offsets past 2^31 - 1, which Arrow's {@code utf8} cannot address, are refused.
 */
public final class ArrowExport {
    private ArrowExport() {
    }

    /**
     * Multi scalar features (a single or multi scalar merge's, a dense merge's) as {@code
     * map<int64,T>}.
     *
     * @param name the vector's name
     * @param features lengths int32[B], keys int64[F], values T[F]
     * @param allocator accounts for the shared and new buffers
     * @param owner closed when the last shared buffer is released, or {@code null}
     * @return a map vector of B entries
     * @throws FeatureTensorException if the sizes or types disagree, before any buffer exists
     */
    public static MapVector multiScalar(String name, MultiScalarFeatures features, BufferAllocator allocator,
                                        AutoCloseable owner) {
        String c = name;
        long b = requireType(c, "lengths", features.lengths(), DType.INT32);
        requireType(c, "keys", features.keys(), DType.INT64);
        long f = requireSum(c, "lengths", features.lengths(), features.keys(), "keys");
        requireCount(c, "values", features.values(), f);
        requireExportable(c, "values", features.values());
        return (MapVector) export(allocator, owner, map(c, element(MapVector.VALUE_NAME, features.values())), e -> e
                .map(b, features.lengths(), features.keys(), e.elements(features.values())));
    }

    /**
     * Multi list features (a single or multi list merge's) as {@code map<int64,list<T>>}.
     *
     * @param name the vector's name
     * @param features lengths, keys, values.lengths, values.values
     * @param allocator accounts for the shared and new buffers
     * @param owner closed when the last shared buffer is released, or {@code null}
     * @return a map vector of B entries
     * @throws FeatureTensorException if the sizes or types disagree, before any buffer exists
     */
    public static MapVector multiList(String name, MultiListFeatures features, BufferAllocator allocator,
                                      AutoCloseable owner) {
        String c = name;
        long b = requireType(c, "lengths", features.lengths(), DType.INT32);
        requireType(c, "keys", features.keys(), DType.INT64);
        requireType(c, "values.lengths", features.valuesLengths(), DType.INT32);
        long f = requireSum(c, "lengths", features.lengths(), features.keys(), "keys");
        requireCount(c, "values.lengths", features.valuesLengths(), f);
        requireSum(c, "values.lengths", features.valuesLengths(), features.valuesValues(), "values.values");
        requireExportable(c, "values.values", features.valuesValues());
        Field list = new Field(MapVector.VALUE_NAME, FieldType.notNullable(ArrowType.List.INSTANCE),
                List.of(element("$data$", features.valuesValues())));
        return (MapVector) export(allocator, owner, map(c, list), e -> e.map(b, features.lengths(), features.keys(),
                e.list(f, features.valuesLengths(), e.elements(features.valuesValues()))));
    }

    /**
     * Multi map features (a single or multi map merge's) as {@code map<int64,map<K,V>>}.
     *
     * @param name the vector's name
     * @param features lengths, keys, values.lengths, values.keys, values.values
     * @param allocator accounts for the shared and new buffers
     * @param owner closed when the last shared buffer is released, or {@code null}
     * @return a map vector of B entries
     * @throws FeatureTensorException if the sizes or types disagree, before any buffer exists
     */
    public static MapVector multiMap(String name, MultiMapFeatures features, BufferAllocator allocator,
                                     AutoCloseable owner) {
        String c = name;
        long b = requireType(c, "lengths", features.lengths(), DType.INT32);
        requireType(c, "keys", features.keys(), DType.INT64);
        requireType(c, "values.lengths", features.valuesLengths(), DType.INT32);
        long f = requireSum(c, "lengths", features.lengths(), features.keys(), "keys");
        requireCount(c, "values.lengths", features.valuesLengths(), f);
        long v = requireSum(c, "values.lengths", features.valuesLengths(), features.valuesKeys(), "values.keys");
        requireCount(c, "values.values", features.valuesValues(), v);
        requireExportable(c, "values.keys", features.valuesKeys());
        requireExportable(c, "values.values", features.valuesValues());
        Field inner = map(MapVector.VALUE_NAME, element(MapVector.VALUE_NAME, features.valuesValues()),
                element(MapVector.KEY_NAME, features.valuesKeys()));
        return (MapVector) export(allocator, owner, map(c, inner), e -> e.map(b, features.lengths(), features.keys(),
                e.map(f, features.valuesLengths(), e.elements(features.valuesKeys()),
                        e.elements(features.valuesValues()))));
    }

    /**
     * Key-major features (a {@code Multi…FeatureTensorsToKeyMajor} output) as a struct with one
     * column per key, named by the key's decimal id: {@code list<T>} of the key's runs when
     * {@code weights} is {@code null}, else {@code map<K,V>} with {@code values} as the map keys
     * and {@code weights} as the map values. Row {@code e} of column {@code k} is the run {@code
     * lengths[k·B+e]} long, the runs being back to back in that order. Every column shares the
     * values (and weights); their offsets are slices of one table. With no keys there are no
     * columns and, the batch size being unknown, no rows.
     *
     * @param name the vector's name
     * @param features lengths int32[K·B], values T[sum], weights V[sum] or {@code null}
     * @param keys the K feature ids the features were laid out by, distinct, in their order
     * @param allocator accounts for the shared and new buffers
     * @param owner closed when the last shared buffer is released, or {@code null}
     * @return a struct vector of B rows
     * @throws FeatureTensorException if the sizes, types or keys disagree, before any buffer
     *     exists
     */
    public static StructVector keyMajor(String name, KeyMajorFeatures features, long[] keys,
                                        BufferAllocator allocator, AutoCloseable owner) {
        String c = name;
        long n = requireType(c, "lengths", features.lengths(), DType.INT32);
        if (keys.length == 0 && n != 0) {
            throw fail(c, "lengths", "has " + n + " elements for no keys");
        }
        if (keys.length != 0 && n % keys.length != 0) {
            throw fail(c, "lengths", "has " + n + " elements, not a multiple of the " + keys.length + " keys");
        }
        long b = keys.length == 0 ? 0 : n / keys.length;
        requireDistinct(c, keys);
        Tensor values = features.values();
        Tensor weights = features.weights();
        long v = requireSum(c, "lengths", features.lengths(), values, "values");
        requireExportable(c, "values", values);
        if (weights != null) {
            requireCount(c, "weights", weights, v);
            requireExportable(c, "weights", weights);
        }
        List<Field> columns = new ArrayList<>(keys.length);
        for (long key : keys) {
            String id = Long.toString(key);
            columns.add(weights == null
                    ? new Field(id, FieldType.notNullable(ArrowType.List.INSTANCE), List.of(element("$data$", values)))
                    : map(id, element(MapVector.VALUE_NAME, weights), element(MapVector.KEY_NAME, values)));
        }
        Field struct = new Field(c, FieldType.notNullable(ArrowType.Struct.INSTANCE), columns);
        return (StructVector) export(allocator, owner, struct, e -> e.keyMajor(b, keys.length, features.lengths(),
                weights == null ? e.elements(values) : e.entries(e.elements(values), e.elements(weights))));
    }

    /**
     * A flat tensor (a gradient, say) as a primitive or utf8 vector with no nulls.
     *
     * @param name the vector's name
     * @param tensor bool, int32, int64, float, double or string elements
     * @param allocator accounts for the shared and new buffers
     * @param owner closed when the last shared buffer is released, or {@code null}
     * @return a vector of {@code tensor.count()} elements
     * @throws FeatureTensorException for strings past 2^31 - 1 bytes
     */
    public static FieldVector values(String name, Tensor tensor, BufferAllocator allocator, AutoCloseable owner) {
        requireExportable(name, "values", tensor);
        return export(allocator, owner, element(name, tensor), e -> e.elements(tensor));
    }

    // ------------------------------------------------------------------ checks

    static FeatureTensorException fail(String column, String role, String detail) {
        return new FeatureTensorException("Arrow export '" + column + "'", FeatureTensorException.NO_INPUT, null,
                role + ": " + detail);
    }

    private static long requireType(String c, String role, Tensor t, DType dtype) {
        if (t.dtype() != dtype) {
            throw fail(c, role, "is " + t.dtype().label() + ", expected " + dtype.label());
        }
        return t.count();
    }

    private static void requireCount(String c, String role, Tensor t, long count) {
        if (t.count() != count) {
            throw fail(c, role, "has " + t.count() + " elements, expected " + count);
        }
    }

    /** Checks lengths are non-negative and sum to the runs' tensor's count, and returns the sum. */
    private static long requireSum(String c, String role, Tensor lengths, Tensor runs, String runsRole) {
        long sum = KernelProvider.kernels().sumLengths(lengths.data(), lengths.count());
        if (sum < 0) {
            throw fail(c, role, "holds a negative length");
        }
        if (runs.count() != sum) {
            throw fail(c, runsRole, "has " + runs.count() + " elements, the " + role + " sum to " + sum);
        }
        if (lengths.count() >= Integer.MAX_VALUE || sum > Integer.MAX_VALUE) {
            throw fail(c, role, lengths.count() + " runs of " + sum + " elements: past what int32 offsets address");
        }
        return sum;
    }

    /** Column names are the keys: a repeated key would be a repeated name. */
    private static void requireDistinct(String c, long[] keys) {
        long[] sorted = keys.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw fail(c, "keys", "key " + sorted[i] + " is repeated");
            }
        }
    }

    private static void requireExportable(String c, String role, Tensor t) {
        if (t.dtype() == DType.STRING && t.count() > 0
                && t.offsets().getAtIndex(JAVA_LONG_UNALIGNED, t.count())
                        > Integer.MAX_VALUE) {
            throw fail(c, role, "string bytes past 2^31 - 1: past what utf8 offsets address");
        }
    }

    // ------------------------------------------------------------------ fields

    private static Field map(String name, Field value) {
        return map(name, value, new Field(MapVector.KEY_NAME, FieldType.notNullable(new ArrowType.Int(64, true)),
                null));
    }

    private static Field map(String name, Field value, Field key) {
        Field entries = new Field(MapVector.DATA_VECTOR_NAME, FieldType.notNullable(ArrowType.Struct.INSTANCE),
                List.of(key, value));
        return new Field(name, FieldType.notNullable(new ArrowType.Map(false)), List.of(entries));
    }

    private static Field element(String name, Tensor t) {
        ArrowType type = switch (t.dtype()) {
            case INT32 -> new ArrowType.Int(32, true);
            case INT64 -> new ArrowType.Int(64, true);
            case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case STRING -> ArrowType.Utf8.INSTANCE;
            case BOOL -> ArrowType.Bool.INSTANCE;
        };
        return new Field(name, FieldType.notNullable(type), null);
    }

    // ------------------------------------------------------------------ building

    /** Buffers and length of one vector of the tree, and its children's, in Arrow's order. */
    private record Level(long count, List<ArrowBuf> buffers, List<Level> children) {
    }

    private interface Body {
        Level build(Exporter e);
    }

    private static FieldVector export(BufferAllocator allocator, AutoCloseable owner, Field field, Body body) {
        Owner shared = new Owner(owner);
        FieldVector vector = field.createVector(allocator);
        try (Exporter e = new Exporter(allocator, shared)) {
            Level level = body.build(e);
            load(vector, level);
            return vector;
        } catch (RuntimeException | Error x) {
            vector.close();
            throw x;
        } finally {
            // The vectors hold their own references now; ours go, and the owner's count with them.
            shared.release();
        }
    }

    private static void load(FieldVector vector, Level level) {
        vector.loadFieldBuffers(new ArrowFieldNode(level.count(), 0), level.buffers());
        List<FieldVector> children = vector.getChildrenFromFields();
        for (int i = 0; i < level.children().size(); i++) {
            load(children.get(i), level.children().get(i));
        }
    }

    /** Counts the shared buffers still referenced, and closes the owner after the last. */
    private static final class Owner {
        private final AutoCloseable owner;
        private final AtomicInteger references = new AtomicInteger(1);

        Owner(AutoCloseable owner) {
            this.owner = owner;
        }

        void retain() {
            references.incrementAndGet();
        }

        void release() {
            if (references.decrementAndGet() == 0 && owner != null) {
                try {
                    owner.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the owner of exported features failed", e);
                }
            }
        }
    }

    /** One export's buffers: made here, handed to the vectors, and released at the end. */
    private static final class Exporter implements AutoCloseable {
        /** Elements per int-indexed inner loop. */
        private static final int CHUNK = 1 << 20;

        private final FeatureKernels kernels = KernelProvider.kernels();
        private final BufferAllocator allocator;
        private final Owner owner;
        private final List<ArrowBuf> made = new ArrayList<>();

        Exporter(BufferAllocator allocator, Owner owner) {
            this.allocator = allocator;
            this.owner = owner;
        }

        private ArrowBuf track(ArrowBuf buf) {
            made.add(buf);
            return buf;
        }

        /** An Arrow buffer over a segment of the outputs; its release counts down the owner. */
        ArrowBuf shared(MemorySegment segment) {
            if (segment.byteSize() == 0) {
                return allocator.getEmpty();
            }
            owner.retain();
            return track(allocator.wrapForeignAllocation(new ForeignAllocation(segment.byteSize(), segment.address()) {
                @Override
                protected void release0() {
                    owner.release();
                }
            }));
        }

        /** A bitmap of {@code count} set bits: nothing exported is null. */
        ArrowBuf allValid(long count) {
            long bytes = (count + 7) >>> 3;
            ArrowBuf buf = track(allocator.buffer(bytes));
            buf.setOne(0, bytes);
            return buf;
        }

        /** A bool tensor's bytes as Arrow's bits, in a new buffer: bits cannot share bytes. */
        private ArrowBuf packed(Tensor t) {
            long n = t.count();
            long bytes = (n + 7) >>> 3;
            ArrowBuf buf = track(allocator.buffer(bytes));
            kernels.packBits(t.data(), n, MemorySegment.ofAddress(buf.memoryAddress()).reinterpret(bytes));
            return buf;
        }

        /**
         * Arrow's int32 offsets of runs, the prefix sum of the lengths written straight into the
         * Arrow buffer: the sum is checked to fit int32 before, so no int64 table is needed.
         */
        ArrowBuf offsets(Tensor lengths) {
            long n = lengths.count();
            ArrowBuf buf = track(allocator.buffer((n + 1) * Integer.BYTES));
            MemorySegment into = MemorySegment.ofAddress(buf.memoryAddress()).reinterpret((n + 1) * Integer.BYTES);
            MemorySegment from = lengths.data();
            int sum = 0;
            // int-indexed chunks: C2 keeps int loops free of the long-index checks.
            for (long done = 0; done < n; done += CHUNK) {
                int m = (int) Math.min(CHUNK, n - done);
                MemorySegment l = from.asSlice(done * Integer.BYTES, (long) m * Integer.BYTES);
                MemorySegment o = into.asSlice(done * Integer.BYTES, (long) m * Integer.BYTES);
                for (int i = 0; i < m; i++) {
                    o.setAtIndex(JAVA_INT_UNALIGNED, i, sum);
                    sum += l.getAtIndex(JAVA_INT_UNALIGNED, i);
                }
            }
            into.setAtIndex(JAVA_INT_UNALIGNED, n, sum);
            return buf;
        }

        /** A string tensor's int64 offsets as Arrow's int32 ones, checked to fit before. */
        private ArrowBuf narrowed(MemorySegment offsets, long rows) {
            ArrowBuf buf = track(allocator.buffer(rows * Integer.BYTES));
            MemorySegment into = MemorySegment.ofAddress(buf.memoryAddress()).reinterpret(rows * Integer.BYTES);
            for (long done = 0; done < rows; done += CHUNK) {
                int m = (int) Math.min(CHUNK, rows - done);
                MemorySegment wide = offsets.asSlice(done * Long.BYTES, (long) m * Long.BYTES);
                MemorySegment o = into.asSlice(done * Integer.BYTES, (long) m * Integer.BYTES);
                for (int i = 0; i < m; i++) {
                    o.setAtIndex(JAVA_INT_UNALIGNED, i, (int) wide.getAtIndex(JAVA_LONG_UNALIGNED, i));
                }
            }
            return buf;
        }

        Level elements(Tensor t) {
            long n = t.count();
            if (t.dtype() == DType.STRING) {
                return new Level(n, List.of(allValid(n), narrowed(t.offsets(), n + 1), shared(t.data())), List.of());
            }
            if (t.dtype() == DType.BOOL) {
                return new Level(n, List.of(allValid(n), packed(t)), List.of());
            }
            return new Level(n, List.of(allValid(n), shared(t.data())), List.of());
        }

        Level list(long n, Tensor lengths, Level values) {
            return new Level(n, List.of(allValid(n), offsets(lengths)), List.of(values));
        }

        Level map(long n, Tensor lengths, Tensor keys, Level values) {
            return map(n, lengths, elements(keys), values);
        }

        Level map(long n, Tensor lengths, Level keys, Level values) {
            return new Level(n, List.of(allValid(n), offsets(lengths)), List.of(entries(keys, values)));
        }

        /** The struct of a map's key and value columns. */
        Level entries(Level keys, Level values) {
            return new Level(keys.count(), List.of(allValid(keys.count())), List.of(keys, values));
        }

        /**
         * A struct of {@code k} list or map columns of {@code b} rows over the same {@code runs}
         * (list data or map entries). Column {@code i}'s offsets are entries {@code i·b} to
         * {@code i·b+b} of one table of all the lengths: a slice holds no reference of its own,
         * each column's load takes one on the table, so the table goes with the last column.
         */
        Level keyMajor(long b, int k, Tensor lengths, Level runs) {
            ArrowBuf offsets = offsets(lengths);
            ArrowBuf valid = allValid(b);
            List<Level> columns = new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                ArrowBuf slice = offsets.slice(i * b * Integer.BYTES, (b + 1) * Integer.BYTES);
                columns.add(new Level(b, List.of(valid, slice), List.of(runs)));
            }
            return new Level(b, List.of(valid), columns);
        }

        @Override
        public void close() {
            for (ArrowBuf buf : made) {
                buf.getReferenceManager().release();
            }
        }
    }
}
