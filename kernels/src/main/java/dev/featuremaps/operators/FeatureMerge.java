package dev.featuremaps.operators;

import dev.featuremaps.features.MultiListFeatures;
import dev.featuremaps.features.MultiMapFeatures;
import dev.featuremaps.features.MultiScalarFeatures;
import dev.featuremaps.features.SingleListFeature;
import dev.featuremaps.features.SingleMapFeature;
import dev.featuremaps.features.SingleScalarFeature;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Typed convenience calls over {@link Operators}: feature structures in, feature structures out,
 * outputs allocated from the given allocator. For allocation-free steady state use the
 * operators' {@link FeatureOperator#plan plan}/{@link FeatureOperator#execute execute} directly.
 *
 * <pre>{@code
 * try (TensorArena arena = TensorArena.confined()) {
 *     MultiScalarFeatures merged = FeatureMerge.defaults().mergeSingleScalar(
 *             arena, List.of(age, clicks), new long[] {11, 12});
 * }
 * }</pre>
 */
public final class FeatureMerge {
    private final Operators ops;

    private FeatureMerge(Operators ops) {
        this.ops = ops;
    }

    /** @return merges on the kernels chosen for this JVM */
    public static FeatureMerge defaults() {
        return new FeatureMerge(Operators.defaults());
    }

    /**
     * @param ops the operators to call
     * @return merges on those operators
     */
    public static FeatureMerge using(Operators ops) {
        return new FeatureMerge(ops);
    }

    private static <F> Tensor[] flatten(List<F> features, Function<F, Tensor[]> parts) {
        List<Tensor> all = new ArrayList<>();
        for (F f : features) {
            all.addAll(List.of(parts.apply(f)));
        }
        return all.toArray(Tensor[]::new);
    }

    private Tensor[] run(String name, TensorAllocator a, Tensor[] in, long[] ids) {
        return ops.operator(name).run(a, in, ids);
    }

    /**
     * {@code MergeSingleScalarFeatureTensors}.
     *
     * @param a allocator for the outputs
     * @param features one scalar feature per id
     * @param featureIds the id of each feature
     * @return the merged multi-feature tensors
     */
    public MultiScalarFeatures mergeSingleScalar(TensorAllocator a, List<SingleScalarFeature> features,
                                                 long[] featureIds) {
        return MultiScalarFeatures.of(run(MergeSingleScalar.NAME, a,
                flatten(features, SingleScalarFeature::tensors), featureIds));
    }

    /**
     * {@code MergeSingleListFeatureTensors}.
     *
     * @param a allocator for the outputs
     * @param features one list feature per id
     * @param featureIds the id of each feature
     * @return the merged multi-feature tensors
     */
    public MultiListFeatures mergeSingleList(TensorAllocator a, List<SingleListFeature> features,
                                             long[] featureIds) {
        return MultiListFeatures.of(run(MergeSingleRuns.LIST, a,
                flatten(features, SingleListFeature::tensors), featureIds));
    }

    /**
     * {@code MergeSingleMapFeatureTensors}.
     *
     * @param a allocator for the outputs
     * @param features one map feature per id
     * @param featureIds the id of each feature
     * @return the merged multi-feature tensors
     */
    public MultiMapFeatures mergeSingleMap(TensorAllocator a, List<SingleMapFeature> features,
                                           long[] featureIds) {
        return MultiMapFeatures.of(run(MergeSingleRuns.MAP, a,
                flatten(features, SingleMapFeature::tensors), featureIds));
    }

    /**
     * {@code MergeMultiScalarFeatureTensors}.
     *
     * @param a allocator for the outputs
     * @param inputs multi-feature tensors to merge example by example
     * @return the merged tensors
     */
    public MultiScalarFeatures mergeMultiScalar(TensorAllocator a, List<MultiScalarFeatures> inputs) {
        return MultiScalarFeatures.of(run(MergeMultiScalar.NAME, a,
                flatten(inputs, MultiScalarFeatures::tensors), null));
    }

    /**
     * {@code MergeMultiListFeatureTensors}.
     *
     * @param a allocator for the outputs
     * @param inputs multi-feature tensors to merge example by example
     * @return the merged tensors
     */
    public MultiListFeatures mergeMultiList(TensorAllocator a, List<MultiListFeatures> inputs) {
        return MultiListFeatures.of(run(MergeMultiRuns.LIST, a,
                flatten(inputs, MultiListFeatures::tensors), null));
    }

    /**
     * {@code MergeMultiMapFeatureTensors}.
     *
     * @param a allocator for the outputs
     * @param inputs multi-feature tensors to merge example by example
     * @return the merged tensors
     */
    public MultiMapFeatures mergeMultiMap(TensorAllocator a, List<MultiMapFeatures> inputs) {
        return MultiMapFeatures.of(run(MergeMultiRuns.MAP, a,
                flatten(inputs, MultiMapFeatures::tensors), null));
    }

