package dev.featuremaps.testkit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.featuremaps.operators.KernelFamily;
import dev.featuremaps.operators.Operators;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fuzzer on both kernel families, 2,000 cases per operator each in the build (the system
 * property {@code featuremaps.fuzz.cases} changes it; CI runs 10,000 more per operator through
 * {@code featuremaps selftest}), every case valid-and-equal-to-the-model or
 * rejected-with-nothing-written.
 */
class FuzzTest {
    private static final long CASES = Long.getLong("featuremaps.fuzz.cases", 2_000);

    private static void fuzz(Operators ops, long seed) {
        Fuzzer.Report report = new Fuzzer(ops).run(ModelOperators.NAMES, CASES, seed);
        assertEquals(0, report.failed(), () -> report.failed() + " failed; first: " + report.failures());
        assertEquals(CASES * ModelOperators.NAMES.size(), report.passed());
    }

    @Test
    void scalarKernels() {
        fuzz(Operators.using(KernelFamily.SCALAR), 1);
    }

    @Test
    void vectorKernels() {
        fuzz(Operators.using(KernelFamily.PANAMA), 2);
    }

    /** The fuzzer must be able to fail: a broken operator family is caught. */
    @Test
    void everyMutationOccursAndSomeCasesAreRejected() {
        Fuzzer fuzzer = new Fuzzer(Operators.using(KernelFamily.SCALAR));
        Set<Fuzzer.Mutation> seen = EnumSet.noneOf(Fuzzer.Mutation.class);
        for (long seed = 0; seed < 3000 && seen.size() < Fuzzer.Mutation.values().length; seed++) {
            // The key and padding mutations apply only to the operators that take those arguments.
            for (String op : List.of("MergeSingleMapFeatureTensors", "MultiMapFeatureTensorsToKeyMajor",
                    "JaggedToPaddedDense")) {
                seen.add(fuzzer.describe(op, seed));
            }
        }
        assertEquals(EnumSet.allOf(Fuzzer.Mutation.class), seen);
        assertTrue(fuzzer.runCase("MergeSingleScalarFeatureTensors", 7) == null);
    }
}
