package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * {@code MergeSingleListFeatureTensorsGradient} and {@code MergeSingleMapFeatureTensorsGradient}
 * (one computation): inputs (lengths, presence) per feature, then values.values_grad; output per
 * feature the gradient of its values, its present runs taken back in forward order.
 *
 * <p>Fixed-width gradients go in the {@link RunOrder} the plan chose from the batch's density.
 * When at least half of the (example, feature) pairs are present, the gradient is read front to
 * back, one run per pair, each written to its output at a prefix sum of that feature's present
 * lengths; every output is written in increasing order, which lets the kernels copy short runs
 * as whole vector blocks. On sparser batches (wide, many features, short runs) that loop spends
 * its time switching among the features' tables, and feature by feature wins: a cursor per
 * example into the gradient, then for each feature its runs gathered from the cursors into its
 * output and the cursors advanced, each pass over one source and one destination.
 */
final class MergeSingleRunsGradient extends AbstractOperator {
    static final String LIST = "MergeSingleListFeatureTensorsGradient";
    static final String MAP = "MergeSingleMapFeatureTensorsGradient";

    MergeSingleRunsGradient(FeatureKernels kernels, boolean map) {
        super(map ? MAP : LIST, kernels, new String[] {"lengths", "presence"}, "values.values_grad",
                "values_grad");
    }

    @Override
    void validate(Check check, Plan plan) {
        Tensor[] in = plan.inputs;
        int n = check.groups(2, 1, "2 per feature (lengths, presence), then values.values_grad");
        long batch = in[0].count();
        long total = 0;
        long present = 0;
        for (int i = 0; i < n; i++) {
            check.lengths(2 * i, "lengths", batch, "the batch size, from input 0 (lengths)");
            present += check.presence(2 * i + 1, batch, "the batch size, from input 0 (lengths)");
            long run = check.sumPresentLengths(2 * i, 2 * i + 1);
            plan.addOutput(null, run, 0);
            total += run;
            check.total(total, "values", 2 * i);
        }
        int g = 2 * n;
        check.size(g, "values.values_grad", total, "the sum of the present lengths of all features");
        check.strings(g, "values.values_grad");
        plan.batch = batch;
        plan.groups = n;
        plan.valueType = in[g].dtype();
        plan.setOutputTypes(plan.valueType);
        if (plan.valueType == DType.STRING) {
            plan.reserve(batch);
            gatherByInput(plan, in, null, true);
        } else {
            Scratch s = plan.scratch(Scratch.class, Scratch::new);
            s.byInput = RunOrder.chooseForSparse(present, (long) n * batch) == RunOrder.BY_INPUT;
            // By input, the plan's own tables serve, and plan() sizes those after validate.
            if (!s.byInput) {
                s.runs.bounds.reserve(n, batch);
                s.runs.outputs = Segments.sized(s.runs.outputs, n);
            }
        }
    }

    /** Kept in the plan: the order chosen and, example-major, each feature's bounds and output. */
    static final class Scratch {
        boolean byInput;
        final Segments.RunOutputs runs = new Segments.RunOutputs();
    }

    @Override
    void compute(Plan plan, Tensor[] in, Tensor[] out) {
        Scratch scratch = plan.valueType == DType.STRING ? null : plan.scratch(Scratch.class, Scratch::new);
        if (scratch == null || scratch.byInput) {
            gatherByInput(plan, in, out, true);
            return;
        }
        int n = plan.groups;
        Segments.RunOutputs s = scratch.runs;
        MemorySegment[] bounds = s.bounds.get();
        MemorySegment[] outputs = s.outputs;
        for (int i = 0; i < n; i++) {
            kernels.prefixSum(in[2 * i].data(), in[2 * i + 1].data(), plan.batch, bounds[i]);
        }
        dataSegments(out, outputs);
        kernels.deinterleaveRuns(in[2 * n].data(), 0, outputs, bounds, n, plan.batch, width(in[2 * n]));
    }
}
