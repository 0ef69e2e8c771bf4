package dev.featuremaps.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.tensors.Tensors;
import org.junit.jupiter.api.Test;

/** The demo's round-trip check must be able to fail. */
class DemoCommandTest {

    @Test
    void equalValuesPass() {
        try (TensorArena a = TensorArena.confined()) {
            assertNull(DemoCommand.compare(Tensors.ofLongs(a, 1, 2), Tensors.ofLongs(a, 1, 2), null));
        }
    }

    @Test
    void scalarGradientMustHoldTheDefaultWhereAbsent() {
        try (TensorArena a = TensorArena.confined()) {
            Tensor values = Tensors.ofFloats(a, 1.5f, 7f);
            Tensor presence = Tensors.ofBooleans(a, true, false);
            assertNull(DemoCommand.compare(Tensors.ofFloats(a, 1.5f, 0f), values, presence));
            assertEquals("element 1 is 7.0, expected 0.0",
                    DemoCommand.compare(Tensors.ofFloats(a, 1.5f, 7f), values, presence));
            assertEquals("element 1 is -0.0, expected 0.0",
                    DemoCommand.compare(Tensors.ofFloats(a, 1.5f, -0f), values, presence));
        }
    }

    @Test
    void mismatchesAreNamed() {
        try (TensorArena a = TensorArena.confined()) {
            assertEquals("element 0 is b, expected a",
                    DemoCommand.compare(Tensors.ofStrings(a, "b"), Tensors.ofStrings(a, "a"), null));
            assertEquals("1 elements, input has 2",
                    DemoCommand.compare(Tensors.ofInts(a, 1), Tensors.ofInts(a, 1, 2), null));
            assertEquals("dtype int64, input is int32",
                    DemoCommand.compare(Tensors.ofLongs(a, 1), Tensors.ofInts(a, 1), null));
        }
    }
}
