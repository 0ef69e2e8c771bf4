package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code JaggedToPaddedDense}: inputs lengths int32[B] and values T[sum(lengths)], arguments
 * {@code max_length} (at least 1) and {@code padding_value}; output dense T[B, max_length], row
 * {@code e} holding the first {@code min(lengths[e], max_length)} values of example {@code e},
 * then the padding. Fixed-width rows are written by the kernels' {@code padRuns}; strings, which
 * pad with {@code ""}, by scalar code.
 */
final class PaddedDense extends LayoutOperator {
    static final String NAME = "JaggedToPaddedDense";

    /** The padding's bits, for the kernels; set by validate. */
    private static final class Scratch {
        long padding;
    }

    PaddedDense(FeatureKernels kernels) {
        super(NAME, kernels, new String[] {"lengths", "values"}, "dense");
    }

    @Override
    void validate(Check check, Plan plan) {
        Tensor[] in = plan.inputs;
        check.inputs(2, "lengths, values");
        long batch = in[0].count();
        check.lengths(0, "lengths", batch, "the batch size");
        long values = check.sumLengths(0, "lengths");
        check.size(1, "values", values, "the sum of the lengths of input", 0);
        check.strings(1, "values");
        long maxLength = plan.maxLength;
        if (maxLength < 1) {
            throw check.fail(maxLength == 0 ? "argument max_length is missing: expected the row length, at least 1"
                    : "argument max_length is " + maxLength + ", expected at least 1");
        }
        long cells = Math.multiplyHigh(batch, maxLength) != 0 ? Long.MAX_VALUE : batch * maxLength;
        if (cells > maxTotal) {
            // Only here is the message built: concatenated up front, it allocated at every plan.
            check.total(cells, "cells (" + batch + " rows of max_length " + maxLength + ")", 0);
        }
        DType type = in[1].dtype();
        long bits = paddingBits(check, type, plan.paddingValue);
        plan.scratch(Scratch.class, Scratch::new).padding = bits;
        long bytes = 0;
        if (type == DType.STRING) {
            bytes = keptBytes(in[0], in[1], batch, maxLength);
        }
        plan.batch = batch;
        plan.valueType = type;
        plan.addMatrixOutput(type, batch, maxLength, bytes);
    }

    /** The padding as the element's bits, refusing a value the type cannot hold exactly. */
    static long paddingBits(Check check, DType type, double v) {
        switch (type) {
            case BOOL -> {
                if (v == 0 || v == 1) {
                    return (long) v;
                }
            }
            case INT32 -> {
                if (v == Math.rint(v) && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    return (int) v;
                }
            }
            case INT64 -> {
                if (v == Math.rint(v) && v >= -0x1p63 && v < 0x1p63) {
                    return (long) v;
                }
            }
            case FLOAT -> {
                return Float.floatToRawIntBits((float) v);
            }
            case DOUBLE -> {
                return Double.doubleToRawLongBits(v);
            }
            case STRING -> {
                if (v == 0) {
                    return 0;
                }
            }
        }
        throw check.fail("argument padding_value " + v + " does not fit dtype " + type.label()
                + (type == DType.BOOL ? " (0 or 1)" : type == DType.STRING ? " (strings pad with \"\", value 0)" : ""));
    }

    /** UTF-8 bytes of the first {@code min(lengths[e], maxLength)} strings of every run. */
    private static long keptBytes(Tensor lengths, Tensor values, long batch, long maxLength) {
        long bytes = 0;
        long from = 0;
        for (long e = 0; e < batch; e++) {
            int len = lengths.getInt(e);
            long kept = Math.min(len, maxLength);
            bytes += values.stringOffset(from + kept) - values.stringOffset(from);
            from += len;
        }
        return bytes;
    }

    @Override
    void compute(Plan plan, Tensor[] in, Tensor[] out) {
        long batch = plan.batch;
        long maxLength = plan.maxLength;
        Tensor values = in[1];
        if (values.dtype() == DType.STRING) {
            padStrings(in[0], values, batch, maxLength, out[0]);
            return;
        }
        MemorySegment bounds = plan.bounds();
        kernels.prefixSum(in[0].data(), null, batch, bounds);
        kernels.padRuns(values.data(), bounds, batch, out[0].data(), maxLength,
                plan.scratch(Scratch.class, Scratch::new).padding, width(values));
    }

    private static void padStrings(Tensor lengths, Tensor values, long batch, long maxLength, Tensor dst) {
        MemorySegment offsets = dst.offsets();
        long pos = 0;
        long from = 0;
        for (long e = 0; e < batch; e++) {
            int len = lengths.getInt(e);
            long kept = Math.min(len, maxLength);
            long base = values.stringOffset(from);
            for (long c = 0; c < maxLength; c++) {
                long cell = e * maxLength + c;
                offsets.set(ValueLayout.JAVA_LONG_UNALIGNED, cell << 3, pos);
                if (c < kept) {
                    pos += values.stringOffset(from + c + 1) - values.stringOffset(from + c);
                }
            }
            long bytes = values.stringOffset(from + kept) - base;
            MemorySegment.copy(values.data(), base, dst.data(), pos - bytes, bytes);
            from += len;
        }
        offsets.set(ValueLayout.JAVA_LONG_UNALIGNED, (batch * maxLength) << 3, pos);
    }
}
