package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code PaddedDenseToJagged} (inputs dense T[B, M] and lengths int32[B], every length at most
 * M) and {@code JaggedToPaddedDenseGradient} (inputs lengths int32[B] and dense_grad T[B, M]):
 * one computation, output values T[sum(lengths)] holding the first cells of each row, and the
 * type's default for the values a row of M cells cut off (the gradient's case only).
 */
final class Unpad extends LayoutOperator {
    static final String TO_JAGGED = "PaddedDenseToJagged";
    static final String GRADIENT = PaddedDense.NAME + "Gradient";

    private final boolean gradient;
    private final int lengthsInput;
    private final int denseInput;
    /** What the lengths' size must match, for messages; made once, as built per call it allocated. */
    private final String rowsOfDense;

    Unpad(FeatureKernels kernels, boolean gradient) {
        super(gradient ? GRADIENT : TO_JAGGED, kernels,
                gradient ? new String[] {"lengths", "dense_grad"} : new String[] {"dense", "lengths"},
                gradient ? "values_grad" : "values");
        this.gradient = gradient;
        this.lengthsInput = gradient ? 0 : 1;
        this.denseInput = gradient ? 1 : 0;
        this.rowsOfDense = "the rows of input " + denseInput + " (" + (gradient ? "dense_grad" : "dense") + ")";
    }

    @Override
    void validate(Check check, Plan plan) {
        Tensor[] in = plan.inputs;
        check.inputs(2, gradient ? "lengths, dense_grad" : "dense, lengths");
        String denseRole = gradient ? "dense_grad" : "dense";
        long batch = check.matrix(denseInput, denseRole);
        Tensor dense = in[denseInput];
        long rowLength = dense.dim(1);
        check.lengths(lengthsInput, "lengths", batch, rowsOfDense);
        long values = check.sumLengths(lengthsInput, "lengths");
        check.total(values, "values", lengthsInput);
        Tensor lengths = in[lengthsInput];
        if (!gradient) {
            for (long e = 0; e < batch; e++) {
                int len = lengths.getInt(e);
                if (len > rowLength) {
                    throw check.fail(lengthsInput, "lengths", "length " + len + " at element " + e
                            + " exceeds the " + rowLength + " columns of input 0 (dense)");
                }
            }
        }
        check.strings(denseInput, denseRole);
        long bytes = 0;
        if (dense.dtype() == DType.STRING) {
            bytes = unpadStrings(lengths, dense, batch, rowLength, null);
        }
        plan.batch = batch;
        plan.valueType = dense.dtype();
        plan.addOutput(dense.dtype(), values, bytes);
    }

    @Override
    void compute(Plan plan, Tensor[] in, Tensor[] out) {
        Tensor dense = in[denseInput];
        Tensor lengths = in[lengthsInput];
        long rowLength = dense.dim(1);
        if (dense.dtype() == DType.STRING) {
            unpadStrings(lengths, dense, plan.batch, rowLength, out[0]);
            return;
        }
        MemorySegment bounds = plan.bounds();
        kernels.prefixSum(lengths.data(), null, plan.batch, bounds);
        kernels.unpadRuns(dense.data(), rowLength, bounds, plan.batch, out[0].data(), width(dense));
    }

    /**
     * The first cells of each row, then {@code ""} for each value cut off, into {@code dst}, or
     * with {@code dst == null} only the byte count.
     */
    private static long unpadStrings(Tensor lengths, Tensor dense, long batch, long rowLength, Tensor dst) {
        long pos = 0;
        long k = 0;
        for (long e = 0; e < batch; e++) {
            int len = lengths.getInt(e);
            long kept = Math.min(len, rowLength);
            long row = e * rowLength;
            long a = dense.stringOffset(row);
            long bytes = dense.stringOffset(row + kept) - a;
            if (dst != null) {
                for (long c = 0; c < len; c++) {
                    long off = c < kept ? dense.stringOffset(row + c) - a : bytes;
                    dst.offsets().set(ValueLayout.JAVA_LONG_UNALIGNED, (k + c) << 3, pos + off);
                }
                MemorySegment.copy(dense.data(), a, dst.data(), pos, bytes);
            }
            pos += bytes;
            k += len;
        }
        if (dst != null) {
            dst.offsets().set(ValueLayout.JAVA_LONG_UNALIGNED, k << 3, pos);
        }
        return pos;
    }
}
