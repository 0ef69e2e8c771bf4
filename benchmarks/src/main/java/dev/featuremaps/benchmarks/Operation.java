package dev.featuremaps.benchmarks;

/**
 * The eleven measured computations: each forward merge, and each distinct gradient (the list and
 * map gradients are one computation, measured once under the list operator's name).
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
    DENSE("mergeDense", "MergeDenseFeatureTensors");

    private final String benchmark;
    private final String operatorName;

    Operation(String benchmark, String operatorName) {
        this.benchmark = benchmark;
        this.operatorName = operatorName;
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
     * @param type any of the 13 operators
     * @return the operation whose workload inputs it takes
     */
    public static Operation computing(dev.featuremaps.operators.OperatorType type) {
        return switch (type) {
            case MERGE_SINGLE_MAP_GRADIENT -> SINGLE_LIST_OR_MAP_GRADIENT;
            case MERGE_MULTI_MAP_GRADIENT -> MULTI_LIST_OR_MAP_GRADIENT;
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
