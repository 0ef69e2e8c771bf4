package dev.featuremaps.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.featuremaps.features.MultiScalarFeatures;
import dev.featuremaps.features.SingleScalarFeature;
import dev.featuremaps.operators.FeatureMerge;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.tensors.Tensors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java usage example of README.md, kept compiling and correct. */
class ReadmeExampleTest {
    @Test
    void readmeExample() {
        // --- README example start
        try (TensorArena arena = TensorArena.confined()) {
            // Two scalar features of a batch of 3 examples; "clicks" is missing for example 1.
            SingleScalarFeature age = new SingleScalarFeature(
                    Tensors.ofFloats(arena, 31f, 45f, 27f),
                    Tensors.ofBooleans(arena, true, true, true));
            SingleScalarFeature clicks = new SingleScalarFeature(
                    Tensors.ofFloats(arena, 4f, 0f, 9f),
                    Tensors.ofBooleans(arena, true, false, true));

            MultiScalarFeatures merged = FeatureMerge.defaults()
                    .mergeSingleScalar(arena, List.of(age, clicks), new long[] {11, 12});

            Tensor lengths = merged.lengths();  // int32 [2, 1, 2]
            Tensor keys = merged.keys();        // int64 [11, 12, 11, 11, 12]
            Tensor values = merged.values();    // float [31, 4, 45, 27, 9]
            // --- README example end
            assertArrayEquals(new int[] {2, 1, 2}, Tensors.toIntArray(lengths));
            assertArrayEquals(new long[] {11, 12, 11, 11, 12}, Tensors.toLongArray(keys));
            assertArrayEquals(new float[] {31, 4, 45, 27, 9}, Tensors.toFloatArray(values));
        }
    }
}
