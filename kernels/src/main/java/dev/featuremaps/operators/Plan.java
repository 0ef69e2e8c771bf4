package dev.featuremaps.operators;

import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorAllocator;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A validated operator call: its inputs, the type and size of every output, and the scratch
 * tables the kernels use.
 *
 * <p>Reuse one plan per thread across calls: it keeps each operator's scratch, and once that has
 * grown to the largest batch seen, planning and executing calls of an unchanged input count
 * allocate nothing. Not thread-safe.
 */
public final class Plan {
    FeatureOperator operator;
    Tensor[] inputs;
    long[] featureIds;
    /** B, the number of examples. */
    long batch;
    /** N features or M inputs: the number of input groups (or dense columns). */
    int groups;
    /** Type of the values being moved (T, or V for maps). */
    DType valueType;
    /** {@code max_length} of the padded-dense operators, 0 when not given. */
    long maxLength;
    /** {@code padding_value} of the padded-dense operators. */
    double paddingValue;

    private int outputCount;
    private DType[] outputTypes = new DType[8];
    private long[] outputCounts = new long[8];
    private long[] outputBytes = new long[8];
    /** Columns of a 2-D output (its count is rows times columns), -1 for a 1-D one. */
    private long[] outputColumns = new long[8];

    // Scratch tables live in native memory like the tensors: kernels whose accesses see one
    // segment kind stay monomorphic and compile to plain loads and stores; mixing heap and
    // native segments at the same access sites made them several times slower.
    private long scratchCapacity = -1;
    private MemorySegment cursorSegment = MemorySegment.NULL;
    private MemorySegment boundsSegment = MemorySegment.NULL;
    private MemorySegment countSegment = MemorySegment.NULL;
    private MemorySegment featureIdSegment = MemorySegment.NULL;
    /**
     * The operators' scratch, one object per kind (a class of the operator's own): a plan that
     * serves several operators in turn, as a net's does, keeps each one's and allocates nothing.
     */
    private Object[] operatorScratch = new Object[0];
    final StringValues strings = new StringValues();
    final MemoryChecks memory = new MemoryChecks();
    /** The validator of the planned call, kept so execute can report without allocating one. */
    Check check;

    /** Creates an empty plan to pass to {@link FeatureOperator#plan}. */
    public Plan() {
    }

    void reset(FeatureOperator op, Tensor[] in, long[] ids, long maxLength, double paddingValue) {
        this.operator = op;
        this.inputs = in;
        this.featureIds = ids;
        this.maxLength = maxLength;
        this.paddingValue = paddingValue;
        this.batch = 0;
        this.groups = 0;
        this.valueType = null;
        this.outputCount = 0;
    }

    void addOutput(DType type, long count, long stringBytes) {
        addOutput(type, count, -1, stringBytes);
    }

    /** Adds a 2-D output of {@code rows * columns} elements. */
    void addMatrixOutput(DType type, long rows, long columns, long stringBytes) {
        addOutput(type, rows * columns, columns, stringBytes);
    }

    private void addOutput(DType type, long count, long columns, long stringBytes) {
        if (outputCount == outputTypes.length) {
            int n = outputCount * 2;
            outputTypes = Arrays.copyOf(outputTypes, n);
            outputCounts = Arrays.copyOf(outputCounts, n);
            outputBytes = Arrays.copyOf(outputBytes, n);
            outputColumns = Arrays.copyOf(outputColumns, n);
        }
        outputTypes[outputCount] = type;
        outputCounts[outputCount] = count;
        outputBytes[outputCount] = stringBytes;
        outputColumns[outputCount] = columns;
        outputCount++;
    }

    /**
     * Sets the element type of every output added so far (gradients learn it last). A loop of
     * its own, not {@code Arrays.fill}: that one is shared by the whole JVM, and C2 inlined it
     * here with the speculations of every other caller's profile, then deoptimized it in steady
     * calls (array_check, loop predicates), re-allocating what it had kept off the heap.
     */
    void setOutputTypes(DType type) {
        DType[] types = outputTypes;
        for (int o = 0; o < outputCount; o++) {
            types[o] = type;
        }
    }

    void setOutputBytes(int output, long bytes) {
        outputBytes[output] = bytes;
    }

    /** Grows the scratch tables to hold a batch of {@code b} examples. */
    void reserve(long b) {
        long need = b + 1;
        if (scratchCapacity < need) {
            long n = Math.max(need, scratchCapacity + (scratchCapacity >> 1));
            // An automatic arena: the plan owns no close() and the GC frees outgrown tables.
            Arena arena = Arena.ofAuto();
            cursorSegment = arena.allocate(n * Long.BYTES, TensorAllocator.ALIGNMENT_BYTES);
            boundsSegment = arena.allocate(n * Long.BYTES, TensorAllocator.ALIGNMENT_BYTES);
            countSegment = arena.allocate(n * Integer.BYTES, TensorAllocator.ALIGNMENT_BYTES);
            scratchCapacity = n;
        }
    }

    /**
     * The calling operator's scratch, made by {@code make} when the plan holds none of that kind.
     *
     * @param kind the operator's scratch class
     * @param make its constructor
     */
    <S> S scratch(Class<S> kind, Supplier<S> make) {
        Object[] all = operatorScratch;
        for (Object s : all) {
            if (s.getClass() == kind) {
                return kind.cast(s);
            }
        }
        S made = make.get();
        operatorScratch = Arrays.copyOf(all, all.length + 1);
        operatorScratch[all.length] = made;
        return made;
    }

