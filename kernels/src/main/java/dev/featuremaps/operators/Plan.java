package dev.featuremaps.operators;

import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorAllocator;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A validated operator call: its inputs, the type and size of every output, and the scratch
 * tables the kernels use.
 *
 * <p>Reuse one plan per thread across calls: once its scratch has grown to the largest batch seen,
 * planning and executing allocate nothing. Not thread-safe.
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

    private int outputCount;
    private DType[] outputTypes = new DType[8];
    private long[] outputCounts = new long[8];
    private long[] outputBytes = new long[8];

    private long[] cursors = new long[0];
    private long[] bounds = new long[0];
    private int[] counts = new int[0];
    private MemorySegment cursorSegment = MemorySegment.ofArray(cursors);
    private MemorySegment boundsSegment = MemorySegment.ofArray(bounds);
    private MemorySegment countSegment = MemorySegment.ofArray(counts);
    private MemorySegment featureIdSegment = MemorySegment.NULL;
    final StringValues strings = new StringValues();

    /** Creates an empty plan to pass to {@link FeatureOperator#plan}. */
    public Plan() {
    }

    void reset(FeatureOperator op, Tensor[] in, long[] ids) {
        this.operator = op;
        this.inputs = in;
        this.featureIds = ids;
        this.batch = 0;
        this.groups = 0;
        this.valueType = null;
        this.outputCount = 0;
    }

    void addOutput(DType type, long count, long stringBytes) {
        if (outputCount == outputTypes.length) {
            int n = outputCount * 2;
            outputTypes = Arrays.copyOf(outputTypes, n);
            outputCounts = Arrays.copyOf(outputCounts, n);
            outputBytes = Arrays.copyOf(outputBytes, n);
        }
        outputTypes[outputCount] = type;
        outputCounts[outputCount] = count;
        outputBytes[outputCount] = stringBytes;
        outputCount++;
    }

    /** Sets the element type of every output added so far (gradients learn it last). */
    void setOutputTypes(DType type) {
        Arrays.fill(outputTypes, 0, outputCount, type);
    }

    void setOutputBytes(int output, long bytes) {
        outputBytes[output] = bytes;
    }

    /** Grows the scratch tables to hold a batch of {@code b} examples. */
    void reserve(long b) {
        int need = Math.toIntExact(b + 1);
        if (cursors.length < need) {
            int n = Math.max(need, cursors.length + (cursors.length >> 1));
            cursors = new long[n];
            bounds = new long[n];
            counts = new int[n];
            cursorSegment = MemorySegment.ofArray(cursors);
            boundsSegment = MemorySegment.ofArray(bounds);
            countSegment = MemorySegment.ofArray(counts);
        }
    }

    void featureIdsAsSegment() {
        featureIdSegment = MemorySegment.ofArray(featureIds);
    }

    /** Zeroes the first {@code n} int32 counts. */
    void clearCounts(long n) {
        Arrays.fill(counts, 0, (int) n, 0);
    }

    /** Zeroes the first {@code n} int64 cursors. */
    void clearCursors(long n) {
        Arrays.fill(cursors, 0, (int) n, 0L);
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
            out[o] = outputTypes[o] == DType.STRING
                    ? Tensor.allocateStrings(allocator, outputCounts[o], outputBytes[o])
                    : Tensor.allocate(allocator, outputTypes[o], outputCounts[o]);
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
