package dev.featuremaps.testkit.conformance;

import static dev.featuremaps.testkit.model.Column.ints;

import dev.featuremaps.operators.KernelFamily;
import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rule of {@link OperatorValidationTest} that needs the real int32 limit reached: 2^31
 * present entries or features. A class of its own because it reads gigabytes, some 25 s: the
 * mutation run leaves it out and checks the same totals against a low limit instead
 * ({@code TotalLimitTest} in the kernels module).
 */
class TotalsPastInt32Test {
    private static final String SS = OperatorType.MERGE_SINGLE_SCALAR.typeName();
    private static final String SL = OperatorType.MERGE_SINGLE_LIST.typeName();
    private static final String SM = OperatorType.MERGE_SINGLE_MAP.typeName();
    private static final String MS = OperatorType.MERGE_MULTI_SCALAR.typeName();
    private static final String ML = OperatorType.MERGE_MULTI_LIST.typeName();
    private static final String MM = OperatorType.MERGE_MULTI_MAP.typeName();
    private static final String SSG = OperatorType.MERGE_SINGLE_SCALAR_GRADIENT.typeName();
    private static final String MSG = OperatorType.MERGE_MULTI_SCALAR_GRADIENT.typeName();

    /** The validation suite's calls and assertions, on an arena of this test's own. */
    private final OperatorValidationTest v = new OperatorValidationTest();

    @BeforeEach
    void openArena() {
        v.openArena();
    }

    @AfterEach
    void closeArena() {
        v.closeArena();
    }

    /**
     * The present entries (single features) or the features (multi) add up past 2^31 - 1. Each
     * of these validations reads 2^31 presence bytes or lengths, about a second: they are
     * checked through plan and execute only, not again through run.
     */
    @ParameterizedTest
    @EnumSource(KernelFamily.class)
    void totalFeaturesMustFitInt32(KernelFamily family) {
        String limit = "total of 2147483648 features exceeds the int32 index range (2147483647)";
        int batch = 1 << 21;
        int features = 1024; // batch * features = 2^31 present entries
        Tensor allPresent = Tensor.allocate(v.arena, DType.BOOL, batch);
        allPresent.data().fill((byte) 1);
        Tensor values = Tensor.allocate(v.arena, DType.BOOL, batch);
        Tensor noValues = Tensor.allocate(v.arena, DType.BOOL, 0);
        Tensor zeros = Tensor.allocate(v.arena, DType.INT32, batch);
        v.assertRejectedTotal(family, OperatorValidationTest.repeat(SS, new Tensor[] {values, allPresent}, features, null), false, limit);
        v.assertRejectedTotal(family, OperatorValidationTest.repeat(SSG, new Tensor[] {allPresent}, features, values), false, limit);
        v.assertRejectedTotal(family, OperatorValidationTest.repeat(SL, new Tensor[] {zeros, noValues, allPresent}, features, null), false,
                limit);
        v.assertRejectedTotal(family, OperatorValidationTest.repeat(SM, new Tensor[] {zeros, noValues, noValues, allPresent}, features, null),
                false, limit);

        int perInput = 1 << 17;
        int inputs = 1 << 14; // perInput * inputs = 2^31 features
        Tensor lengths = v.t(ints(perInput));
        Tensor keys = Tensor.allocate(v.arena, DType.INT64, perInput);
        Tensor scalars = Tensor.allocate(v.arena, DType.BOOL, perInput);
        Tensor runLengths = Tensor.allocate(v.arena, DType.INT32, perInput);
        v.assertRejectedTotal(family, OperatorValidationTest.repeat(MS, new Tensor[] {lengths, keys, scalars}, inputs, null), true, limit);
        v.assertRejectedTotal(family, OperatorValidationTest.repeat(ML, new Tensor[] {lengths, keys, runLengths, noValues}, inputs, null),
                false, limit);
        v.assertRejectedTotal(family, OperatorValidationTest.repeat(MM, new Tensor[] {lengths, keys, runLengths, noValues, noValues}, inputs,
                null), false, limit);

        Tensor max = v.t(ints(Integer.MAX_VALUE));
        v.assertRejectedTotal(family, OperatorValidationTest.repeat(MSG, new Tensor[] {max}, 2, values), true,
                "total of 4294967294 features exceeds the int32 index range (2147483647)");
    }
}
