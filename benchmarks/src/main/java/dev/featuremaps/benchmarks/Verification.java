package dev.featuremaps.benchmarks;

import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import java.lang.foreign.MemorySegment;

/**
 * The check every benchmark makes before it measures: a subject's outputs must equal the
 * reference's byte for byte, so a fast but wrong kernel cannot post a number.
 */
public final class Verification {
    private Verification() {
    }

    /**
     * Runs the reference and the subject on the case and compares their outputs. Both output sets
     * are first filled with different junk bytes, so a byte the subject leaves unwritten also fails.
     *
     * @param c the case the subject was made for
     * @param impl the subject's name, for the message
     * @param subject the implementation under test
     * @throws IllegalStateException on the first difference, naming output, element and values
     */
    public static void requireReferenceOutputs(OperatorCase c, String impl, Subject subject) {
        try (TensorArena scratch = TensorArena.confined()) {
            ReferenceMerge reference = ReferenceMerge.of(c);
            Tensor[] expected = reference.allocateOutputs(scratch);
            fill(expected, (byte) 0x5A);
            reference.run(expected);
            fill(subject.outputs(), (byte) 0xA5);
            subject.execute();
            requireIdentical(c.operation().benchmark() + " on " + c.workload().name() + ", impl " + impl,
                    expected, subject.outputs());
        }
    }

    /**
     * Compares two output sets byte for byte.
     *
     * @param what names the comparison in the message
     * @param expected the reference outputs
     * @param actual the outputs under test
     * @throws IllegalStateException on the first difference in count, type, size or bytes
     */
    public static void requireIdentical(String what, Tensor[] expected, Tensor[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalStateException(what + ": " + actual.length + " outputs, the reference has "
                    + expected.length);
        }
        for (int o = 0; o < expected.length; o++) {
            Tensor e = expected[o];
            Tensor a = actual[o];
            if (e.dtype() != a.dtype() || e.count() != a.count()) {
                throw new IllegalStateException(what + ": output " + o + " is " + a.dtype() + "[" + a.count()
                        + "], the reference's is " + e.dtype() + "[" + e.count() + "]");
            }
            int width = e.dtype().byteSize();
            long bytes = e.count() * width;
            long at = MemorySegment.mismatch(e.data(), 0, bytes, a.data(), 0, bytes);
            if (at >= 0) {
                long element = at / width;
                throw new IllegalStateException(what + ": output " + o + " differs from the reference at element "
                        + element + " of " + e.count() + ": expected " + e.getObject(element) + ", got "
                        + a.getObject(element));
            }
        }
    }

    private static void fill(Tensor[] tensors, byte junk) {
        for (Tensor t : tensors) {
            t.data().fill(junk);
        }
    }
}