    void featureIdsAsSegment() {
        featureIdSegment = Segments.atLeast(featureIdSegment, (long) featureIds.length * Long.BYTES);
        MemorySegment.copy(featureIds, 0, featureIdSegment, ValueLayout.JAVA_LONG_UNALIGNED, 0,
                featureIds.length);
    }

    /** Zeroes the first {@code n} int32 counts. */
    void clearCounts(long n) {
        for (long i = 0; i < n; i++) {
            countSegment.set(ValueLayout.JAVA_INT_UNALIGNED, i << 2, 0);
        }
    }

    /** Zeroes the first {@code n} int64 cursors. */
    void clearCursors(long n) {
        for (long i = 0; i < n; i++) {
            cursorSegment.set(ValueLayout.JAVA_LONG_UNALIGNED, i << 3, 0L);
        }
    }

    MemorySegment cursors() {
        return cursorSegment;
    }

    MemorySegment bounds() {
        return boundsSegment;
    }

    MemorySegment counts() {
        return countSegment;
    }

    MemorySegment featureIdSegment() {
        return featureIdSegment;
    }

    /** @return the operator this plan was made by, or {@code null} before planning */
    public FeatureOperator operator() {
        return operator;
    }

    /** @return B, the number of examples */
    public long batchSize() {
        return batch;
    }

    /** @return the number of outputs */
    public int outputCount() {
        return outputCount;
    }

    /** @param output output position @return its element type */
    public DType outputType(int output) {
        return outputTypes[output];
    }

    /** @param output output position @return its element count */
    public long outputCount(int output) {
        return outputCounts[output];
    }

    /**
     * The shape of an output: {@code [count]}, or {@code [rows, columns]} for the matrix a
     * padded-dense operator writes.
     *
     * @param output output position
     * @return a new array of its dimensions
     */
    public long[] outputShape(int output) {
        long columns = outputColumns[output];
        if (columns < 0) {
            return new long[] {outputCounts[output]};
        }
        return new long[] {columns == 0 ? 0 : outputCounts[output] / columns, columns};
    }

    /** @param output output position @return its columns, or -1 when it is 1-D */
    long outputColumns(int output) {
        return outputColumns[output];
    }

    /**
     * UTF-8 bytes of a string output.
     *
     * @param output output position
     * @return the total byte count of its strings, 0 for fixed-width outputs
     */
    public long outputStringBytes(int output) {
        return outputBytes[output];
    }

    /**
     * Allocates tensors of exactly the planned types and sizes.
     *
     * @param allocator where the memory comes from
     * @return the outputs in Caffe2's output order
     */
    public Tensor[] allocateOutputs(TensorAllocator allocator) {
        Tensor[] out = new Tensor[outputCount];
        for (int o = 0; o < outputCount; o++) {
            long columns = outputColumns[o];
            if (columns >= 0) {
                long rows = columns == 0 ? 0 : outputCounts[o] / columns;
                out[o] = outputTypes[o] == DType.STRING
                        ? Tensor.allocateStrings(allocator, rows, columns, outputBytes[o])
                        : Tensor.allocate(allocator, outputTypes[o], rows, columns);
            } else {
                out[o] = outputTypes[o] == DType.STRING
                        ? Tensor.allocateStrings(allocator, outputCounts[o], outputBytes[o])
                        : Tensor.allocate(allocator, outputTypes[o], outputCounts[o]);
            }
        }
        return out;
    }

    /**
     * Checks caller-provided outputs against the plan.
     *
     * @param outputs the outputs
     * @param roles role of each output, for messages; the last one stands for all after it
     */
    void checkOutputs(Tensor[] outputs, String[] roles) {
        if (outputs == null || outputs.length != outputCount) {
            throw new FeatureTensorException(operator.name(), FeatureTensorException.NO_INPUT, null,
                    (outputs == null ? 0 : outputs.length) + " outputs given, expected " + outputCount);
        }
        for (int o = 0; o < outputCount; o++) {
            Tensor t = outputs[o];
            if (t == null) {
                throw outputError(o, roles, "is missing");
            }
            if (t.dtype() != outputTypes[o]) {
                throw outputError(o, roles, "has dtype " + t.dtype().label() + ", expected "
                        + outputTypes[o].label());
            }
            if (t.count() != outputCounts[o]) {
                throw outputError(o, roles, "has " + t.count() + " elements, expected " + outputCounts[o]);
            }
            long columns = outputColumns[o];
            if (columns >= 0 ? t.rank() != 2 || t.dim(1) != columns : t.rank() != 1) {
                throw outputError(o, roles, "has shape " + Arrays.toString(t.shape()) + ", expected "
                        + Arrays.toString(outputShape(o)));
            }
            if (t.dtype() == DType.STRING && t.data().byteSize() < outputBytes[o]) {
                throw outputError(o, roles, "has room for " + t.data().byteSize()
                        + " string bytes, expected " + outputBytes[o]);
            }
            if (t.data().isReadOnly() || (t.offsets() != null && t.offsets().isReadOnly())) {
                throw outputError(o, roles, "is read-only");
            }
        }
    }

    private FeatureTensorException outputError(int o, String[] roles, String detail) {
        String role = roles[Math.min(o, roles.length - 1)];
        return new FeatureTensorException(operator.name(), FeatureTensorException.NO_INPUT, null,
                "output " + o + " (" + role + ") " + detail);
    }

    /** Throws unless this plan was made, successfully, by {@code op}. */
    void requireOperator(FeatureOperator op) {
        if (operator != op || inputs == null) {
            throw new IllegalStateException(op.name() + ": " + (operator == null ? "the plan was never made"
                    : operator != op ? "the plan was made by " + operator.name()
                    : "the plan's inputs were rejected"));
        }
    }
}
