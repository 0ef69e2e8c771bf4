package dev.featuremaps.operators;

import dev.featuremaps.features.KeyMajorFeatures;
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

    /**
     * Calls an operator with arguments beyond the ids, such as {@code JaggedToPaddedDense}'s. (A
     * name of its own, so that {@code call(type, inputs, null)} stays unambiguous.)
     *
     * @param type the operator
     * @param inputs its inputs
     * @param arguments its arguments
     * @return the outputs, valid as those of {@link #call(OperatorType, Tensor[], long[])}
     * @throws FeatureTensorException if the inputs or arguments do not fit the operator
     */
    public Tensor[] callWith(OperatorType type, Tensor[] inputs, OperatorArguments arguments) {
        OperatorArguments a = arguments == null ? OperatorArguments.NONE : arguments;
        return call(slot(type), inputs, a.idsView(), a.maxLength(), a.paddingValue());
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
        return call(c, inputs, featureIds, 0, 0);
    }

    private Tensor[] call(Call c, Tensor[] inputs, long[] featureIds, long maxLength, double paddingValue) {
        try {
            Plan plan = c.operator.plan(inputs, featureIds, maxLength, paddingValue, c.plan);
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
     * {@code MultiScalarFeatureTensorsToKeyMajor}.
     *
     * @param batch an example-major batch
     * @param keys the feature ids to keep, distinct, in output order (read, not copied)
     * @return the key-major batch, {@code weights} {@code null}
     */
    public KeyMajorFeatures multiScalarToKeyMajor(MultiScalarFeatures batch, long[] keys) {
        Call c = slot(OperatorType.MULTI_SCALAR_TO_KEY_MAJOR);
        Tensor[] in = c.inputs(3);
        in[0] = batch.lengths();
        in[1] = batch.keys();
        in[2] = batch.values();
        return keyMajor(c, call(c, in, keys));
    }

    /**
     * {@code MultiListFeatureTensorsToKeyMajor}.
     *
     * @param batch an example-major batch
     * @param keys the feature ids to keep, distinct, in output order
     * @return the key-major batch: per key and example the concatenated runs, {@code weights}
     *     {@code null}
     */
    public KeyMajorFeatures multiListToKeyMajor(MultiListFeatures batch, long[] keys) {
        Call c = slot(OperatorType.MULTI_LIST_TO_KEY_MAJOR);
        Tensor[] in = c.inputs(4);
        in[0] = batch.lengths();
        in[1] = batch.keys();
        in[2] = batch.valuesLengths();
        in[3] = batch.valuesValues();
        return keyMajor(c, call(c, in, keys));
    }

    /**
     * {@code MultiMapFeatureTensorsToKeyMajor}.
     *
     * @param batch an example-major batch
     * @param keys the feature ids to keep, distinct, in output order
     * @return the key-major batch: {@code values} the runs of the map keys, {@code weights} those
     *     of the map values
     */
    public KeyMajorFeatures multiMapToKeyMajor(MultiMapFeatures batch, long[] keys) {
        Call c = slot(OperatorType.MULTI_MAP_TO_KEY_MAJOR);
        Tensor[] in = c.inputs(5);
        in[0] = batch.lengths();
        in[1] = batch.keys();
        in[2] = batch.valuesLengths();
        in[3] = batch.valuesKeys();
        in[4] = batch.valuesValues();
        return keyMajor(c, call(c, in, keys));
    }

    /**
     * {@code MultiScalarFeatureTensorsToKeyMajorGradient}.
     *
     * @param batch the forward call's batch (lengths and keys are used)
     * @param keys the forward call's keys
     * @param valuesGrad gradient of the key-major values
     * @return the gradient of the batch's values, the type's default where an entry was dropped
     */
    public Tensor multiScalarToKeyMajorGradient(MultiScalarFeatures batch, long[] keys, Tensor valuesGrad) {
        Call c = slot(OperatorType.MULTI_SCALAR_TO_KEY_MAJOR_GRADIENT);
        Tensor[] in = c.inputs(3);
        in[0] = batch.lengths();
        in[1] = batch.keys();
        in[2] = valuesGrad;
        return call(c, in, keys)[0];
    }

    /**
     * {@code MultiListFeatureTensorsToKeyMajorGradient}.
     *
     * @param batch the forward call's batch (lengths, keys and values.lengths are used)
     * @param keys the forward call's keys
     * @param valuesGrad gradient of the key-major values
     * @return the gradient of the batch's values.values
     */
    public Tensor multiListToKeyMajorGradient(MultiListFeatures batch, long[] keys, Tensor valuesGrad) {
        return runsGradient(OperatorType.MULTI_LIST_TO_KEY_MAJOR_GRADIENT, batch.lengths(), batch.keys(),
                batch.valuesLengths(), keys, valuesGrad);
    }

    /**
     * {@code MultiMapFeatureTensorsToKeyMajorGradient}.
     *
     * @param batch the forward call's batch (lengths, keys and values.lengths are used)
     * @param keys the forward call's keys
     * @param weightsGrad gradient of the key-major weights
     * @return the gradient of the batch's values.values
     */
    public Tensor multiMapToKeyMajorGradient(MultiMapFeatures batch, long[] keys, Tensor weightsGrad) {
        return runsGradient(OperatorType.MULTI_MAP_TO_KEY_MAJOR_GRADIENT, batch.lengths(), batch.keys(),
                batch.valuesLengths(), keys, weightsGrad);
    }

    private Tensor runsGradient(OperatorType type, Tensor lengths, Tensor keys, Tensor valuesLengths, long[] ids,
                                Tensor grad) {
        Call c = slot(type);
        Tensor[] in = c.inputs(4);
        in[0] = lengths;
        in[1] = keys;
        in[2] = valuesLengths;
        in[3] = grad;
        return call(c, in, ids)[0];
    }

    /**
     * {@code JaggedToPaddedDense}.
     *
     * @param lengths int32[B], each example's run length
     * @param values T[sum(lengths)], the runs back to back
     * @param maxLength cells per row, at least 1
     * @param paddingValue the value of the cells past a run (0 or 1 for bool, integral for the
     *     integer types, 0 for strings, which pad with {@code ""})
     * @return dense T[B, maxLength]
     */
    public Tensor jaggedToPaddedDense(Tensor lengths, Tensor values, long maxLength, double paddingValue) {
        Call c = slot(OperatorType.JAGGED_TO_PADDED_DENSE);
        Tensor[] in = c.inputs(2);
        in[0] = lengths;
        in[1] = values;
        return call(c, in, null, maxLength, paddingValue)[0];
    }

    /**
     * {@code PaddedDenseToJagged}.
     *
     * @param dense T[B, M]
     * @param lengths int32[B], each at most M
     * @return values T[sum(lengths)], the first {@code lengths[e]} cells of each row
     */
    public Tensor paddedDenseToJagged(Tensor dense, Tensor lengths) {
        return twoInputs(OperatorType.PADDED_DENSE_TO_JAGGED, dense, lengths);
    }

    /**
     * {@code JaggedToPaddedDenseGradient}.
     *
     * @param lengths the forward call's lengths
     * @param denseGrad gradient of the padded matrix, T[B, max_length]
     * @return the gradient of the values, the type's default for values the rows cut off
     */
    public Tensor jaggedToPaddedDenseGradient(Tensor lengths, Tensor denseGrad) {
        return twoInputs(OperatorType.JAGGED_TO_PADDED_DENSE_GRADIENT, lengths, denseGrad);
    }

    private Tensor twoInputs(OperatorType type, Tensor first, Tensor second) {
        Call c = slot(type);
        Tensor[] in = c.inputs(2);
        in[0] = first;
        in[1] = second;
        return call(c, in, null)[0];
    }

    private static KeyMajorFeatures keyMajor(Call c, Tensor[] out) {
        if (c.result == null || c.resultOf != out) {
            c.keep(out, KeyMajorFeatures.of(out));
        }
        return (KeyMajorFeatures) c.result;
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
        final AbstractOperator operator;
        final Plan plan = new Plan();
        Tensor[] inputs = NO_TENSORS;
        private Tensor[] outputs = NO_TENSORS;
        private MemorySegment[] data = Segments.NONE;
        private MemorySegment[] offsets = Segments.NONE;
        /** The typed view last returned, and the outputs it views. */
        Object result;
        Tensor[] resultOf;

        Call(FeatureOperator operator) {
            this.operator = (AbstractOperator) operator;
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
                long columns = plan.outputColumns(o);
                long rows = columns <= 0 ? 0 : count / columns;
                if (type == DType.STRING) {
                    offsets[o] = grown(offsets[o], (count + 1) * Long.BYTES);
                    data[o] = grown(data[o], plan.outputStringBytes(o));
                    MemorySegment bytes = data[o].asSlice(0, plan.outputStringBytes(o));
                    out[o] = columns < 0 ? Tensor.wrapStrings(offsets[o], bytes, count)
                            : Tensor.wrapStrings(offsets[o], bytes, rows, columns);
                } else {
                    data[o] = grown(data[o], count * type.byteSize());
                    out[o] = columns < 0 ? Tensor.wrap(type, data[o], count) : Tensor.wrap(type, data[o], rows, columns);
                }
            }
            outputs = out;
            return out;
        }

        private static boolean fits(Tensor t, Plan plan, int o) {
            long columns = plan.outputColumns(o);
            return t.dtype() == plan.outputType(o) && t.count() == plan.outputCount(o)
                    && (columns < 0 ? t.rank() == 1 : t.rank() == 2 && t.dim(1) == columns)
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
