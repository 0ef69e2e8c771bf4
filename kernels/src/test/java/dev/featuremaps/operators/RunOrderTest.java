package dev.featuremaps.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class RunOrderTest {
    @Test
    void sparseBatchesGoByEntryAndDenseOnesExampleMajor() {
        assumeTrue(System.getProperty("featuremaps.runOrder") == null, "an order is forced in this JVM");
        assertEquals(RunOrder.BY_ENTRY, RunOrder.choose(30, 100));
        assertEquals(RunOrder.BY_ENTRY, RunOrder.choose(49, 100));
        assertEquals(RunOrder.EXAMPLE_MAJOR, RunOrder.choose(50, 100));
        assertEquals(RunOrder.EXAMPLE_MAJOR, RunOrder.choose(70, 100));
        assertEquals(RunOrder.EXAMPLE_MAJOR, RunOrder.choose(0, 0));
    }

    @Test
    void theForcingPropertyNamesEachOrder() {
        assertNull(RunOrder.forced("auto"));
        assertEquals(RunOrder.EXAMPLE_MAJOR, RunOrder.forced("example-major"));
        assertEquals(RunOrder.BY_ENTRY, RunOrder.forced("by-entry"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunOrder.forced("rows"));
        assertTrue(e.getMessage().contains("-Dfeaturemaps.runOrder=rows"), e.getMessage());
    }
}
