package dev.featuremaps.operators;

import dev.featuremaps.features.MultiListFeatures;
import dev.featuremaps.features.MultiMapFeatures;
import dev.featuremaps.features.MultiScalarFeatures;
import dev.featuremaps.features.SingleListFeature;
import dev.featuremaps.features.SingleMapFeature;
import dev.featuremaps.features.SingleScalarFeature;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorAllocator;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Typed merges and gradients for one thread: feature structures in, feature structures out,
 * with a plan per operator kept across calls.
 *
 * <p>A merge made by {@link #create()} keeps the outputs of each operation in memory of its own
 * and reuses it: a call's results stay valid until the same operation is called again on this
 * merge, and once calls of a shape have been seen, calling again with that shape allocates
 * nothing, neither on the heap nor natively. A service keeps one per worker thread. A merge made
 * by {@link #allocating(TensorAllocator)} allocates every call's outputs from the allocator, for
 * results that must outlive the next call.
 *
 * <pre>{@code
 * FeatureMerge merge = FeatureMerge.create();          // one per thread
 * MultiScalarFeatures merged = merge.mergeSingleScalar(List.of(age, clicks), new long[] {11, 12});
 * }</pre>
 *
 * <p>A merge made with a {@link Parallelism} splits calls of a training-sized batch by ranges
 * of examples over several threads, into the same bytes as a single-threaded call; small calls,
 * string values and memory of confined arenas stay on the calling thread.
 *
 * <p>Not thread-safe. The inputs are validated as by the operators' {@link FeatureOperator#plan
 * plan}; a rejected call throws {@link FeatureTensorException} and writes nothing.
 */
public final class FeatureMerge {
    private static final Tensor[] NO_TENSORS = new Tensor[0];

    private final Operators ops;
    private final TensorAllocator allocator;
    /** {@code null} for the calling thread alone, which then takes the path it took before. */
    private final Parallelism parallelism;
    private final Call[] calls = new Call[OperatorType.values().length];

    private FeatureMerge(Operators ops, TensorAllocator allocator, Parallelism parallelism) {
        this.ops = ops;
        this.allocator = allocator;
        this.parallelism = parallelism == null || parallelism.threads() == 1 ? null : parallelism;
    }

    /** @return a merge on the kernels chosen for this JVM, reusing its own output memory */
    public static FeatureMerge create() {
        return new FeatureMerge(Operators.defaults(), null, null);
    }

    /**
     * @param ops the operators to call
     * @return a merge on those operators, reusing its own output memory
     */
    public static FeatureMerge create(Operators ops) {
        return new FeatureMerge(Objects.requireNonNull(ops, "ops"), null, null);
    }

    /**
     * A merge that splits large calls by ranges of examples over several threads (see {@link
     * Parallelism}); its outputs are the same bytes as a single-threaded merge's.
     *
     * @param ops the operators to call
     * @param parallelism how many threads a call may use, and where they come from
     * @return a merge on those operators, reusing its own output memory
     */
    public static FeatureMerge create(Operators ops, Parallelism parallelism) {
        return new FeatureMerge(Objects.requireNonNull(ops, "ops"), null,
                Objects.requireNonNull(parallelism, "parallelism"));
    }

    /**
     * @param allocator where every call's outputs come from
     * @return a merge on the kernels chosen for this JVM, allocating its outputs
     */
    public static FeatureMerge allocating(TensorAllocator allocator) {
        return allocating(Operators.defaults(), allocator);
    }

    /**
     * @param ops the operators to call
     * @param allocator where every call's outputs come from
     * @return a merge on those operators, allocating its outputs
     */
    public static FeatureMerge allocating(Operators ops, TensorAllocator allocator) {
        return new FeatureMerge(Objects.requireNonNull(ops, "ops"),
                Objects.requireNonNull(allocator, "allocator"), null);
    }

    /**
     * A merge that allocates its outputs and splits large calls by ranges of examples over
     * several threads (see {@link Parallelism}). A call splits only when its inputs and the
     * allocator's memory may be used by any thread ({@link dev.featuremaps.tensors.TensorArena#shared()}).
     *
     * @param ops the operators to call
     * @param allocator where every call's outputs come from
     * @param parallelism how many threads a call may use, and where they come from
     * @return a merge on those operators, allocating its outputs
     */
    public static FeatureMerge allocating(Operators ops, TensorAllocator allocator, Parallelism parallelism) {
        return new FeatureMerge(Objects.requireNonNull(ops, "ops"),
                Objects.requireNonNull(allocator, "allocator"), Objects.requireNonNull(parallelism, "parallelism"));
    }

    /**
     * Calls an operator on tensors in Caffe2's input order.
     *
     * @param type the operator
     * @param inputs its inputs
     * @param featureIds one id per feature, where the operator takes them
     * @return the outputs in Caffe2's order; with reused memory, valid until {@code type} is
     *     called again on this merge (the array too must not be changed)
     * @throws FeatureTensorException if the inputs do not fit the operator
     */
    public Tensor[] call(OperatorType type, Tensor[] inputs, long[] featureIds) {
        return call(slot(type), inputs, featureIds);
    }

    private Call slot(OperatorType type) {
        Call c = calls[type.ordinal()];
        if (c == null) {
            c = new Call(ops.operator(type));
            calls[type.ordinal()] = c;
        }
        return c;
    }

    private Tensor[] call(Call c, Tensor[] inputs, long[] featureIds) {
        try {
            Plan plan = c.operator.plan(inputs, featureIds, c.plan);
            Tensor[] out = allocator == null ? c.outputs(plan) : plan.allocateOutputs(allocator);
            if (parallelism == null) {
                c.operator.execute(plan, out);
            } else {
                c.operator.execute(plan, out, parallelism);
            }
            return out;
        } finally {
            // The flattened inputs must not keep the caller's tensors reachable between calls.
            // A loop of its own: the JVM-wide Arrays.fill carries every caller's profile.
            Tensor[] in = c.inputs;
            for (int i = 0; i < in.length; i++) {
                in[i] = null;
            }
        }
    }

    /**
     * {@code MergeSingleScalarFeatureTensors}.
     *
     * @param features one scalar feature per id
     * @param featureIds the id of each feature
     * @return the merged multi-feature tensors
     */
    public MultiScalarFeatures mergeSingleScalar(List<SingleScalarFeature> features, long[] featureIds) {
        Call c = slot(OperatorType.MERGE_SINGLE_SCALAR);
        Tensor[] in = c.inputs(2 * features.size());
        for (int i = 0; i < features.size(); i++) {
            SingleScalarFeature f = features.get(i);
            in[2 * i] = f.values();
            in[2 * i + 1] = f.presence();
        }
        Tensor[] out = call(c, in, featureIds);
        if (c.result == null || c.resultOf != out) {
            c.keep(out, MultiScalarFeatures.of(out));
        }
        return (MultiScalarFeatures) c.result;
    }

    /**
     * {@code MergeSingleListFeatureTensors}.
     *
     * @param features one list feature per id
     * @param featureIds the id of each feature
     * @return the merged multi-feature tensors
     */
    public MultiListFeatures mergeSingleList(List<SingleListFeature> features, long[] featureIds) {
        Call c = slot(OperatorType.MERGE_SINGLE_LIST);
        Tensor[] in = c.inputs(3 * features.size());
        for (int i = 0; i < features.size(); i++) {
            SingleListFeature f = features.get(i);
            in[3 * i] = f.lengths();
            in[3 * i + 1] = f.values();
            in[3 * i + 2] = f.presence();
        }
        return multiList(c, call(c, in, featureIds));
    }

    /**
     * {@code MergeSingleMapFeatureTensors}.
     *
     * @param features one map feature per id
     * @param featureIds the id of each feature
     * @return the merged multi-feature tensors
     */
    public MultiMapFeatures mergeSingleMap(List<SingleMapFeature> features, long[] featureIds) {
        Call c = slot(OperatorType.MERGE_SINGLE_MAP);
        Tensor[] in = c.inputs(4 * features.size());
        for (int i = 0; i < features.size(); i++) {
            SingleMapFeature f = features.get(i);
            in[4 * i] = f.lengths();
            in[4 * i + 1] = f.keys();
            in[4 * i + 2] = f.values();
            in[4 * i + 3] = f.presence();
        }
        return multiMap(c, call(c, in, featureIds));
    }

    /**
     * {@code MergeMultiScalarFeatureTensors}.
     *
     * @param inputs multi-feature tensors to merge example by example
     * @return the merged tensors
     */
    public MultiScalarFeatures mergeMultiScalar(List<MultiScalarFeatures> inputs) {
        Call c = slot(OperatorType.MERGE_MULTI_SCALAR);
        Tensor[] in = c.inputs(3 * inputs.size());
        for (int j = 0; j < inputs.size(); j++) {
            MultiScalarFeatures f = inputs.get(j);
            in[3 * j] = f.lengths();
            in[3 * j + 1] = f.keys();
            in[3 * j + 2] = f.values();
        }
        Tensor[] out = call(c, in, null);
        if (c.result == null || c.resultOf != out) {
            c.keep(out, MultiScalarFeatures.of(out));
        }
        return (MultiScalarFeatures) c.result;
    }

    /**
     * {@code MergeMultiListFeatureTensors}.
     *
     * @param inputs multi-feature tensors to merge example by example
     * @return the merged tensors
     */
    public MultiListFeatures mergeMultiList(List<MultiListFeatures> inputs) {
        Call c = slot(OperatorType.MERGE_MULTI_LIST);
        Tensor[] in = c.inputs(4 * inputs.size());
        for (int j = 0; j < inputs.size(); j++) {
            MultiListFeatures f = inputs.get(j);
            in[4 * j] = f.lengths();
            in[4 * j + 1] = f.keys();
            in[4 * j + 2] = f.valuesLengths();
            in[4 * j + 3] = f.valuesValues();
        }
        return multiList(c, call(c, in, null));
    }

    /**
     * {@code MergeMultiMapFeatureTensors}.
     *
     * @param inputs multi-feature tensors to merge example by example
     * @return the merged tensors
     */
    public MultiMapFeatures mergeMultiMap(List<MultiMapFeatures> inputs) {
        Call c = slot(OperatorType.MERGE_MULTI_MAP);
        Tensor[] in = c.inputs(5 * inputs.size());
        for (int j = 0; j < inputs.size(); j++) {
            MultiMapFeatures f = inputs.get(j);
            in[5 * j] = f.lengths();
            in[5 * j + 1] = f.keys();
            in[5 * j + 2] = f.valuesLengths();
            in[5 * j + 3] = f.valuesKeys();
            in[5 * j + 4] = f.valuesValues();
        }
        return multiMap(c, call(c, in, null));
    }

    /**
     * {@code MergeDenseFeatureTensors}.
     *
     * @param dense T[B, N]
     * @param presence bool[B, N]
     * @param featureIds the id of each column
     * @return the merged tensors
     */
    public MultiScalarFeatures mergeDense(Tensor dense, Tensor presence, long[] featureIds) {
        Call c = slot(OperatorType.MERGE_DENSE);
        Tensor[] in = c.inputs(2);
        in[0] = dense;
        in[1] = presence;
        Tensor[] out = call(c, in, featureIds);
        if (c.result == null || c.resultOf != out) {
            c.keep(out, MultiScalarFeatures.of(out));
        }
        return (MultiScalarFeatures) c.result;
    }

    /**
     * {@code MergeSingleScalarFeatureTensorsGradient}.
     *
     * @param features the forward call's features (their presence is used)
     * @param valuesGrad gradient of the merged values
     * @return the gradient of each feature's values, T[B]
     */
    public FeatureGradients mergeSingleScalarGradient(List<SingleScalarFeature> features, Tensor valuesGrad) {
        return gradient(OperatorType.MERGE_SINGLE_SCALAR_GRADIENT, features, SingleScalarFeature::presence, null,
                valuesGrad);
    }

    /**
     * {@code MergeSingleListFeatureTensorsGradient}.
     *
     * @param features the forward call's features (lengths and presence are used)
     * @param valuesGrad gradient of the merged values.values
     * @return the gradient of each feature's values
     */
    public FeatureGradients mergeSingleListGradient(List<SingleListFeature> features, Tensor valuesGrad) {
        return gradient(OperatorType.MERGE_SINGLE_LIST_GRADIENT, features, SingleListFeature::lengths,
                SingleListFeature::presence, valuesGrad);
    }

    /**
     * {@code MergeSingleMapFeatureTensorsGradient}.
     *
     * @param features the forward call's features (lengths and presence are used)
     * @param valuesGrad gradient of the merged values.values
     * @return the gradient of each feature's values
     */
    public FeatureGradients mergeSingleMapGradient(List<SingleMapFeature> features, Tensor valuesGrad) {
        return gradient(OperatorType.MERGE_SINGLE_MAP_GRADIENT, features, SingleMapFeature::lengths,
                SingleMapFeature::presence, valuesGrad);
    }

    /**
     * {@code MergeMultiScalarFeatureTensorsGradient}.
     *
     * @param inputs the forward call's inputs (their lengths are used)
     * @param valuesGrad gradient of the merged values
     * @return the gradient of each input's values
     */
    public FeatureGradients mergeMultiScalarGradient(List<MultiScalarFeatures> inputs, Tensor valuesGrad) {
        return gradient(OperatorType.MERGE_MULTI_SCALAR_GRADIENT, inputs, MultiScalarFeatures::lengths, null,
                valuesGrad);
    }

    /**
     * {@code MergeMultiListFeatureTensorsGradient}.
     *
     * @param inputs the forward call's inputs (lengths and values.lengths are used)
     * @param valuesGrad gradient of the merged values.values
     * @return the gradient of each input's values.values
     */
    public FeatureGradients mergeMultiListGradient(List<MultiListFeatures> inputs, Tensor valuesGrad) {
        return gradient(OperatorType.MERGE_MULTI_LIST_GRADIENT, inputs, MultiListFeatures::lengths,
                MultiListFeatures::valuesLengths, valuesGrad);
    }

    /**
     * {@code MergeMultiMapFeatureTensorsGradient}.
     *
     * @param inputs the forward call's inputs (lengths and values.lengths are used)
     * @param valuesGrad gradient of the merged values.values
     * @return the gradient of each input's values.values
     */
    public FeatureGradients mergeMultiMapGradient(List<MultiMapFeatures> inputs, Tensor valuesGrad) {
        return gradient(OperatorType.MERGE_MULTI_MAP_GRADIENT, inputs, MultiMapFeatures::lengths,
                MultiMapFeatures::valuesLengths, valuesGrad);
    }

    /**
     * A gradient's inputs: per feature or input its {@code first} (and {@code second}, when not
     * null) tensor, then the gradient. The accessors are non-capturing method references, which
     * allocate nothing.
     */
    private <F> FeatureGradients gradient(OperatorType type, List<F> features, Function<F, Tensor> first,
                                          Function<F, Tensor> second, Tensor valuesGrad) {
        Call c = slot(type);
        int n = features.size();
        int per = second == null ? 1 : 2;
        Tensor[] in = c.inputs(per * n + 1);
        for (int i = 0; i < n; i++) {
            F f = features.get(i);
            in[per * i] = first.apply(f);
            if (second != null) {
                in[per * i + 1] = second.apply(f);
            }
        }
        in[per * n] = valuesGrad;
        return gradients(c, call(c, in, null));
    }

    private static MultiListFeatures multiList(Call c, Tensor[] out) {
        if (c.result == null || c.resultOf != out) {
            c.keep(out, MultiListFeatures.of(out));
        }
        return (MultiListFeatures) c.result;
    }

    private static MultiMapFeatures multiMap(Call c, Tensor[] out) {
        if (c.result == null || c.resultOf != out) {
            c.keep(out, MultiMapFeatures.of(out));
        }
        return (MultiMapFeatures) c.result;
    }

    private static FeatureGradients gradients(Call c, Tensor[] out) {
        if (c.result == null || c.resultOf != out) {
            c.keep(out, new FeatureGradients(out));
        }
        return (FeatureGradients) c.result;
    }

    /**
     * One operation's state: its plan, the array its inputs are flattened into, and the memory
     * and tensors of its last outputs, reused while the planned outputs keep their types and
     * sizes.
     */
    private static final class Call {
        final FeatureOperator operator;
        final Plan plan = new Plan();
        Tensor[] inputs = NO_TENSORS;
        private Tensor[] outputs = NO_TENSORS;
        private MemorySegment[] data = Segments.NONE;
        private MemorySegment[] offsets = Segments.NONE;
        /** The typed view last returned, and the outputs it views. */
        Object result;
        Tensor[] resultOf;

        Call(FeatureOperator operator) {
            this.operator = operator;
        }

        Tensor[] inputs(int n) {
            if (inputs.length != n) {
                inputs = new Tensor[n];
            }
            return inputs;
        }

        void keep(Tensor[] out, Object typed) {
            resultOf = out;
            result = typed;
        }

        /** The planned outputs: the last ones when they fit exactly, else new views of grown memory. */
        Tensor[] outputs(Plan plan) {
            int n = plan.outputCount();
            boolean same = outputs.length == n;
            for (int o = 0; same && o < n; o++) {
                same = fits(outputs[o], plan, o);
            }
            if (same) {
                return outputs;
            }
            if (data.length < n) {
                data = Arrays.copyOf(data, n);
                offsets = Arrays.copyOf(offsets, n);
            }
            Tensor[] out = new Tensor[n];
            for (int o = 0; o < n; o++) {
                if (o < outputs.length && fits(outputs[o], plan, o)) {
                    out[o] = outputs[o];
                    continue;
                }
                DType type = plan.outputType(o);
                long count = plan.outputCount(o);
                if (type == DType.STRING) {
                    offsets[o] = grown(offsets[o], (count + 1) * Long.BYTES);
                    data[o] = grown(data[o], plan.outputStringBytes(o));
                    out[o] = Tensor.wrapStrings(offsets[o], data[o].asSlice(0, plan.outputStringBytes(o)), count);
                } else {
                    data[o] = grown(data[o], count * type.byteSize());
                    out[o] = Tensor.wrap(type, data[o], count);
                }
            }
            outputs = out;
            return out;
        }

        private static boolean fits(Tensor t, Plan plan, int o) {
            return t.dtype() == plan.outputType(o) && t.count() == plan.outputCount(o)
                    && (t.dtype() != DType.STRING || t.data().byteSize() == plan.outputStringBytes(o));
        }

        /**
         * Memory for {@code bytes}, doubling past the last size so that growing batches settle.
         * An automatic arena: results still held by a caller keep their memory alive.
         */
        private static MemorySegment grown(MemorySegment s, long bytes) {
            if (s != null && s.byteSize() >= bytes) {
                return s;
            }
            long size = Math.max(bytes, s == null ? 0 : Math.min(2 * s.byteSize(), Long.MAX_VALUE / 2));
            return Arena.ofAuto().allocate(Math.max(size, 1), TensorAllocator.ALIGNMENT_BYTES);
        }
    }
}
