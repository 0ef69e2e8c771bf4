package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * {@code MergeMultiScalarFeatureTensorsGradient}: inputs lengths_1..lengths_M, values_grad;
 * outputs values_grad_j of {@code sum(lengths_j)} elements, taken back in forward order.
 *
 * <p>Fixed-width gradients go in the {@link RunOrder} the plan chose from the number of inputs.
 * With a few, input by input: a cursor per example into the gradient (the prefix sum of the
 * examples' total lengths), then for each input its runs gathered from the cursors into its
 * output, front to back, and the cursors advanced; each gather reads one source and writes one
 * destination, so C2 hoists their checks out of the run loop. With many, those passes re-read
 * the cursors and stride through the gradient once per input, and reading it once example by
 * example, switching output at every run, is faster. One input is one bulk copy.
 */
final class MergeMultiScalarGradient extends AbstractOperator {
    static final String NAME = "MergeMultiScalarFeatureTensorsGradient";

    MergeMultiScalarGradient(FeatureKernels kernels) {
        super(NAME, kernels, new String[] {"lengths"}, "values_grad", "values_grad");
    }

    @Override
    void validate(Check check, Plan plan) {
        Tensor[] in = plan.inputs;
        int m = check.groups(1, 1, "M lengths tensors, then values_grad (M >= 1)");
        long batch = in[0].count();
        long total = 0;
        for (int j = 0; j < m; j++) {
            check.lengths(j, "lengths", batch, "the batch size, from input 0 (lengths)");
            long features = check.sumLengths(j, "lengths");
            plan.addOutput(null, features, 0);
            total += features;
            check.total(total, "features", j);
        }
        check.size(m, "values_grad", total, "the sum of all lengths");
        check.strings(m, "values_grad");
        plan.batch = batch;
        plan.groups = m;
        plan.valueType = in[m].dtype();
        plan.setOutputTypes(plan.valueType);
        if (plan.valueType == DType.STRING) {
            plan.reserve(batch);
            gatherByInput(plan, in, null, false);
        } else {
            Scratch s = plan.scratch(Scratch.class, Scratch::new);
            s.exampleMajor = m > 1 && RunOrder.chooseForInputs(m) == RunOrder.EXAMPLE_MAJOR;
            if (s.exampleMajor) {
                s.runs.bounds.reserve(m, batch);
                s.runs.outputs = Segments.sized(s.runs.outputs, m);
            }
        }
    }

    /** Kept in the plan: the order chosen and, example-major, each input's bounds and output. */
    static final class Scratch {
        boolean exampleMajor;
        final Segments.RunOutputs runs = new Segments.RunOutputs();
    }

    private void exampleMajor(Plan plan, Tensor[] in, Tensor[] out) {
        int m = plan.groups;
        Segments.RunOutputs s = plan.scratch(Scratch.class, Scratch::new).runs;
        MemorySegment[] bounds = s.bounds.get();
        MemorySegment[] outputs = s.outputs;
        for (int j = 0; j < m; j++) {
            kernels.prefixSum(in[j].data(), null, plan.batch, bounds[j]);
        }
        dataSegments(out, outputs);
        kernels.deinterleaveRuns(in[m].data(), 0, outputs, bounds, m, plan.batch, width(in[m]));
    }

    @Override
    void compute(Plan plan, Tensor[] in, Tensor[] out) {
        if (plan.valueType == DType.STRING) {
            gatherByInput(plan, in, out, false);
            return;
        }
        if (plan.groups == 1) {
            MemorySegment.copy(in[1].data(), 0, out[0].data(), 0, out[0].data().byteSize());
            return;
        }
        if (plan.scratch(Scratch.class, Scratch::new).exampleMajor) {
            exampleMajor(plan, in, out);
        } else {
            gatherByInput(plan, in, out, false);
        }
    }
}
