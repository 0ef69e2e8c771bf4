package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code Multi{Scalar,List,Map}FeatureTensorsToKeyMajorGradient}: inputs the forward's lengths
 * and keys (and values.lengths for list and map), then the gradient of the key-major values
 * (scalar, list) or weights (map); argument {@code keys} as in the forward. Output: the gradient
 * of the example-major values (values.values for list and map), the type's default where an
 * entry was dropped.
 *
 * <p>The same layout as the forward, without the group lengths; each kept run is scattered back
 * to its example-major place, after the output is cleared when some entry was dropped. Fixed-width
 * scalars are moved back in one example-major pass, a dropped entry's zero bits with them.
 */
final class KeyMajorGradient extends LayoutOperator {
    private static final String[] SCALAR_ROLES = {"lengths", "keys", "values_grad"};
    private static final String[] LIST_ROLES = {"lengths", "keys", "values.lengths", "values_grad"};
    private static final String[] MAP_ROLES = {"lengths", "keys", "values.lengths", "weights_grad"};
    /** The input layouts for messages, joined once: joining them per call allocated at every plan. */
    private static final String[] LAYOUTS = {String.join(", ", SCALAR_ROLES), String.join(", ", LIST_ROLES),
        String.join(", ", MAP_ROLES)};

    /** 0 scalar, 1 list, 2 map. */
    private final int kind;

    KeyMajorGradient(FeatureKernels kernels, int kind) {
        super((kind == 0 ? KeyMajor.SCALAR : kind == 1 ? KeyMajor.LIST : KeyMajor.MAP) + "Gradient", kernels,
                roles(kind), kind == 2 ? "values.values_grad" : "values_grad");
        this.kind = kind;
    }

    private static String[] roles(int kind) {
        return kind == 0 ? SCALAR_ROLES : kind == 1 ? LIST_ROLES : MAP_ROLES;
    }

    @Override
    void validate(Check check, Plan plan) {
        Tensor[] in = plan.inputs;
        String[] roles = roles(kind);
        check.inputs(roles.length, LAYOUTS[kind]);
        long batch = in[0].count();
        check.lengths(0, "lengths", batch, "the batch size");
        long entries = check.sumLengths(0, "lengths");
        check.dtype(1, "keys", DType.INT64);
        check.size(1, "keys", entries, "the sum of the lengths of input", 0);
        long outputs = entries;
        MemorySegment runLengths = null;
        if (kind != 0) {
            check.dtype(2, "values.lengths", DType.INT32);
            check.size(2, "values.lengths", entries, "the sum of the lengths of input", 0);
            outputs = check.sumLengths(2, "values.lengths");
            runLengths = in[2].data();
        }
        KeyMajorLayout layout = KeyMajor.layout(plan);
        int g = roles.length - 1;
        layout.build(check, plan.featureIds, in[0].data(), batch, in[1].data(), entries, runLengths, false,
                kind == 0 && in[g].dtype() != DType.STRING);
        check.size(g, roles[g], layout.values, "the values of the kept entries, by argument keys");
        check.strings(g, roles[g]);
        Tensor grad = in[g];
        plan.batch = batch;
        plan.groups = layout.keyCount;
        plan.valueType = grad.dtype();
        plan.addOutput(grad.dtype(), outputs, grad.dtype() == DType.STRING
                ? grad.stringOffset(grad.count()) - grad.stringOffset(0) : 0);
    }

    @Override
    void compute(Plan plan, Tensor[] in, Tensor[] out) {
        KeyMajorLayout layout = KeyMajor.layout(plan);
        Tensor grad = in[in.length - 1];
        Tensor dst = out[0];
        if (grad.dtype() == DType.STRING) {
            scatterStrings(layout, kind == 0 ? null : in[2].data(), grad, dst);
            return;
        }
        if (kind == 0) {
            layout.moveScalars(grad.data(), dst.data(), width(grad), false);
            return;
        }
        if (layout.values != dst.count()) {
            // Dropped entries get the default, zero bits.
            dst.data().fill((byte) 0);
        }
        kernels.scatterRuns(grad.data(), layout.bounds(), layout.kept, dst.data(), layout.starts(), width(grad));
    }

    /**
     * Strings in example-major order: a kept run's strings from the gradient, else empty ones.
     * {@code runLengths} is values.lengths, or {@code null} for scalar features (runs of one).
     */
    private static void scatterStrings(KeyMajorLayout layout, MemorySegment runLengths, Tensor grad, Tensor dst) {
        MemorySegment offsets = dst.offsets();
        long pos = 0;
        long base = 0;
        for (long f = 0; f < layout.entries; f++) {
            long len = runLengths == null ? 1 : runLengths.get(ValueLayout.JAVA_INT_UNALIGNED, f << 2);
            long i = layout.target(f);
            long from = i < 0 ? 0 : layout.bound(i);
            for (long t = 0; t < len; t++) {
                offsets.set(ValueLayout.JAVA_LONG_UNALIGNED, (base + t) << 3, pos);
                if (i >= 0) {
                    long a = grad.stringOffset(from + t);
                    long bytes = grad.stringOffset(from + t + 1) - a;
                    MemorySegment.copy(grad.data(), a, dst.data(), pos, bytes);
                    pos += bytes;
                }
            }
            base += len;
        }
        offsets.set(ValueLayout.JAVA_LONG_UNALIGNED, dst.count() << 3, pos);
    }
}
