package dev.featuremaps.benchmarks;

/**
 * The measured computations: each forward operator, and each distinct gradient (the list and map
 * gradients are one computation, measured once under the list operator's name). The first eleven
 * are Caffe2's merges, measured by {@link MergeBenchmark} with a C baseline; the key-major and
 * padded-dense ones after them have none and are measured by {@link LayoutBenchmark}.
 */
public enum Operation {
    /** {@code MergeSingleScalarFeatureTensors}. */
    SINGLE_SCALAR("mergeSingleScalar", "MergeSingleScalarFeatureTensors"),
    /** {@code MergeSingleScalarFeatureTensorsGradient}. */
    SINGLE_SCALAR_GRADIENT("mergeSingleScalarGradient", "MergeSingleScalarFeatureTensorsGradient"),
    /** {@code MergeSingleListFeatureTensors}. */
    SINGLE_LIST("mergeSingleList", "MergeSingleListFeatureTensors"),
    /** {@code MergeSingleMapFeatureTensors}. */
    SINGLE_MAP("mergeSingleMap", "MergeSingleMapFeatureTensors"),
    /** {@code MergeSingleListFeatureTensorsGradient}, identical to the map gradient. */
    SINGLE_LIST_OR_MAP_GRADIENT("mergeSingleListOrMapGradient", "MergeSingleListFeatureTensorsGradient"),
    /** {@code MergeMultiScalarFeatureTensors}. */
    MULTI_SCALAR("mergeMultiScalar", "MergeMultiScalarFeatureTensors"),
    /** {@code MergeMultiScalarFeatureTensorsGradient}. */
    MULTI_SCALAR_GRADIENT("mergeMultiScalarGradient", "MergeMultiScalarFeatureTensorsGradient"),
    /** {@code MergeMultiListFeatureTensors}. */
    MULTI_LIST("mergeMultiList", "MergeMultiListFeatureTensors"),
    /** {@code MergeMultiMapFeatureTensors}. */
    MULTI_MAP("mergeMultiMap", "MergeMultiMapFeatureTensors"),
    /** {@code MergeMultiListFeatureTensorsGradient}, identical to the map gradient. */
    MULTI_LIST_OR_MAP_GRADIENT("mergeMultiListOrMapGradient", "MergeMultiListFeatureTensorsGradient"),
    /** {@code MergeDenseFeatureTensors}. */
    DENSE("mergeDense", "MergeDenseFeatureTensors"),
    /** {@code MultiScalarFeatureTensorsToKeyMajor}. */
    KEY_MAJOR_SCALAR("multiScalarToKeyMajor", "MultiScalarFeatureTensorsToKeyMajor"),
    /** {@code MultiListFeatureTensorsToKeyMajor}. */
    KEY_MAJOR_LIST("multiListToKeyMajor", "MultiListFeatureTensorsToKeyMajor"),
    /** {@code MultiMapFeatureTensorsToKeyMajor}. */
    KEY_MAJOR_MAP("multiMapToKeyMajor", "MultiMapFeatureTensorsToKeyMajor"),
    /** {@code MultiScalarFeatureTensorsToKeyMajorGradient}. */
    KEY_MAJOR_SCALAR_GRADIENT("multiScalarToKeyMajorGradient", "MultiScalarFeatureTensorsToKeyMajorGradient"),
    /** {@code MultiListFeatureTensorsToKeyMajorGradient}, identical to the map gradient. */
    KEY_MAJOR_LIST_OR_MAP_GRADIENT("multiListOrMapToKeyMajorGradient", "MultiListFeatureTensorsToKeyMajorGradient"),
    /** {@code JaggedToPaddedDense}. */
    JAGGED_TO_PADDED_DENSE("jaggedToPaddedDense", "JaggedToPaddedDense"),
    /** {@code JaggedToPaddedDenseGradient}. */
    JAGGED_TO_PADDED_DENSE_GRADIENT("jaggedToPaddedDenseGradient", "JaggedToPaddedDenseGradient"),
    /** {@code PaddedDenseToJagged}. */
    PADDED_DENSE_TO_JAGGED("paddedDenseToJagged", "PaddedDenseToJagged");

    private final String benchmark;
    private final String operatorName;

    Operation(String benchmark, String operatorName) {
        this.benchmark = benchmark;
        this.operatorName = operatorName;
    }

    /**
     * Whether the C baseline ({@link NativeMerge}) computes this operation: Caffe2's merges and
     * their gradients only, which {@link MergeBenchmark} measures; the others are
     * {@link LayoutBenchmark}'s.
     *
     * @return true for the first eleven operations
     */
    public boolean hasNative() {
        return ordinal() <= DENSE.ordinal();
    }

    /**
     * Whether the library does the operation's data-dependent work when it plans: the key-major
     * operators group the entries by key at plan time, so that executing is only the copy. Their
     * measured call plans too, as a service planning each new batch does, against a reference
     * whose measured pass groups the entries itself; the library's call then also includes the
     * validation the reference skips.
     *
     * @return true for the key-major operators and their gradients
     */
    public boolean plansPerCall() {
        return switch (this) {
            case KEY_MAJOR_SCALAR, KEY_MAJOR_LIST, KEY_MAJOR_MAP, KEY_MAJOR_SCALAR_GRADIENT,
                 KEY_MAJOR_LIST_OR_MAP_GRADIENT -> true;
            default -> false;
        };
    }

    /** @return the benchmark method name, also the roofline's {@code op} parameter value */
    public String benchmark() {
        return benchmark;
    }

    /** @return the Caffe2 type name of the library operator that computes it */
    public String operatorName() {
        return operatorName;
    }

    /**
     * The measured computation of an operator: the map gradients compute what the list
     * gradients do, on the same inputs.
     *
     * @param type any operator
     * @return the operation whose workload inputs it takes
     */
    public static Operation computing(dev.featuremaps.operators.OperatorType type) {
        return switch (type) {
            case MERGE_SINGLE_MAP_GRADIENT -> SINGLE_LIST_OR_MAP_GRADIENT;
            case MERGE_MULTI_MAP_GRADIENT -> MULTI_LIST_OR_MAP_GRADIENT;
            case MULTI_MAP_TO_KEY_MAJOR_GRADIENT -> KEY_MAJOR_LIST_OR_MAP_GRADIENT;
            default -> {
                for (Operation op : values()) {
                    if (op.operatorName.equals(type.typeName())) {
                        yield op;
                    }
                }
                throw new IllegalArgumentException("no operation computes " + type);
            }
        };
    }

    /**
     * The operation a benchmark method measures.
     *
     * @param benchmark a method name such as {@code mergeMultiList}
     * @return the operation
     * @throws IllegalArgumentException if no operation has that name
     */
    public static Operation ofBenchmark(String benchmark) {
        for (Operation op : values()) {
            if (op.benchmark.equals(benchmark)) {
                return op;
            }
        }
        throw new IllegalArgumentException("no operation is measured by '" + benchmark + "'");
    }
}
