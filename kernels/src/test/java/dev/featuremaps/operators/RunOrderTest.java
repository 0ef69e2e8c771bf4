package dev.featuremaps.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunOrderTest {
    @Test
    void batchesGoByEntryUnlessNearlyEveryPairIsPresent() {
        for (RunOrder unforced : new RunOrder[] {null, RunOrder.BY_INPUT}) {
            assertEquals(RunOrder.BY_ENTRY, RunOrder.choose(unforced, 30, 100));
            assertEquals(RunOrder.BY_ENTRY, RunOrder.choose(unforced, 70, 100));
            assertEquals(RunOrder.BY_ENTRY, RunOrder.choose(unforced, 89, 100));
            assertEquals(RunOrder.EXAMPLE_MAJOR, RunOrder.choose(unforced, 90, 100));
            assertEquals(RunOrder.EXAMPLE_MAJOR, RunOrder.choose(unforced, 100, 100));
            assertEquals(RunOrder.EXAMPLE_MAJOR, RunOrder.choose(unforced, 0, 0));
        }
    }

    /** The operators' entry points take this JVM's {@code -Dfeaturemaps.runOrder}, if any. */
    @Test
    void theOperatorsChoicesAreTheRulesUnderThisJvmsForcedOrder() {
        RunOrder forced = RunOrder.forced(System.getProperty("featuremaps.runOrder", "auto"));
        assertEquals(RunOrder.choose(forced, 30, 100), RunOrder.choose(30, 100));
        assertEquals(RunOrder.choose(forced, 100, 100), RunOrder.choose(100, 100));
        assertEquals(RunOrder.chooseForSparse(forced, 30, 100), RunOrder.chooseForSparse(30, 100));
        assertEquals(RunOrder.chooseForSparse(forced, 100, 100), RunOrder.chooseForSparse(100, 100));
        assertEquals(RunOrder.chooseForInputs(forced, 2), RunOrder.chooseForInputs(2));
        assertEquals(RunOrder.chooseForInputs(forced, 16), RunOrder.chooseForInputs(16));
    }

    @Test
    void aForcedSingleMergeOrderWinsOverTheNumbers() {
        assertEquals(RunOrder.EXAMPLE_MAJOR, RunOrder.choose(RunOrder.EXAMPLE_MAJOR, 1, 100));
        assertEquals(RunOrder.BY_ENTRY, RunOrder.choose(RunOrder.BY_ENTRY, 100, 100));
    }

    @Test
    void aFewInputsGoByInputAndManyExampleMajor() {
        for (RunOrder unforced : new RunOrder[] {null, RunOrder.BY_ENTRY}) {
            assertEquals(RunOrder.BY_INPUT, RunOrder.chooseForInputs(unforced, 2));
            assertEquals(RunOrder.BY_INPUT, RunOrder.chooseForInputs(unforced, RunOrder.MANY_INPUTS - 1));
            assertEquals(RunOrder.EXAMPLE_MAJOR, RunOrder.chooseForInputs(unforced, RunOrder.MANY_INPUTS));
            assertEquals(RunOrder.EXAMPLE_MAJOR, RunOrder.chooseForInputs(unforced, 16));
        }
        assertEquals(RunOrder.EXAMPLE_MAJOR, RunOrder.chooseForInputs(RunOrder.EXAMPLE_MAJOR, 2));
        assertEquals(RunOrder.BY_INPUT, RunOrder.chooseForInputs(RunOrder.BY_INPUT, 16));
    }

    @Test
    void sparseGradientsGoByInputAndDenseOnesExampleMajor() {
        for (RunOrder unforced : new RunOrder[] {null, RunOrder.BY_ENTRY}) {
            assertEquals(RunOrder.BY_INPUT, RunOrder.chooseForSparse(unforced, 30, 100));
            assertEquals(RunOrder.BY_INPUT, RunOrder.chooseForSparse(unforced, 49, 100));
            assertEquals(RunOrder.EXAMPLE_MAJOR, RunOrder.chooseForSparse(unforced, 50, 100));
            assertEquals(RunOrder.EXAMPLE_MAJOR, RunOrder.chooseForSparse(unforced, 0, 0));
        }
        assertEquals(RunOrder.EXAMPLE_MAJOR, RunOrder.chooseForSparse(RunOrder.EXAMPLE_MAJOR, 1, 100));
        assertEquals(RunOrder.BY_INPUT, RunOrder.chooseForSparse(RunOrder.BY_INPUT, 100, 100));
    }

    @Test
    void theForcingPropertyNamesEachOrder() {
        assertNull(RunOrder.forced("auto"));
        assertEquals(RunOrder.EXAMPLE_MAJOR, RunOrder.forced("example-major"));
        assertEquals(RunOrder.BY_ENTRY, RunOrder.forced("by-entry"));
        assertEquals(RunOrder.BY_INPUT, RunOrder.forced("by-input"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunOrder.forced("rows"));
        assertTrue(e.getMessage().contains("-Dfeaturemaps.runOrder=rows"), e.getMessage());
        assertTrue(e.getMessage().contains("by-input"), e.getMessage());
    }
}
