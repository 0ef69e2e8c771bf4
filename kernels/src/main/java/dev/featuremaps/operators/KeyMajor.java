package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;

/**
 * {@code Multi{Scalar,List,Map}FeatureTensorsToKeyMajor}: a multi-feature batch, example-major,
 * to TorchRec's key-major layout. Argument {@code keys} int64[K], distinct. Outputs {@code
 * lengths} int32[K·B] and the values (scalar: each kept entry's value; list: its run; map: the
 * runs of values.keys, then as {@code weights} the runs of values.values) for key 0's examples
 * 0..B−1, then key 1's, and so on; entries whose id is not a key are dropped.
 *
 * <p>The plan lays the entries out ({@link KeyMajorLayout}); executing gathers each kept run
 * into an output written front to back, which the kernels copy as whole vector blocks, or for
 * fixed-width scalars moves each value through its key's cursor.
 */
final class KeyMajor extends LayoutOperator {
    static final String SCALAR = "MultiScalarFeatureTensorsToKeyMajor";
    static final String LIST = "MultiListFeatureTensorsToKeyMajor";
    static final String MAP = "MultiMapFeatureTensorsToKeyMajor";

    private static final String[] SCALAR_ROLES = {"lengths", "keys", "values"};
    private static final String[] LIST_ROLES = {"lengths", "keys", "values.lengths", "values.values"};
    private static final String[] MAP_ROLES = {"lengths", "keys", "values.lengths", "values.keys", "values.values"};
    /** The input layouts for messages, joined once: joining them per call allocated at every plan. */
    private static final String[] LAYOUTS = {String.join(", ", SCALAR_ROLES), String.join(", ", LIST_ROLES),
        String.join(", ", MAP_ROLES)};

    /** 0 scalar, 1 list, 2 map. */
    private final int kind;

    KeyMajor(FeatureKernels kernels, int kind) {
        super(kind == 0 ? SCALAR : kind == 1 ? LIST : MAP, kernels,
                kind == 0 ? SCALAR_ROLES : kind == 1 ? LIST_ROLES : MAP_ROLES,
                kind == 2 ? new String[] {"lengths", "values", "weights"} : new String[] {"lengths", "values"});
        this.kind = kind;
    }

    static KeyMajorLayout layout(Plan plan) {
        return plan.scratch(KeyMajorLayout.class, KeyMajorLayout::new);
    }

    @Override
    void validate(Check check, Plan plan) {
        Tensor[] in = plan.inputs;
        String[] roles = kind == 0 ? SCALAR_ROLES : kind == 1 ? LIST_ROLES : MAP_ROLES;
        check.inputs(roles.length, LAYOUTS[kind]);
        long batch = in[0].count();
        check.lengths(0, "lengths", batch, "the batch size");
        long entries = check.sumLengths(0, "lengths");
        check.dtype(1, "keys", DType.INT64);
        check.size(1, "keys", entries, "the sum of the lengths of input", 0);
        Tensor runLengths = null;
        int first = 2;
        if (kind == 0) {
            check.size(2, "values", entries, "the sum of the lengths of input", 0);
        } else {
            check.dtype(2, "values.lengths", DType.INT32);
            check.size(2, "values.lengths", entries, "the sum of the lengths of input", 0);
            long values = check.sumLengths(2, "values.lengths");
            for (int i = 3; i < roles.length; i++) {
                check.size(i, roles[i], values, "the sum of the values.lengths of input", 2);
            }
            runLengths = in[2];
            first = 3;
        }
        for (int i = first; i < roles.length; i++) {
            check.strings(i, roles[i]);
        }
        KeyMajorLayout layout = layout(plan);
        layout.build(check, plan.featureIds, in[0].data(), batch, in[1].data(), entries,
                runLengths == null ? null : runLengths.data(), true,
                kind == 0 && in[2].dtype() != DType.STRING);
        plan.batch = batch;
        plan.groups = layout.keyCount;
        plan.valueType = in[roles.length - 1].dtype();
        plan.addOutput(DType.INT32, (long) layout.keyCount * batch, 0);
        for (int i = first; i < roles.length; i++) {
            plan.addOutput(in[i].dtype(), layout.values, in[i].dtype() == DType.STRING
                    ? StringValues.gatherRuns(in[i], layout.starts(), layout.kept, null, layout.bounds()) : 0);
        }
    }

    @Override
    void compute(Plan plan, Tensor[] in, Tensor[] out) {
        KeyMajorLayout layout = layout(plan);
        layout.writeLengths(out[0].data());
        int first = kind == 0 ? 2 : 3;
        for (int o = 1; o < out.length; o++) {
            Tensor src = in[first + o - 1];
            if (src.dtype() == DType.STRING) {
                StringValues.gatherRuns(src, layout.starts(), layout.kept, out[o], layout.bounds());
            } else if (kind == 0) {
                layout.moveScalars(src.data(), out[o].data(), width(src), true);
            } else {
                kernels.gatherRuns(src.data(), layout.starts(), layout.bounds(), layout.kept, out[o].data(),
                        width(src));
            }
        }
    }
}