    /**
     * {@code MergeDenseFeatureTensors}.
     *
     * @param a allocator for the outputs
     * @param dense T[B, N]
     * @param presence bool[B, N]
     * @param featureIds the id of each column
     * @return the merged tensors
     */
    public MultiScalarFeatures mergeDense(TensorAllocator a, Tensor dense, Tensor presence, long[] featureIds) {
        return MultiScalarFeatures.of(run(MergeDense.NAME, a, new Tensor[] {dense, presence}, featureIds));
    }

    /**
     * {@code MergeSingleScalarFeatureTensorsGradient}.
     *
     * @param a allocator for the outputs
     * @param features the forward call's features (their presence is used)
     * @param valuesGrad gradient of the merged values
     * @return the gradient of each feature's values, T[B]
     */
    public Tensor[] mergeSingleScalarGradient(TensorAllocator a, List<SingleScalarFeature> features,
                                              Tensor valuesGrad) {
        List<Tensor> in = new ArrayList<>();
        features.forEach(f -> in.add(f.presence()));
        in.add(valuesGrad);
        return run(MergeSingleScalarGradient.NAME, a, in.toArray(Tensor[]::new), null);
    }

    /**
     * {@code MergeSingleListFeatureTensorsGradient}.
     *
     * @param a allocator for the outputs
     * @param features the forward call's features (lengths and presence are used)
     * @param valuesGrad gradient of the merged values.values
     * @return the gradient of each feature's values
     */
    public Tensor[] mergeSingleListGradient(TensorAllocator a, List<SingleListFeature> features,
                                            Tensor valuesGrad) {
        List<Tensor> in = new ArrayList<>();
        features.forEach(f -> in.addAll(List.of(f.lengths(), f.presence())));
        in.add(valuesGrad);
        return run(MergeSingleRunsGradient.LIST, a, in.toArray(Tensor[]::new), null);
    }

    /**
     * {@code MergeSingleMapFeatureTensorsGradient}.
     *
     * @param a allocator for the outputs
     * @param features the forward call's features (lengths and presence are used)
     * @param valuesGrad gradient of the merged values.values
     * @return the gradient of each feature's values
     */
    public Tensor[] mergeSingleMapGradient(TensorAllocator a, List<SingleMapFeature> features,
                                           Tensor valuesGrad) {
        List<Tensor> in = new ArrayList<>();
        features.forEach(f -> in.addAll(List.of(f.lengths(), f.presence())));
        in.add(valuesGrad);
        return run(MergeSingleRunsGradient.MAP, a, in.toArray(Tensor[]::new), null);
    }

    /**
     * {@code MergeMultiScalarFeatureTensorsGradient}.
     *
     * @param a allocator for the outputs
     * @param inputs the forward call's inputs (their lengths are used)
     * @param valuesGrad gradient of the merged values
     * @return the gradient of each input's values
     */
    public Tensor[] mergeMultiScalarGradient(TensorAllocator a, List<MultiScalarFeatures> inputs,
                                             Tensor valuesGrad) {
        List<Tensor> in = new ArrayList<>();
        inputs.forEach(f -> in.add(f.lengths()));
        in.add(valuesGrad);
        return run(MergeMultiScalarGradient.NAME, a, in.toArray(Tensor[]::new), null);
    }

    /**
     * {@code MergeMultiListFeatureTensorsGradient}.
     *
     * @param a allocator for the outputs
     * @param inputs the forward call's inputs (lengths and values.lengths are used)
     * @param valuesGrad gradient of the merged values.values
     * @return the gradient of each input's values.values
     */
    public Tensor[] mergeMultiListGradient(TensorAllocator a, List<MultiListFeatures> inputs,
                                           Tensor valuesGrad) {
        List<Tensor> in = new ArrayList<>();
        inputs.forEach(f -> in.addAll(List.of(f.lengths(), f.valuesLengths())));
        in.add(valuesGrad);
        return run(MergeMultiRunsGradient.LIST, a, in.toArray(Tensor[]::new), null);
    }

    /**
     * {@code MergeMultiMapFeatureTensorsGradient}.
     *
     * @param a allocator for the outputs
     * @param inputs the forward call's inputs (lengths and values.lengths are used)
     * @param valuesGrad gradient of the merged values.values
     * @return the gradient of each input's values.values
     */
    public Tensor[] mergeMultiMapGradient(TensorAllocator a, List<MultiMapFeatures> inputs,
                                          Tensor valuesGrad) {
        List<Tensor> in = new ArrayList<>();
        inputs.forEach(f -> in.addAll(List.of(f.lengths(), f.valuesLengths())));
        in.add(valuesGrad);
        return run(MergeMultiRunsGradient.MAP, a, in.toArray(Tensor[]::new), null);
    }
}
