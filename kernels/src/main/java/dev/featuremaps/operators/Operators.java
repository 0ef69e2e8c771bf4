package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.kernels.KernelProvider;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 13 operators of SEMANTICS.md by their Caffe2 type names, bound to one kernel family.
 *
 * <pre>{@code
 * FeatureOperator merge = Operators.get("MergeSingleScalarFeatureTensors");
 * Tensor[] out = merge.run(arena, inputs, featureIds);
 * }</pre>
 */
public final class Operators {
    private static final class Default {
        static final Operators INSTANCE = new Operators(KernelProvider.kernels());
    }

    private final FeatureKernels kernels;
    private final Map<String, FeatureOperator> byName;

    private Operators(FeatureKernels kernels) {
        this.kernels = kernels;
        Map<String, FeatureOperator> m = new LinkedHashMap<>();
        for (FeatureOperator op : List.of(
                new MergeSingleScalar(kernels),
                new MergeSingleRuns(kernels, false),
                new MergeSingleRuns(kernels, true),
                new MergeMultiScalar(kernels),
                new MergeMultiRuns(kernels, false),
                new MergeMultiRuns(kernels, true),
                new MergeDense(kernels),
                new MergeSingleScalarGradient(kernels),
                new MergeSingleRunsGradient(kernels, false),
                new MergeSingleRunsGradient(kernels, true),
                new MergeMultiScalarGradient(kernels),
                new MergeMultiRunsGradient(kernels, false),
                new MergeMultiRunsGradient(kernels, true))) {
            m.put(op.name(), op);
        }
        this.byName = Collections.unmodifiableMap(m);
    }

    /** @return the operators on the kernels {@link KernelProvider} chose for this JVM */
    public static Operators defaults() {
        return Default.INSTANCE;
    }

    /**
     * Operators on a given kernel family (tests and benchmarks compare families).
     *
     * @param kernels the kernels every operator uses
     * @return a new, immutable registry
     */
    public static Operators using(FeatureKernels kernels) {
        return new Operators(kernels);
    }

    /**
     * An operator of the default registry by Caffe2 type name.
     *
     * @param name e.g. {@code MergeMultiListFeatureTensorsGradient}
     * @return the operator
     * @throws IllegalArgumentException if no operator has that name
     */
    public static FeatureOperator get(String name) {
        return defaults().operator(name);
    }

    /**
     * An operator by Caffe2 type name.
     *
     * @param name the type name
     * @return the operator
     * @throws IllegalArgumentException if no operator has that name
     */
    public FeatureOperator operator(String name) {
        FeatureOperator op = byName.get(name);
        if (op == null) {
            throw new IllegalArgumentException("unknown operator '" + name + "'; known: " + byName.keySet());
        }
        return op;
    }

    /** @return every operator by type name, in SEMANTICS.md order */
    public Map<String, FeatureOperator> all() {
        return byName;
    }

    /** @return the kernel family these operators run on */
    public FeatureKernels kernels() {
        return kernels;
    }
}
