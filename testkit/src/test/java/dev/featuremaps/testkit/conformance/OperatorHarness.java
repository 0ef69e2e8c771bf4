package dev.featuremaps.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.featuremaps.operators.FeatureMerge;
import dev.featuremaps.operators.FeatureOperator;
import dev.featuremaps.operators.KernelFamily;
import dev.featuremaps.operators.OperatorArguments;
import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.operators.Plan;
import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.ModelTensors;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorAllocator;
import dev.featuremaps.tensors.TensorArena;
import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs an operator on every {@link KernelFamily} and compares its outputs with expected columns.
 *
 * <p>Each call is made twice: through {@link FeatureOperator#run} with a fresh plan, and through
 * plan/execute on read-only views of the inputs, with one plan per family reused by every
 * operator and every call before, into outputs placed at the inputs' byte shift and filled with
 * a canary byte, so that stale plan state, alignment assumptions and outputs the operator forgets
 * to write all show; then twice through a per-thread {@link FeatureMerge}, the second time into
 * its reused, canary-filled outputs. The inputs must come out unchanged.
 */
final class OperatorHarness {
    /** Written over outputs before execute: no output element may keep it by accident. */
    static final byte CANARY = (byte) 0xA5;

    /** One plan per family and thread, shared by all the calls a thread makes. */
    private static final ThreadLocal<Map<KernelFamily, Plan>> PLANS =
            ThreadLocal.withInitial(() -> new EnumMap<>(KernelFamily.class));

    /** One typed merge per family and thread, shared like the plans. */
    private static final ThreadLocal<Map<KernelFamily, FeatureMerge>> MERGES =
            ThreadLocal.withInitial(() -> new EnumMap<>(KernelFamily.class));

    /**
     * Asserts that operator {@code name} maps 1-D {@code inputs} to {@code expected} on every
     * family.
     */
    void assertComputes(String name, List<Column> inputs, long[] featureIds, List<Column> expected, int shift) {
        assertComputes(name, a -> ModelTensors.toTensors(a, inputs, shift), inputs, featureIds, expected, shift);
    }

    /**
     * Asserts that operator {@code name} maps the tensors {@code build} makes (whose elements
     * are {@code inputColumns}) to {@code expected} on every family.
     */
    void assertComputes(String name, Function<TensorAllocator, Tensor[]> build, List<Column> inputColumns,
                        long[] featureIds, List<Column> expected, int shift) {
        assertComputes(name, build, inputColumns, OperatorArguments.ids(featureIds), expected, shift);
    }

    /** As above, with arguments beyond the ids. */
    void assertComputes(String name, Function<TensorAllocator, Tensor[]> build, List<Column> inputColumns,
                        OperatorArguments featureIds, List<Column> expected, int shift) {
        for (KernelFamily family : KernelFamily.values()) {
            FeatureOperator op = Operators.using(family).operator(name);
            try (TensorArena arena = TensorArena.confined()) {
                Tensor[] in = build.apply(arena);

                assertColumns(family + " " + name + " (run)", expected,
                        ModelTensors.fromTensors(op.runWith(arena, in, featureIds)));

                Plan plan = op.planWith(readOnly(in), featureIds, PLANS.get().computeIfAbsent(family, f -> new Plan()));
                Tensor[] out = allocateOutputs(plan, arena, shift);
                fillCanary(out);
                op.execute(plan, out);
                assertColumns(family + " " + name + " (reused plan, canary-filled outputs)", expected,
                        ModelTensors.fromTensors(out));
                assertPlannedStringBytes(family + " " + name, plan, out);

                // The typed per-thread cycle, whose outputs are its own and reused: a second call
                // into canary-filled reused outputs must write every element again.
                FeatureMerge merge = MERGES.get().computeIfAbsent(family, f -> FeatureMerge.create(Operators.using(f)));
                OperatorType type = OperatorType.of(name);
                Tensor[] reused = merge.callWith(type, in, featureIds);
                assertColumns(family + " " + name + " (FeatureMerge)", expected, ModelTensors.fromTensors(reused));
                fillCanary(reused);
                assertColumns(family + " " + name + " (FeatureMerge, reused outputs)", expected,
                        ModelTensors.fromTensors(merge.callWith(type, in, featureIds)));

                assertColumns(family + " " + name + " inputs after the calls", inputColumns,
                        ModelTensors.fromTensors(in));
            }
        }
    }

    /**
     * Merges with {@code forward}, feeds output {@code mergedOutput} to {@code gradient} after
     * the forward inputs at {@code gradientInputs}, and asserts the gradient outputs equal
     * {@code expectedBack}, on every family.
     */
    void assertRoundTrip(String forward, String gradient, List<Column> inputs, long[] featureIds,
                         int[] gradientInputs, int mergedOutput, List<Column> expectedBack, int shift) {
        for (KernelFamily family : KernelFamily.values()) {
            try (TensorArena arena = TensorArena.confined()) {
                Tensor[] in = ModelTensors.toTensors(arena, inputs, shift);
                Tensor[] merged = Operators.using(family).operator(forward).run(arena, in, featureIds);
                Tensor[] gradIn = new Tensor[gradientInputs.length + 1];
                for (int k = 0; k < gradientInputs.length; k++) {
                    gradIn[k] = in[gradientInputs[k]];
                }
                gradIn[gradientInputs.length] = merged[mergedOutput];
                Tensor[] back = Operators.using(family).operator(gradient).run(arena, gradIn, null);
                assertColumns(family + " " + forward + " then " + gradient, expectedBack,
                        ModelTensors.fromTensors(back));
            }
        }
    }

    /** @return views of the tensors through which their memory cannot be written */
    static Tensor[] readOnly(Tensor[] tensors) {
        Tensor[] out = new Tensor[tensors.length];
        for (int i = 0; i < out.length; i++) {
            Tensor t = tensors[i];
            if (t.dtype() == DType.STRING && t.rank() == 2) {
                out[i] = Tensor.wrapStrings(t.offsets().asReadOnly(), t.data().asReadOnly(), t.dim(0), t.dim(1));
            } else if (t.dtype() == DType.STRING) {
                out[i] = Tensor.wrapStrings(t.offsets().asReadOnly(), t.data().asReadOnly(), t.count());
            } else if (t.rank() == 2) {
                out[i] = Tensor.wrap(t.dtype(), t.data().asReadOnly(), t.dim(0), t.dim(1));
            } else {
                out[i] = Tensor.wrap(t.dtype(), t.data().asReadOnly(), t.count());
            }
        }
        return out;
    }

    /** Outputs of exactly the planned types and sizes, {@code shift} bytes past aligned memory. */
    static Tensor[] allocateOutputs(Plan plan, TensorAllocator a, int shift) {
        Tensor[] out = new Tensor[plan.outputCount()];
        for (int o = 0; o < out.length; o++) {
            long n = plan.outputCount(o);
            long[] shape = plan.outputShape(o);
            if (plan.outputType(o) == DType.STRING) {
                MemorySegment offsets = a.allocate((n + 1) * Long.BYTES + shift).asSlice(shift);
                MemorySegment bytes = a.allocate(plan.outputStringBytes(o) + shift).asSlice(shift);
                out[o] = shape.length == 2 ? Tensor.wrapStrings(offsets, bytes, shape[0], shape[1])
                        : Tensor.wrapStrings(offsets, bytes, n);
            } else {
                MemorySegment data = a.allocate(n * plan.outputType(o).byteSize() + shift).asSlice(shift);
                out[o] = shape.length == 2 ? Tensor.wrap(plan.outputType(o), data, shape[0], shape[1])
                        : Tensor.wrap(plan.outputType(o), data, n);
            }
        }
        return out;
    }

    /**
     * The plan reserved exactly the bytes each string output took, and none for the others: a
     * plan that over-reserves still runs, so only this catches a wrong size sum.
     */
    static void assertPlannedStringBytes(String what, Plan plan, Tensor[] out) {
        for (int o = 0; o < out.length; o++) {
            long written = out[o].dtype() == DType.STRING ? out[o].stringOffset(out[o].count()) : 0;
            assertEquals(written, plan.outputStringBytes(o), what + ": planned string bytes of output " + o);
        }
    }

    static void fillCanary(Tensor... tensors) {
        for (Tensor t : tensors) {
            t.data().fill(CANARY);
            if (t.offsets() != null) {
                t.offsets().fill(CANARY);
            }
        }
    }

    static void assertColumns(String what, List<Column> expected, List<Column> actual) {
        if (expected.size() != actual.size()) {
            fail(what + ": " + actual.size() + " outputs, expected " + expected.size());
        }
        for (int o = 0; o < expected.size(); o++) {
            String diff = expected.get(o).firstDifference(actual.get(o));
            if (diff != null) {
                fail(what + ": output " + o + ": " + diff);
            }
        }
    }

    /** @return copies of every byte the tensors view (offsets, then data) */
    static byte[][] snapshot(Tensor... tensors) {
        byte[][] out = new byte[tensors.length * 2][];
        for (int i = 0; i < tensors.length; i++) {
            MemorySegment offsets = tensors[i].offsets();
            out[2 * i] = offsets == null ? new byte[0] : offsets.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            out[2 * i + 1] = tensors[i].data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        }
        return out;
    }
}
