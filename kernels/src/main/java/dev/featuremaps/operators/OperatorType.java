package dev.featuremaps.operators;

/**
 * The operators by their type names: the thirteen of Caffe2, then the key-major and padded-dense
 * ones. Typed constants for code, the names for nets and messages.
 */
public enum OperatorType {
    /** {@code MergeSingleScalarFeatureTensors}. */
    MERGE_SINGLE_SCALAR("MergeSingleScalarFeatureTensors"),
    /** {@code MergeSingleListFeatureTensors}. */
    MERGE_SINGLE_LIST("MergeSingleListFeatureTensors"),
    /** {@code MergeSingleMapFeatureTensors}. */
    MERGE_SINGLE_MAP("MergeSingleMapFeatureTensors"),
    /** {@code MergeMultiScalarFeatureTensors}. */
    MERGE_MULTI_SCALAR("MergeMultiScalarFeatureTensors"),
    /** {@code MergeMultiListFeatureTensors}. */
    MERGE_MULTI_LIST("MergeMultiListFeatureTensors"),
    /** {@code MergeMultiMapFeatureTensors}. */
    MERGE_MULTI_MAP("MergeMultiMapFeatureTensors"),
    /** {@code MergeDenseFeatureTensors}. */
    MERGE_DENSE("MergeDenseFeatureTensors"),
    /** {@code MergeSingleScalarFeatureTensorsGradient}. */
    MERGE_SINGLE_SCALAR_GRADIENT("MergeSingleScalarFeatureTensorsGradient"),
    /** {@code MergeSingleListFeatureTensorsGradient}. */
    MERGE_SINGLE_LIST_GRADIENT("MergeSingleListFeatureTensorsGradient"),
    /** {@code MergeSingleMapFeatureTensorsGradient}. */
    MERGE_SINGLE_MAP_GRADIENT("MergeSingleMapFeatureTensorsGradient"),
    /** {@code MergeMultiScalarFeatureTensorsGradient}. */
    MERGE_MULTI_SCALAR_GRADIENT("MergeMultiScalarFeatureTensorsGradient"),
    /** {@code MergeMultiListFeatureTensorsGradient}. */
    MERGE_MULTI_LIST_GRADIENT("MergeMultiListFeatureTensorsGradient"),
    /** {@code MergeMultiMapFeatureTensorsGradient}. */
    MERGE_MULTI_MAP_GRADIENT("MergeMultiMapFeatureTensorsGradient"),
    /** {@code MultiScalarFeatureTensorsToKeyMajor}. */
    MULTI_SCALAR_TO_KEY_MAJOR("MultiScalarFeatureTensorsToKeyMajor"),
    /** {@code MultiListFeatureTensorsToKeyMajor}. */
    MULTI_LIST_TO_KEY_MAJOR("MultiListFeatureTensorsToKeyMajor"),
    /** {@code MultiMapFeatureTensorsToKeyMajor}. */
    MULTI_MAP_TO_KEY_MAJOR("MultiMapFeatureTensorsToKeyMajor"),
    /** {@code JaggedToPaddedDense}. */
    JAGGED_TO_PADDED_DENSE("JaggedToPaddedDense"),
    /** {@code PaddedDenseToJagged}. */
    PADDED_DENSE_TO_JAGGED("PaddedDenseToJagged"),
    /** {@code MultiScalarFeatureTensorsToKeyMajorGradient}. */
    MULTI_SCALAR_TO_KEY_MAJOR_GRADIENT("MultiScalarFeatureTensorsToKeyMajorGradient"),
    /** {@code MultiListFeatureTensorsToKeyMajorGradient}. */
    MULTI_LIST_TO_KEY_MAJOR_GRADIENT("MultiListFeatureTensorsToKeyMajorGradient"),
    /** {@code MultiMapFeatureTensorsToKeyMajorGradient}. */
    MULTI_MAP_TO_KEY_MAJOR_GRADIENT("MultiMapFeatureTensorsToKeyMajorGradient"),
    /** {@code JaggedToPaddedDenseGradient}. */
    JAGGED_TO_PADDED_DENSE_GRADIENT("JaggedToPaddedDenseGradient");

    private final String typeName;

    OperatorType(String typeName) {
        this.typeName = typeName;
    }

    /**
     * The operator of a Caffe2 type name.
     *
     * @param typeName e.g. {@code MergeDenseFeatureTensors}
     * @return the operator
     * @throws IllegalArgumentException if no operator has that name
     */
    public static OperatorType of(String typeName) {
        for (OperatorType t : values()) {
            if (t.typeName.equals(typeName)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown operator '" + typeName + "'");
    }

    /**
     * The Caffe2 type name.
     *
     * @return e.g. {@code MergeMultiListFeatureTensorsGradient}
     */
    public String typeName() {
        return typeName;
    }
}
