package dev.featuremaps.benchmarks;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * The plain Caffe2 algorithm compiled from C ({@code src/main/c/featuremaps_merge.c}, built by the
 * benchmarks' Maven build with the system compiler at {@code -O3 -march=native}) and called
 * through FFM downcalls on the same off-heap tensors as the other implementations: what a C++ user
 * of Caffe2 gets from the compiler, next to {@link ReferenceMerge}, the same loops in Java.
 *
 * <p>Everything a call needs besides the tensors (the pointer tables of per-feature inputs and
 * outputs, the feature ids, the cursor tables) is allocated when the merge is bound, so
 * {@link #run} allocates nothing. Outputs are sized by the caller (see {@link ReferenceMerge#allocateOutputs}),
 * as the sizing pass is not measured for any implementation.
 *
 * <p>The library is looked up next to this class: a file when the classes are a directory (the
 * Maven build's tests), extracted to a temporary file when they are inside {@code benchmarks.jar}.
 * When the build found no C compiler it left a note instead, which {@link #unavailableReason}
 * reports. {@code java -cp benchmarks.jar dev.featuremaps.benchmarks.NativeMerge} prints whether
 * the library loads, with exit status 0 if it does and 1 if not.
 */
public abstract sealed class NativeMerge {
    /** The shared library's resource name, next to this class. */
    public static final String LIBRARY = "libfeaturemaps_merge.so";
    /** The note the build leaves instead of the library when no C compiler was found. */
    public static final String MISSING = "libfeaturemaps_merge.missing";
    /** The {@code fm_abi_version} this class was written against. */
    static final long ABI_VERSION = 1;

    final long batch;

    NativeMerge(long batch) {
        this.batch = batch;
    }

    /**
     * Prints whether the native library loads.
     *
     * @param args none
     */
    public static void main(String[] args) {
        String reason = unavailableReason();
        if (reason == null) {
            System.out.println("native: available (" + Library.PATH + ")");
        } else {
            System.out.println("native: unavailable: " + reason);
            System.exit(1);
        }
    }

    /**
     * Whether the native implementation can run here.
     *
     * @return {@code null} if the native library is loaded, else why it is not, for a message
     */
    public static String unavailableReason() {
        return Library.FAILURE;
    }

    /**
     * Binds the native code of an operation to its inputs and outputs.
     *
     * @param operation what to compute
     * @param in the inputs in Caffe2's order, already valid for the operation
     * @param ids one id per single input or dense column, where the operation takes them
     * @param out outputs sized for these inputs, as {@link ReferenceMerge#allocateOutputs} makes them
     * @param allocator where the pointer and cursor tables live; they must outlive the merge
     * @return the merge, ready to {@link #run}
     * @throws UnsupportedOperationException if the native library is not available, or has no
     *     version of the operation ({@link Operation#hasNative}), saying why
     * @throws IllegalArgumentException if values are not float32 or keys not int64
     */
    public static NativeMerge of(Operation operation, Tensor[] in, long[] ids, Tensor[] out,
                                 TensorAllocator allocator) {
        if (!operation.hasNative()) {
            throw new UnsupportedOperationException("impl native has no C version of " + operation.operatorName()
                    + ": the C baseline covers Caffe2's merges and their gradients only");
        }
        String reason = unavailableReason();
        if (reason != null) {
            throw new UnsupportedOperationException("impl native is not available: " + reason);
        }
        Tables t = new Tables(allocator);
        return switch (operation) {
            case SINGLE_SCALAR -> new SingleScalar(in, ids, out, t);
            case SINGLE_SCALAR_GRADIENT -> new SingleScalarGradient(in, out, t);
            case SINGLE_LIST -> new SingleList(in, ids, out, t);
            case SINGLE_MAP -> new SingleMap(in, ids, out, t);
            case SINGLE_LIST_OR_MAP_GRADIENT -> new SingleRunsGradient(in, out, t);
            case MULTI_SCALAR -> new MultiScalar(in, out, t);
            case MULTI_SCALAR_GRADIENT -> new MultiScalarGradient(in, out, t);
            case MULTI_LIST -> new MultiList(in, out, t);
            case MULTI_MAP -> new MultiMap(in, out, t);
            case MULTI_LIST_OR_MAP_GRADIENT -> new MultiRunsGradient(in, out, t);
            case DENSE -> new Dense(in, ids, out, t);
            default -> throw new AssertionError(operation);
        };
    }

    /** Writes the outputs bound at construction. */
    public abstract void run();

    /** A downcall cannot throw a checked exception; anything else is a bug worth its stack trace. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /** Locates and loads the library once; a failure is kept as the reason native is unavailable. */
    // Loading native code is the point; the benchmark forks and the tests enable native access.
    @SuppressWarnings("restricted")
    private static final class Library {
        static final Path PATH;
        static final SymbolLookup LOOKUP;
        static final String FAILURE;

        static {
            Path path = null;
            SymbolLookup lookup = null;
            String failure;
            try {
                path = locate();
                // The library lives as long as the JVM: its functions are bound in static finals.
                lookup = SymbolLookup.libraryLookup(path, Arena.global());
                long abi = (long) Linker.nativeLinker().downcallHandle(lookup.findOrThrow("fm_abi_version"),
                        FunctionDescriptor.of(JAVA_LONG)).invokeExact();
                failure = abi == ABI_VERSION ? null
                        : path + " has ABI version " + abi + ", this benchmarks.jar expects " + ABI_VERSION
                                + ": rebuild it";
            } catch (Throwable t) {
                failure = t.getMessage() == null ? t.toString() : t.getMessage();
            }
            PATH = path;
            LOOKUP = failure == null ? lookup : null;
            FAILURE = failure;
        }

        private static Path locate() throws IOException, URISyntaxException {
            URL url = NativeMerge.class.getResource(LIBRARY);
            if (url == null) {
                try (InputStream note = NativeMerge.class.getResourceAsStream(MISSING)) {
                    if (note != null) {
                        throw new IllegalStateException(new String(note.readAllBytes(), StandardCharsets.UTF_8).strip());
                    }
                }
                throw new IllegalStateException("the classes carry neither " + LIBRARY + " nor " + MISSING
                        + ": build them with Maven (mvn package -pl benchmarks -am)");
            }
            if (url.getProtocol().equals("file")) {
                return Path.of(url.toURI());
            }
            // dlopen needs a file, not a jar entry.
            Path file = Files.createTempFile("featuremaps_merge", ".so");
            file.toFile().deleteOnExit();
            try (InputStream lib = url.openStream()) {
                Files.copy(lib, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        }
    }

    /**
     * The native functions, bound once the library loaded. Static finals, so that C2 inlines the
     * downcall stubs into {@link #run} as it would a constant.
     */
    @SuppressWarnings("restricted")
    private static final class Functions {
        static final MethodHandle SINGLE_SCALAR = bind("fm_merge_single_scalar", 6);
        static final MethodHandle SINGLE_SCALAR_GRADIENT = bind("fm_merge_single_scalar_gradient", 3);
        static final MethodHandle SINGLE_LIST = bind("fm_merge_single_list", 9);
        static final MethodHandle SINGLE_MAP = bind("fm_merge_single_map", 11);
        static final MethodHandle SINGLE_LIST_OR_MAP_GRADIENT = bind("fm_merge_single_list_or_map_gradient", 5);
        static final MethodHandle MULTI_SCALAR = bind("fm_merge_multi_scalar", 7);
        static final MethodHandle MULTI_SCALAR_GRADIENT = bind("fm_merge_multi_scalar_gradient", 4);
        static final MethodHandle MULTI_LIST = bind("fm_merge_multi_list", 10);
        static final MethodHandle MULTI_MAP = bind("fm_merge_multi_map", 12);
        static final MethodHandle MULTI_LIST_OR_MAP_GRADIENT = bind("fm_merge_multi_list_or_map_gradient", 6);
        static final MethodHandle DENSE = bind("fm_merge_dense", 6);

        /** Every function takes (int64 batch, int64 count, then {@code pointers} pointers) and returns void. */
        private static MethodHandle bind(String name, int pointers) {
            MemoryLayout[] args = new MemoryLayout[2 + pointers];
            Arrays.fill(args, ADDRESS);
            args[0] = JAVA_LONG;
            args[1] = JAVA_LONG;
            // Calls take microseconds and touch native memory only: no need to let GC run meanwhile.
            return Linker.nativeLinker().downcallHandle(Library.LOOKUP.findOrThrow(name),
                    FunctionDescriptor.ofVoid(args), Linker.Option.critical(false));
        }
    }

    /** Allocates what a call takes besides the tensors. */
    private record Tables(TensorAllocator allocator) {
        /** A C array of the data pointers of every {@code stride}-th input from {@code first}. */
        MemorySegment pointers(Tensor[] in, int first, int stride, int count, DType expected) {
            return pointers(ReferenceMerge.column(in, first, stride, count, expected));
        }

        MemorySegment pointers(MemorySegment[] segments) {
            MemorySegment table = allocator.allocate(Math.max(1, segments.length) * ADDRESS.byteSize());
            for (int i = 0; i < segments.length; i++) {
                table.setAtIndex(ADDRESS, i, segments[i]);
            }
            return table;
        }

        MemorySegment outputs(Tensor[] out) {
            return pointers(Arrays.stream(out).map(Tensor::data).toArray(MemorySegment[]::new));
        }

        MemorySegment longs(long[] values) {
            MemorySegment s = allocator.allocate(Math.max(1, values.length) * JAVA_LONG.byteSize());
            MemorySegment.copy(values, 0, s, JAVA_LONG, 0, values.length);
            return s;
        }

        /** A cursor table; the C code zeroes it on every call. */
        MemorySegment cursors(int count) {
            return allocator.allocate(Math.max(1, count) * JAVA_LONG.byteSize());
        }

        static MemorySegment one(Tensor[] in, int index, DType expected) {
            return ReferenceMerge.column(in, index, 1, 1, expected)[0];
        }
    }

    /** MergeSingleScalarFeatureTensors. */
    static final class SingleScalar extends NativeMerge {
        private final long n;
        private final MemorySegment values;
        private final MemorySegment presence;
        private final MemorySegment ids;
        private final MemorySegment outLengths;
        private final MemorySegment outKeys;
        private final MemorySegment outValues;

        SingleScalar(Tensor[] in, long[] ids, Tensor[] out, Tables t) {
            super(in[1].count());
            int n = in.length / 2;
            this.n = n;
            this.values = t.pointers(in, 0, 2, n, DType.FLOAT);
            this.presence = t.pointers(in, 1, 2, n, DType.BOOL);
            this.ids = t.longs(ids);
            this.outLengths = out[0].data();
            this.outKeys = out[1].data();
            this.outValues = out[2].data();
        }

        @Override
        public void run() {
            try {
                Functions.SINGLE_SCALAR.invokeExact(batch, n, values, presence, ids, outLengths, outKeys, outValues);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }
    }

    /** MergeSingleScalarFeatureTensorsGradient. */
    static final class SingleScalarGradient extends NativeMerge {
        private final long n;
        private final MemorySegment presence;
        private final MemorySegment grad;
        private final MemorySegment outGrads;

        SingleScalarGradient(Tensor[] in, Tensor[] out, Tables t) {
            super(in[0].count());
            int n = in.length - 1;
            this.n = n;
            this.presence = t.pointers(in, 0, 1, n, DType.BOOL);
            this.grad = Tables.one(in, n, DType.FLOAT);
            this.outGrads = t.outputs(out);
        }

        @Override
        public void run() {
            try {
                Functions.SINGLE_SCALAR_GRADIENT.invokeExact(batch, n, presence, grad, outGrads);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }
    }

    /** MergeSingleListFeatureTensors. */
    static final class SingleList extends NativeMerge {
        private final long n;
        private final MemorySegment lengths;
        private final MemorySegment values;
        private final MemorySegment presence;
        private final MemorySegment ids;
        private final MemorySegment outLengths;
        private final MemorySegment outKeys;
        private final MemorySegment outValuesLengths;
        private final MemorySegment outValues;
        private final MemorySegment inOffset;

        SingleList(Tensor[] in, long[] ids, Tensor[] out, Tables t) {
            super(in[0].count());
            int n = in.length / 3;
            this.n = n;
            this.lengths = t.pointers(in, 0, 3, n, DType.INT32);
            this.values = t.pointers(in, 1, 3, n, DType.FLOAT);
            this.presence = t.pointers(in, 2, 3, n, DType.BOOL);
            this.ids = t.longs(ids);
            this.outLengths = out[0].data();
            this.outKeys = out[1].data();
            this.outValuesLengths = out[2].data();
            this.outValues = out[3].data();
            this.inOffset = t.cursors(n);
        }

        @Override
        public void run() {
            try {
                Functions.SINGLE_LIST.invokeExact(batch, n, lengths, values, presence, ids, outLengths, outKeys,
                        outValuesLengths, outValues, inOffset);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }
    }

    /** MergeSingleMapFeatureTensors. */
    static final class SingleMap extends NativeMerge {
        private final long n;
        private final MemorySegment lengths;
        private final MemorySegment keys;
        private final MemorySegment values;
        private final MemorySegment presence;
        private final MemorySegment ids;
        private final MemorySegment outLengths;
        private final MemorySegment outKeys;
        private final MemorySegment outValuesLengths;
        private final MemorySegment outValuesKeys;
        private final MemorySegment outValues;
        private final MemorySegment inOffset;

        SingleMap(Tensor[] in, long[] ids, Tensor[] out, Tables t) {
            super(in[0].count());
            int n = in.length / 4;
            this.n = n;
            this.lengths = t.pointers(in, 0, 4, n, DType.INT32);
            this.keys = t.pointers(in, 1, 4, n, DType.INT64);
            this.values = t.pointers(in, 2, 4, n, DType.FLOAT);
            this.presence = t.pointers(in, 3, 4, n, DType.BOOL);
            this.ids = t.longs(ids);
            this.outLengths = out[0].data();
            this.outKeys = out[1].data();
            this.outValuesLengths = out[2].data();
            this.outValuesKeys = out[3].data();
            this.outValues = out[4].data();
            this.inOffset = t.cursors(n);
        }

        @Override
        public void run() {
            try {
                Functions.SINGLE_MAP.invokeExact(batch, n, lengths, keys, values, presence, ids, outLengths, outKeys,
                        outValuesLengths, outValuesKeys, outValues, inOffset);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }
    }

    /** MergeSingleListFeatureTensorsGradient, the same computation as the map gradient. */
    static final class SingleRunsGradient extends NativeMerge {
        private final long n;
        private final MemorySegment lengths;
        private final MemorySegment presence;
        private final MemorySegment grad;
        private final MemorySegment outGrads;
        private final MemorySegment outOffset;

        SingleRunsGradient(Tensor[] in, Tensor[] out, Tables t) {
            super(in[0].count());
            int n = (in.length - 1) / 2;
            this.n = n;
            this.lengths = t.pointers(in, 0, 2, n, DType.INT32);
            this.presence = t.pointers(in, 1, 2, n, DType.BOOL);
            this.grad = Tables.one(in, 2 * n, DType.FLOAT);
            this.outGrads = t.outputs(out);
            this.outOffset = t.cursors(n);
        }

        @Override
        public void run() {
            try {
                Functions.SINGLE_LIST_OR_MAP_GRADIENT.invokeExact(batch, n, lengths, presence, grad, outGrads,
                        outOffset);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }
    }

    /** MergeMultiScalarFeatureTensors. */
    static final class MultiScalar extends NativeMerge {
        private final long m;
        private final MemorySegment lengths;
        private final MemorySegment keys;
        private final MemorySegment values;
        private final MemorySegment outLengths;
        private final MemorySegment outKeys;
        private final MemorySegment outValues;
        private final MemorySegment inOffset;

        MultiScalar(Tensor[] in, Tensor[] out, Tables t) {
            super(in[0].count());
            int m = in.length / 3;
            this.m = m;
            this.lengths = t.pointers(in, 0, 3, m, DType.INT32);
            this.keys = t.pointers(in, 1, 3, m, DType.INT64);
            this.values = t.pointers(in, 2, 3, m, DType.FLOAT);
            this.outLengths = out[0].data();
            this.outKeys = out[1].data();
            this.outValues = out[2].data();
            this.inOffset = t.cursors(m);
        }

        @Override
        public void run() {
            try {
                Functions.MULTI_SCALAR.invokeExact(batch, m, lengths, keys, values, outLengths, outKeys, outValues,
                        inOffset);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }
    }

    /** MergeMultiScalarFeatureTensorsGradient. */
    static final class MultiScalarGradient extends NativeMerge {
        private final long m;
        private final MemorySegment lengths;
        private final MemorySegment grad;
        private final MemorySegment outGrads;
        private final MemorySegment outOffset;

        MultiScalarGradient(Tensor[] in, Tensor[] out, Tables t) {
            super(in[0].count());
            int m = in.length - 1;
            this.m = m;
            this.lengths = t.pointers(in, 0, 1, m, DType.INT32);
            this.grad = Tables.one(in, m, DType.FLOAT);
            this.outGrads = t.outputs(out);
            this.outOffset = t.cursors(m);
        }

        @Override
        public void run() {
            try {
                Functions.MULTI_SCALAR_GRADIENT.invokeExact(batch, m, lengths, grad, outGrads, outOffset);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }
    }

    /** MergeMultiListFeatureTensors. */
    static final class MultiList extends NativeMerge {
        private final long m;
        private final MemorySegment lengths;
        private final MemorySegment keys;
        private final MemorySegment valuesLengths;
        private final MemorySegment values;
        private final MemorySegment outLengths;
        private final MemorySegment outKeys;
        private final MemorySegment outValuesLengths;
        private final MemorySegment outValues;
        private final MemorySegment featureOffset;
        private final MemorySegment valueOffset;

        MultiList(Tensor[] in, Tensor[] out, Tables t) {
            super(in[0].count());
            int m = in.length / 4;
            this.m = m;
            this.lengths = t.pointers(in, 0, 4, m, DType.INT32);
            this.keys = t.pointers(in, 1, 4, m, DType.INT64);
            this.valuesLengths = t.pointers(in, 2, 4, m, DType.INT32);
            this.values = t.pointers(in, 3, 4, m, DType.FLOAT);
            this.outLengths = out[0].data();
            this.outKeys = out[1].data();
            this.outValuesLengths = out[2].data();
            this.outValues = out[3].data();
            this.featureOffset = t.cursors(m);
            this.valueOffset = t.cursors(m);
        }

        @Override
        public void run() {
            try {
                Functions.MULTI_LIST.invokeExact(batch, m, lengths, keys, valuesLengths, values, outLengths, outKeys,
                        outValuesLengths, outValues, featureOffset, valueOffset);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }
    }

    /** MergeMultiMapFeatureTensors. */
    static final class MultiMap extends NativeMerge {
        private final long m;
        private final MemorySegment lengths;
        private final MemorySegment keys;
        private final MemorySegment valuesLengths;
        private final MemorySegment valuesKeys;
        private final MemorySegment values;
        private final MemorySegment outLengths;
        private final MemorySegment outKeys;
        private final MemorySegment outValuesLengths;
        private final MemorySegment outValuesKeys;
        private final MemorySegment outValues;
        private final MemorySegment featureOffset;
        private final MemorySegment valueOffset;

        MultiMap(Tensor[] in, Tensor[] out, Tables t) {
            super(in[0].count());
            int m = in.length / 5;
            this.m = m;
            this.lengths = t.pointers(in, 0, 5, m, DType.INT32);
            this.keys = t.pointers(in, 1, 5, m, DType.INT64);
            this.valuesLengths = t.pointers(in, 2, 5, m, DType.INT32);
            this.valuesKeys = t.pointers(in, 3, 5, m, DType.INT64);
            this.values = t.pointers(in, 4, 5, m, DType.FLOAT);
            this.outLengths = out[0].data();
            this.outKeys = out[1].data();
            this.outValuesLengths = out[2].data();
            this.outValuesKeys = out[3].data();
            this.outValues = out[4].data();
            this.featureOffset = t.cursors(m);
            this.valueOffset = t.cursors(m);
        }

        @Override
        public void run() {
            try {
                Functions.MULTI_MAP.invokeExact(batch, m, lengths, keys, valuesLengths, valuesKeys, values, outLengths,
                        outKeys, outValuesLengths, outValuesKeys, outValues, featureOffset, valueOffset);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }
    }

    /** MergeMultiListFeatureTensorsGradient, the same computation as the map gradient. */
    static final class MultiRunsGradient extends NativeMerge {
        private final long m;
        private final MemorySegment lengths;
        private final MemorySegment valuesLengths;
        private final MemorySegment grad;
        private final MemorySegment outGrads;
        private final MemorySegment featureOffset;
        private final MemorySegment outOffset;

        MultiRunsGradient(Tensor[] in, Tensor[] out, Tables t) {
            super(in[0].count());
            int m = (in.length - 1) / 2;
            this.m = m;
            this.lengths = t.pointers(in, 0, 2, m, DType.INT32);
            this.valuesLengths = t.pointers(in, 1, 2, m, DType.INT32);
            this.grad = Tables.one(in, 2 * m, DType.FLOAT);
            this.outGrads = t.outputs(out);
            this.featureOffset = t.cursors(m);
            this.outOffset = t.cursors(m);
        }

        @Override
        public void run() {
            try {
                Functions.MULTI_LIST_OR_MAP_GRADIENT.invokeExact(batch, m, lengths, valuesLengths, grad, outGrads,
                        featureOffset, outOffset);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }
    }

    /** MergeDenseFeatureTensors. */
    static final class Dense extends NativeMerge {
        private final long columns;
        private final MemorySegment dense;
        private final MemorySegment presence;
        private final MemorySegment ids;
        private final MemorySegment outLengths;
        private final MemorySegment outKeys;
        private final MemorySegment outValues;

        Dense(Tensor[] in, long[] ids, Tensor[] out, Tables t) {
            super(in[0].dim(0));
            this.columns = in[0].dim(1);
            this.dense = Tables.one(in, 0, DType.FLOAT);
            this.presence = Tables.one(in, 1, DType.BOOL);
            this.ids = t.longs(ids);
            this.outLengths = out[0].data();
            this.outKeys = out[1].data();
            this.outValues = out[2].data();
        }

        @Override
        public void run() {
            try {
                Functions.DENSE.invokeExact(batch, columns, dense, presence, ids, outLengths, outKeys, outValues);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }
    }
}
