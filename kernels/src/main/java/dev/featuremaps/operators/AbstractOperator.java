package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** What every operator shares: its name, its kernels, and the plan/execute bookkeeping. */
abstract class AbstractOperator implements FeatureOperator {
    final String name;
    final FeatureKernels kernels;
    private final String[] inputRoles;
    private final String lastInputRole;
    private final String[] outputRoles;
    /**
     * The largest total of features or values a call may have, {@link Check#MAX_TOTAL}. Tests in
     * this package lower it: reaching the real limit reads gigabytes, too slow to run for every
     * mutant of the checks that enforce it.
     */
    long maxTotal = Check.MAX_TOTAL;

    /**
     * @param inputRoles roles of one group of inputs, repeated for every feature or input
     * @param lastInputRole role of a single input after the groups (a gradient), or {@code null}
     * @param outputRoles roles of the outputs; the last one stands for all after it
     */
    AbstractOperator(String name, FeatureKernels kernels, String[] inputRoles, String lastInputRole,
                     String... outputRoles) {
        this.name = name;
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.inputRoles = inputRoles;
        this.lastInputRole = lastInputRole;
        this.outputRoles = outputRoles;
    }

    /** The role of input {@code i} of {@code count}, for messages. */
    final String inputRole(int i, int count) {
        if (lastInputRole != null && i == count - 1) {
            return lastInputRole;
        }
        return inputRoles[i % inputRoles.length];
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Plan plan(Tensor[] inputs, long[] featureIds, Plan plan) {
        return plan(inputs, featureIds, 0, 0, plan);
    }

    @Override
    public final Plan planWith(Tensor[] inputs, OperatorArguments arguments, Plan plan) {
        OperatorArguments a = arguments == null ? OperatorArguments.NONE : arguments;
        return plan(inputs, a.idsView(), a.maxLength(), a.paddingValue(), plan);
    }

    /** The one planning path: the typed API calls it with primitives, allocating no arguments. */
    final Plan plan(Tensor[] inputs, long[] featureIds, long maxLength, double paddingValue, Plan plan) {
        Plan p = plan == null ? new Plan() : plan;
        p.reset(this, inputs, featureIds, maxLength, paddingValue);
        Check check = p.check == null ? new Check(this, kernels).of(this, inputs) : p.check.of(this, inputs);
        p.check = check;
        try {
            if (inputs != null) {
                MemoryChecks.requireAccessible(check, inputs, false);
            }
            validate(check, p);
            if (p.batch >= Check.MAX_TOTAL) {
                // The offset tables hold B + 1 entries, and int32 lengths index no more examples.
                throw check.fail(0, "batch of " + p.batch + " examples exceeds the int32 index range ("
                        + Check.MAX_TOTAL + ")");
            }
        } catch (RuntimeException e) {
            // Validation stops half way through recording the outputs: a rejected plan must not
            // be executable, or execute would check outputs against those partial records.
            p.inputs = null;
            throw e;
        }
        p.reserve(p.batch);
        for (int o = 0; o < p.outputCount() && recordsStrings(); o++) {
            if (p.outputType(o) == DType.STRING) {
                // Sized here so that executing a string merge allocates nothing either.
                p.strings.begin(p.outputCount(o));
            }
        }
        return p;
    }

    @Override
    public final void execute(Plan plan, Tensor[] outputs) {
        checkOutputs(plan, outputs);
        compute(plan, plan.inputs, outputs);
    }

    @Override
    public final void execute(Plan plan, Tensor[] outputs, Parallelism parallelism) {
        Objects.requireNonNull(parallelism, "parallelism");
        checkOutputs(plan, outputs);
        if (!ExampleRanges.run(this, plan, outputs, parallelism)) {
            compute(plan, plan.inputs, outputs);
        }
    }

    private void checkOutputs(Plan plan, Tensor[] outputs) {
        plan.requireOperator(this);
        plan.checkOutputs(outputs, outputRoles);
        Check check = plan.check;
        MemoryChecks.requireAccessible(check, plan.inputs, false);
        MemoryChecks.requireAccessible(check, outputs, true);
        plan.memory.requireDisjoint(check, plan.inputs, outputs);
    }

    /**
     * Whether executing records string elements in {@link Plan#strings} (the merges), so that
     * planning sizes that record; operators that copy strings directly say no.
     */
    boolean recordsStrings() {
        return true;
    }

    /** Checks every input and records B, the groups and the outputs in the plan. */
    abstract void validate(Check check, Plan plan);

    /** Writes the outputs; inputs and outputs are valid. */
    abstract void compute(Plan plan, Tensor[] in, Tensor[] out);

    /** The fixed-width element size of a tensor, used as the kernels' {@code width}. */
    static int width(Tensor t) {
        return t.dtype().byteSize();
    }

    /**
     * Puts the data segments of the first {@code dst.length} tensors into {@code dst}, storing
     * only those that changed. A service calls a plan with the same outputs again and again, so
     * in steady state nothing is stored: the stores themselves, whether inlined into the
     * operators or kept in one shared copy, were deoptimized in steady calls (array_check and
     * loop predicates, four to eight times in four seconds, long after warm-up), and every
     * deoptimization also re-allocates the objects C2 had kept off the heap.
     */
    static void dataSegments(Tensor[] tensors, MemorySegment[] dst) {
        for (int i = 0; i < dst.length; i++) {
            MemorySegment data = tensors[i].data();
            if (dst[i] != data) {
                dst[i] = data;
            }
        }
    }

    /**
     * Takes the gradient's runs back input by input, in forward order: a cursor per example into
     * the gradient (the prefix sum of each example's total length over all inputs), then for each
     * input its runs gathered from the cursors into its output and the cursors advanced. Each
     * gather reads one source and writes one destination, so C2 hoists their checks out of the
     * run loop. Inputs are {@code plan.groups} lengths tensors, each followed by its presence
     * when {@code presence}, then the gradient; with a string gradient and {@code out == null}
     * this only sizes the outputs.
     */
    final void gatherByInput(Plan plan, Tensor[] in, Tensor[] out, boolean presence) {
        long batch = plan.batch;
        int n = plan.groups;
        int stride = presence ? 2 : 1;
        plan.clearCounts(batch);
        MemorySegment counts = plan.counts();
        for (int i = 0; i < n; i++) {
            kernels.addLengths(in[stride * i].data(), presence ? in[stride * i + 1].data() : null, batch, counts);
        }
        MemorySegment cursors = plan.cursors();
        MemorySegment bounds = plan.bounds();
        kernels.prefixSum(counts, null, batch, cursors);
        Tensor grad = in[stride * n];
        boolean strings = grad.dtype() == DType.STRING;
        for (int i = 0; i < n; i++) {
            kernels.prefixSum(in[stride * i].data(), presence ? in[stride * i + 1].data() : null, batch, bounds);
            if (strings) {
                gatherRuns(plan, grad, cursors, out == null ? null : out[i], bounds, i);
            } else {
                kernels.gatherRuns(grad.data(), cursors, bounds, batch, out[i].data(), width(grad));
            }
            kernels.advance(cursors, bounds, batch);
        }
    }

    /**
     * Copies input {@code group}'s runs of {@code src} to {@code dst} at the cursors: by the
     * kernels for fixed-width types, by recording them for {@link StringValues#finish} for strings.
     */
    final void scatterRuns(Plan plan, int group, Tensor src, MemorySegment bounds, Tensor dst,
                           MemorySegment starts) {
        if (src.dtype() == DType.STRING) {
            plan.strings.scatterRuns(group, bounds, plan.batch, starts);
        } else {
            kernels.scatterRuns(src.data(), bounds, plan.batch, dst.data(), starts, width(src));
        }
    }

    /**
     * Copies runs of the string tensor {@code grad} from the cursors into {@code dst}, or with
     * {@code dst == null} records the UTF-8 bytes the output needs as output {@code output}'s size.
     */
    final void gatherRuns(Plan plan, Tensor grad, MemorySegment starts, Tensor dst, MemorySegment bounds,
                          int output) {
        long bytes = StringValues.gatherRuns(grad, starts, plan.batch, dst, bounds);
        if (dst == null) {
            plan.setOutputBytes(output, bytes);
        }
    }

    /** Element type, and UTF-8 byte total of the elements when strings, checked. */
    static long stringBytes(Check check, Tensor[] in, int i, String role) {
        if (in[i].dtype() != DType.STRING) {
            return 0;
        }
        check.strings(i, role);
        return in[i].elementBytes();
    }

    @Override
    public String toString() {
        return name + "[" + kernels.name() + "]";
    }
}
