package dev.featuremaps.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.tensors.Tensors;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each layout operator of a new registry (not the default one, built once per JVM) is the
 * operator its name says: it plans a one-entry call of its own layout, counts its inputs by
 * that layout, and names each output by its role when one is missing. The constructors choose
 * name, input roles and output roles from one flag; these are the only places the choice shows.
 */
class LayoutOperatorRolesTest {
    /** A valid one-example call of an operator, its input layout and its output roles. */
    private record Call(Tensor[] inputs, OperatorArguments arguments, String layout, String[] outputs) {
        /** The role of each input, from the layout. */
        String[] roles() {
            return layout.split(", ");
        }
    }

    private static Call call(OperatorType type, TensorArena a) {
        Tensor one = Tensors.ofInts(a, 1);
        Tensor key = Tensors.ofLongs(a, 7);
        Tensor value = Tensors.ofFloats(a, 0.5f);
        OperatorArguments keys = OperatorArguments.ids(7);
        String[] keyMajor = {"lengths", "values"};
        return switch (type) {
            case MULTI_SCALAR_TO_KEY_MAJOR -> new Call(new Tensor[] {one, key, value}, keys,
                    "lengths, keys, values", keyMajor);
            case MULTI_LIST_TO_KEY_MAJOR -> new Call(new Tensor[] {one, key, one, value}, keys,
                    "lengths, keys, values.lengths, values.values", keyMajor);
            case MULTI_MAP_TO_KEY_MAJOR -> new Call(new Tensor[] {one, key, one, key, value}, keys,
                    "lengths, keys, values.lengths, values.keys, values.values",
                    new String[] {"lengths", "values", "weights"});
            case MULTI_SCALAR_TO_KEY_MAJOR_GRADIENT -> new Call(new Tensor[] {one, key, value}, keys,
                    "lengths, keys, values_grad", new String[] {"values_grad"});
            case MULTI_LIST_TO_KEY_MAJOR_GRADIENT -> new Call(new Tensor[] {one, key, one, value}, keys,
                    "lengths, keys, values.lengths, values_grad", new String[] {"values_grad"});
            case MULTI_MAP_TO_KEY_MAJOR_GRADIENT -> new Call(new Tensor[] {one, key, one, value}, keys,
                    "lengths, keys, values.lengths, weights_grad", new String[] {"values.values_grad"});
            case JAGGED_TO_PADDED_DENSE -> new Call(new Tensor[] {one, value}, OperatorArguments.padding(2, 0),
                    "lengths, values", new String[] {"dense"});
            case PADDED_DENSE_TO_JAGGED -> new Call(new Tensor[] {matrix(a), one}, OperatorArguments.NONE,
                    "dense, lengths", new String[] {"values"});
            case JAGGED_TO_PADDED_DENSE_GRADIENT -> new Call(new Tensor[] {one, matrix(a)}, OperatorArguments.NONE,
                    "lengths, dense_grad", new String[] {"values_grad"});
            default -> null;
        };
    }

    private static Tensor matrix(TensorArena a) {
        return Tensors.matrix(a, DType.FLOAT, 1, 2, new float[] {0.5f, 0f});
    }

    @ParameterizedTest
    @EnumSource(value = OperatorType.class, names = {"MULTI_.*_KEY_MAJOR.*", ".*PADDED_DENSE.*"},
            mode = EnumSource.Mode.MATCH_ANY)
    void aNewRegistrysLayoutOperatorIsTheOneItsNameSays(OperatorType type) {
        Operators fresh = Operators.using(KernelFamily.SCALAR);
        FeatureOperator op = fresh.operator(type.typeName());
        assertEquals(type.typeName(), op.name());
        try (TensorArena a = TensorArena.confined()) {
            Call c = call(type, a);
            FeatureTensorException count = assertThrows(FeatureTensorException.class,
                    () -> op.planWith(Arrays.copyOf(c.inputs(), c.inputs().length + 1), c.arguments(), null));
            assertTrue(count.getMessage().contains("expected exactly " + c.inputs().length + " (" + c.layout() + ")"),
                    count.getMessage());
            Plan plan = op.planWith(c.inputs(), c.arguments(), null);
            Tensor[] outputs = plan.allocateOutputs(a);
            assertEquals(c.outputs().length, outputs.length);
            // An input that is also an output is named by its role: one input at a time.
            String[] roles = c.roles();
            int named = 0;
            for (int i = 0; i < roles.length; i++) {
                Tensor input = c.inputs()[i];
                for (Tensor output : outputs) {
                    if (input.dtype() != output.dtype() || input.rank() != output.rank()
                            || input.count() != output.count()) {
                        continue;
                    }
                    output.data().copyFrom(input.data());
                    Tensor[] in = c.inputs().clone();
                    in[i] = output;
                    Plan aliased = op.planWith(in, c.arguments(), null);
                    int at = i;
                    FeatureTensorException e = assertThrows(FeatureTensorException.class,
                            () -> op.execute(aliased, outputs));
                    assertTrue(e.getMessage().contains("input " + at + " (" + roles[at]
                            + "): its memory overlaps an output"), e.getMessage());
                    named++;
                    break;
                }
            }
            // The padded layouts' inputs match no output's shape; the key-major ones' do.
            assertTrue(named > 0 || !type.typeName().contains("KeyMajor"), "no input of " + type + " aliased");
            for (int o = 0; o < outputs.length; o++) {
                Tensor[] missing = outputs.clone();
                missing[o] = null;
                FeatureTensorException e = assertThrows(FeatureTensorException.class,
                        () -> op.execute(plan, missing));
                assertTrue(e.getMessage().contains("output " + o + " (" + c.outputs()[o] + ") is missing"),
                        e.getMessage());
            }
        }
    }
}
