package dev.featuremaps.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.featuremaps.operators.FeatureTensorException;
import dev.featuremaps.operators.KernelFamily;
import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A batch of 2^31 examples is rejected by the plan like any other bad input. A dense matrix with
 * no columns holds such a batch in zero bytes, so this needs no gigabytes.
 */
class HugeBatchTest {
    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void batchPastInt32IsRejected(KernelFamily family) {
        try (TensorArena arena = TensorArena.confined()) {
            long rows = 1L << 31;
            Tensor dense = Tensor.allocate(arena, DType.FLOAT, rows, 0);
            Tensor presence = Tensor.allocate(arena, DType.BOOL, rows, 0);
            FeatureTensorException e = assertThrows(FeatureTensorException.class,
                    () -> Operators.using(family).operator(OperatorType.MERGE_DENSE.typeName()).plan(new Tensor[] {dense, presence}, new long[0], null));
            assertEquals(0, e.input());
            assertEquals("MergeDenseFeatureTensors: input 0 (dense): batch of 2147483648 examples exceeds the "
                    + "int32 index range (2147483647)", e.getMessage());

            // 2^31 - 1 examples are one too many as well: the offset tables hold B + 1 entries.
            Tensor most = Tensor.allocate(arena, DType.FLOAT, rows - 1, 0);
            Tensor mostPresence = Tensor.allocate(arena, DType.BOOL, rows - 1, 0);
            FeatureTensorException atLimit = assertThrows(FeatureTensorException.class,
                    () -> Operators.using(family).operator(OperatorType.MERGE_DENSE.typeName()).plan(new Tensor[] {most, mostPresence}, new long[0], null));
            assertEquals("MergeDenseFeatureTensors: input 0 (dense): batch of 2147483647 examples exceeds the "
                    + "int32 index range (2147483647)", atLimit.getMessage());
        }
    }
}
