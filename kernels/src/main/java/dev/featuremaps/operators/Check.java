package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;

/**
 * Input validation shared by the operators: each method checks one rule of SEMANTICS.md
 * "Validation" and throws a {@link FeatureTensorException} naming the input and the numbers.
 * The sums come from the kernels, so validating costs one vectorized pass over lengths and
 * presence.
 */
final class Check {
    /** The largest total the int32 output lengths (and Caffe2's int indices) can address. */
    static final long MAX_TOTAL = Integer.MAX_VALUE;

    private final AbstractOperator operator;
    private final String op;
    private final FeatureKernels kernels;
    private Tensor[] in;

    Check(AbstractOperator operator, FeatureKernels kernels) {
        this.operator = operator;
        this.op = operator.name();
        this.kernels = kernels;
    }

    /** Kept in a plan and pointed at each call's inputs: planning allocates no validator. */
    Check of(AbstractOperator caller, Tensor[] inputs) {
        Check c = caller == operator ? this : new Check(caller, caller.kernels);
        c.in = inputs;
        return c;
    }

    FeatureTensorException fail(int input, String role, String detail) {
        return new FeatureTensorException(op, input, role, detail);
    }

    /** A failure of input {@code i}, named by its role in this operator. */
    FeatureTensorException fail(int input, String detail) {
        return fail(input, operator.inputRole(input, in.length), detail);
    }

    FeatureTensorException fail(String detail) {
        return new FeatureTensorException(op, FeatureTensorException.NO_INPUT, null, detail);
    }

    /** The input count is {@code k * groups + extra} with {@code groups >= 1}. */
    int groups(int perGroup, int extra, String layout) {
        int n = in == null ? 0 : in.length;
        int groups = (n - extra) / perGroup;
        if (n < perGroup + extra || (n - extra) % perGroup != 0) {
            throw fail(n + " inputs, expected " + layout);
        }
        for (int i = 0; i < n; i++) {
            if (in[i] == null) {
                throw fail("input " + i + " is missing");
            }
        }
        return groups;
    }

    /** Exactly {@code count} inputs, none missing. */
    void inputs(int count, String layout) {
        int n = in == null ? 0 : in.length;
        if (n != count) {
            throw fail(n + " inputs, expected exactly " + count + " (" + layout + ")");
        }
        for (int i = 0; i < n; i++) {
            if (in[i] == null) {
                throw fail("input " + i + " is missing");
            }
        }
    }

    /** A rank-2 tensor; returns its rows. */
    long matrix(int i, String role) {
        Tensor t = in[i];
        if (t.rank() != 2) {
            throw fail(i, role, "has rank " + t.rank() + ", expected a 2-D [B, N] tensor");
        }
        return t.dim(0);
    }

    void featureIds(long[] ids, int expected, String per) {
        int got = ids == null ? 0 : ids.length;
        if (got != expected) {
            throw fail("feature_ids has " + got + " entries, expected " + expected + " (one per " + per + ")");
        }
    }

    void dtype(int i, String role, DType want) {
        Tensor t = in[i];
        if (t.dtype() != want) {
            throw fail(i, role, "dtype " + t.dtype().label() + ", expected " + want.label());
        }
    }

    /** Element types of inputs must agree with the first input of the same role. */
    void sameType(int i, String role, int first) {
        Tensor t = in[i];
        if (t.dtype() != in[first].dtype()) {
            throw fail(i, role, "dtype " + t.dtype().label() + " differs from "
                    + in[first].dtype().label() + " of input " + first + " (" + role + ")");
        }
    }

    void rank1(int i, String role) {
        if (in[i].rank() != 1) {
            throw fail(i, role, "has rank " + in[i].rank() + ", expected a 1-D tensor");
        }
    }

    void size(int i, String role, long expected, String why) {
        size(i, role, expected, why, -1);
    }

    /**
     * Like {@link #size(int, String, long, String)}, the reason being {@code why} followed by
     * input number {@code whyInput}: the message is only built when the check fails.
     */
    void size(int i, String role, long expected, String why, int whyInput) {
        Tensor t = in[i];
        rank1(i, role);
        if (t.count() != expected) {
            throw fail(i, role, "has " + t.count() + " elements, expected " + expected + " (" + why
                    + (whyInput < 0 ? "" : " " + whyInput) + ")");
        }
    }

    /** A bool[B] presence tensor: its dtype, size and bytes; returns the count present. */
    long presence(int i, long batch, String why) {
        dtype(i, "presence", DType.BOOL);
        size(i, "presence", batch, why);
        long present = kernels.countPresent(in[i].data(), 0, batch);
        if (present < 0) {
            throw badPresence(i, 0, batch);
        }
        return present;
    }

    FeatureTensorException badPresence(int i, long from, long n) {
        Tensor t = in[i];
        for (long e = from; e < from + n; e++) {
            byte b = t.getByte(e);
            if (b != 0 && b != 1) {
                return fail(i, "presence", "byte " + (b & 0xff) + " at element " + e + " is neither 0 nor 1");
            }
        }
        throw new AssertionError("presence check disagreed with its kernel");
    }

    /** An int32[B] lengths tensor: dtype and size. */
    void lengths(int i, String role, long batch, String why) {
        dtype(i, role, DType.INT32);
        size(i, role, batch, why);
    }

    /** Sum of all lengths, rejecting negatives. */
    long sumLengths(int i, String role) {
        Tensor t = in[i];
        long sum = kernels.sumLengths(t.data(), t.count());
        if (sum < 0) {
            for (long e = 0; e < t.count(); e++) {
                if (t.getInt(e) < 0) {
                    throw fail(i, role, "negative length " + t.getInt(e) + " at element " + e);
                }
            }
        }
        return sum;
    }

    /** Sum of the present lengths, rejecting negative present ones. */
    long sumPresentLengths(int i, int presenceInput) {
        Tensor t = in[i];
        long sum = kernels.sumPresentLengths(t.data(), in[presenceInput].data(), t.count());
        if (sum < 0) {
            for (long e = 0; e < t.count(); e++) {
                if (t.getInt(e) < 0 && in[presenceInput].getBoolean(e)) {
                    throw fail(i, "lengths", "negative length " + t.getInt(e) + " at present example " + e);
                }
            }
        }
        return sum;
    }

    /** The operator's limit on totals: int32's, lowered by tests. */
    long maxTotal() {
        return operator.maxTotal;
    }

    /**
     * A running total that must fit the int32 output index type, checked as each input adds to
     * it so that the message names the input that pushed it over.
     */
    void total(long total, String what, int input) {
        if (total > operator.maxTotal) {
            throw fail(input, "total of " + total + " " + what + " exceeds the int32 index range ("
                    + operator.maxTotal + ")");
        }
    }

    /** A string tensor's offsets are non-decreasing and inside its bytes. */
    void strings(int i, String role) {
        Tensor t = in[i];
        if (t.dtype() != DType.STRING) {
            return;
        }
        long n = t.count();
        long prev = t.stringOffset(0);
        if (prev < 0) {
            throw fail(i, role, "string offset " + prev + " at element 0 is negative");
        }
        for (long e = 1; e <= n; e++) {
            long off = t.stringOffset(e);
            if (off < prev) {
                throw fail(i, role, "string offsets decrease at element " + e + ": " + off + " < " + prev);
            }
            prev = off;
        }
        if (prev > t.data().byteSize()) {
            throw fail(i, role, "string offsets end at byte " + prev + ", past the " + t.data().byteSize()
                    + " bytes of data");
        }
    }
}
