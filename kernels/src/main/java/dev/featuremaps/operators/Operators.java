package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.kernels.KernelProvider;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operators of SEMANTICS.md by their type names, bound to one kernel family: Caffe2's 13,
 * then the key-major and padded-dense ones.
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
                new MergeMultiRunsGradient(kernels, true),
                new KeyMajor(kernels, 0),
                new KeyMajor(kernels, 1),
                new KeyMajor(kernels, 2),
                new PaddedDense(kernels),
                new Unpad(kernels, false),
                new KeyMajorGradient(kernels, 0),
                new KeyMajorGradient(kernels, 1),
                new KeyMajorGradient(kernels, 2),
                new Unpad(kernels, true))) {
            m.put(op.name(), op);
        }
        this.byName = Collections.unmodifiableMap(m);
    }

    /**
     * The operators on the kernels chosen for this JVM ({@link #kernelChoice()}).
     *
     * @return the shared default registry
     * @throws IllegalArgumentException when {@code -Dfeaturemaps.kernels} has a bad value (at
     *     every call: the JVM is not left with a half-initialised registry)
     */
    public static Operators defaults() {
        KernelProvider.kernels();
        return Default.INSTANCE;
    }

    /**
     * Which kernels {@link #defaults()} runs on, and why; the same choice the one log line at
     * first use reports.
     *
     * @return the choice
     * @throws IllegalArgumentException when {@code -Dfeaturemaps.kernels} has a bad value
     */
    public static KernelChoice kernelChoice() {
        KernelProvider.Choice c = KernelProvider.choice();
        FeatureKernels k = c.kernelsOrThrow();
        return new KernelChoice(KernelFamily.of(k.name()), c.vectorBits(), c.reason());
    }

    /**
     * Operators on a given kernel family, whatever the default choice (to compare families, or
     * to pin one).
     *
     * @param family the family every operator uses
     * @return a new, immutable registry
     * @throws UnsupportedOperationException with the reason, when {@link KernelFamily#PANAMA}
     *     cannot load on this JVM
     */
    public static Operators using(KernelFamily family) {
        return new Operators(family == KernelFamily.SCALAR ? KernelProvider.scalar() : KernelProvider.panama());
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

    /**
     * An operator by its typed name.
     *
     * @param type the operator
     * @return the operator
     */
    public FeatureOperator operator(OperatorType type) {
        return byName.get(type.typeName());
    }

    /** @return every operator by type name, in SEMANTICS.md order */
    public Map<String, FeatureOperator> all() {
        return byName;
    }

    /** @return the kernels these operators run on */
    FeatureKernels kernels() {
        return kernels;
    }

    /** @return the kernel family these operators run on */
    public KernelFamily family() {
        return KernelFamily.of(kernels.name());
    }
}
