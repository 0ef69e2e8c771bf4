package dev.featuremaps.benchmarks;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The C baseline must compute exactly what the reference computes, or the benchmark's setup check
 * would fail it: every operation on small generated cases, including the edges (no example, none
 * present, all present, empty runs), through the same subject and check the benchmark uses.
 *
 * <p>Skipped only when the build found no C compiler and said so; a build that left neither the
 * library nor that note is a failure, so a broken native step cannot pass as a skip.
 */
class NativeMergeTest {
    private static final List<Workload> SHAPES = List.of(
            new Workload("small", 37, 5, 3, 4, 3, 0.6),
            new Workload("empty-batch", 0, 3, 2, 2, 2, 0.5),
            new Workload("none-present", 9, 4, 2, 0, 2, 0.0),
            new Workload("all-present", 11, 3, 2, 3, 0, 1.0),
            new Workload("one-input", 17, 1, 1, 5, 6, 0.5));

    @BeforeAll
    static void theLibraryWasBuilt() throws IOException {
        if (NativeMerge.class.getResource(NativeMerge.LIBRARY) == null) {
            try (InputStream note = NativeMerge.class.getResourceAsStream(NativeMerge.MISSING)) {
                if (note == null) {
                    fail("the build left neither " + NativeMerge.LIBRARY + " nor " + NativeMerge.MISSING);
                }
                Assumptions.abort(new String(note.readAllBytes(), StandardCharsets.UTF_8).strip());
            }
        }
        assertNull(NativeMerge.unavailableReason(), "the library was built but does not load");
    }

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Operation op : operations()) {
            for (Workload w : SHAPES) {
                for (long seed = 1; seed <= 3; seed++) {
                    cases.add(Arguments.of(op, w, seed));
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} on {1}, seed {2}")
    @MethodSource("cases")
    void matchesTheReferenceByteForByte(Operation op, Workload w, long seed) {
        try (TensorArena arena = TensorArena.confined()) {
            OperatorCase c = OperatorCase.generate(op, w, seed, arena);
            Subject subject = Subject.create(Subject.NATIVE, c, arena);
            Verification.requireReferenceOutputs(c, Subject.NATIVE, subject);
            // A second call must not depend on cursors left over from the first.
            Verification.requireReferenceOutputs(c, Subject.NATIVE, subject);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void matchesTheReferenceOnTheRequestWorkload(Operation op) {
        try (TensorArena arena = TensorArena.confined()) {
            OperatorCase c = OperatorCase.generate(op, Workload.REQUEST, arena);
            Verification.requireReferenceOutputs(c, Subject.NATIVE, Subject.create(Subject.NATIVE, c, arena));
        }
    }

    static Operation[] operations() {
        return Arrays.stream(Operation.values()).filter(Operation::hasNative).toArray(Operation[]::new);
    }

    @Test
    void operationsWithoutACVersionAreRefusedWithTheReason() {
        try (TensorArena arena = TensorArena.confined()) {
            OperatorCase c = OperatorCase.generate(Operation.JAGGED_TO_PADDED_DENSE, SHAPES.get(0), arena);
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> Subject.create(Subject.NATIVE, c, arena));
            assertTrue(e.getMessage().contains("no C version of JaggedToPaddedDense"), e.getMessage());
        }
    }

    @Test
    void refusesValuesThatAreNotFloat32() {
        try (TensorArena arena = TensorArena.confined()) {
            OperatorCase c = OperatorCase.generate(Operation.SINGLE_SCALAR, SHAPES.get(0), arena);
            Tensor[] in = c.inputs().clone();
            in[0] = Tensor.allocate(arena, DType.INT32, in[0].count());
            assertThrows(IllegalArgumentException.class, () -> NativeMerge.of(Operation.SINGLE_SCALAR, in,
                    c.featureIds(), ReferenceMerge.of(c).allocateOutputs(arena), arena));
        }
    }
}
