package dev.featuremaps.operators;

import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorAllocator;

/**
 * One merge or gradient computation, with Caffe2's input order.
 *
 * <p>Calls go in two steps. {@link #plan} validates every input (see SEMANTICS.md, "Validation")
 * and computes every output's type and size without touching the outputs; {@link #execute} writes
 * into caller-provided outputs of exactly those sizes and allocates nothing. {@link #run} does
 * both and allocates the outputs. Operators are stateless and may be called from many threads; a
 * {@link Plan} is not, so each thread keeps its own and reuses it.
 *
 * <p>The inputs a plan was made for must not change until {@link #execute} has returned.
 */
public interface FeatureOperator {

    /** @return the Caffe2 type name, e.g. {@code MergeSingleScalarFeatureTensors} */
    String name();

    /**
     * Validates the inputs and computes the output sizes.
     *
     * @param inputs tensors in Caffe2's input order
     * @param featureIds one id per feature for the Single* and Dense operators; ignored (may be
     *     {@code null}) by the others
     * @param plan a plan to fill, reused across calls to avoid allocation, or {@code null} for a
     *     new one
     * @return the filled plan
     * @throws FeatureTensorException if the inputs do not fit the operator
     */
    Plan plan(Tensor[] inputs, long[] featureIds, Plan plan);

    /**
     * Validates the inputs and computes the output sizes, with arguments beyond the ids: the
     * form the padded-dense operators need. (A name of its own, so that calls of {@link #plan}
     * with a {@code null} for the ids stay unambiguous.)
     *
     * @param inputs tensors in the operator's input order
     * @param arguments the call's arguments
     * @param plan a plan to fill, reused across calls, or {@code null} for a new one
     * @return the filled plan
     * @throws FeatureTensorException if the inputs or arguments do not fit the operator
     */
    Plan planWith(Tensor[] inputs, OperatorArguments arguments, Plan plan);

    /**
     * Writes the outputs of a planned call.
     *
     * @param plan a plan made by this operator's {@link #plan}
     * @param outputs tensors of exactly the planned types and sizes, in Caffe2's output order
     * @throws FeatureTensorException if an output does not fit the plan; nothing is written then
     */
    void execute(Plan plan, Tensor[] outputs);

    /**
     * Writes the outputs of a planned call, split by ranges of examples over up to {@code
     * parallelism.threads()} threads where that pays (see {@link Parallelism}). The outputs are
     * checked as by {@link #execute(Plan, Tensor[])}, once, before any thread writes; the bytes
     * written are those {@link #execute(Plan, Tensor[])} writes.
     *
     * <p>Unlike the single-threaded call, a split call allocates: the views of each range's
     * inputs and outputs and the tables of their offsets.
     *
     * @param plan a plan made by this operator's {@link #plan}
     * @param outputs tensors of exactly the planned types and sizes, in Caffe2's output order
     * @param parallelism how many threads the call may use, and where they come from
     * @throws FeatureTensorException if an output does not fit the plan; nothing is written then
     */
    default void execute(Plan plan, Tensor[] outputs, Parallelism parallelism) {
        execute(plan, outputs);
    }

    /**
     * Plans, allocates the outputs and executes.
     *
     * @param allocator where the outputs come from
     * @param inputs tensors in Caffe2's input order
     * @param featureIds one id per feature, where the operator takes them
     * @return the outputs in Caffe2's output order
     */
    default Tensor[] run(TensorAllocator allocator, Tensor[] inputs, long[] featureIds) {
        Plan plan = plan(inputs, featureIds, null);
        Tensor[] outputs = plan.allocateOutputs(allocator);
        execute(plan, outputs);
        return outputs;
    }

    /**
     * Plans with arguments, allocates the outputs and executes.
     *
     * @param allocator where the outputs come from
     * @param inputs tensors in the operator's input order
     * @param arguments the call's arguments
     * @return the outputs in the operator's output order
     */
    default Tensor[] runWith(TensorAllocator allocator, Tensor[] inputs, OperatorArguments arguments) {
        Plan plan = planWith(inputs, arguments, null);
        Tensor[] outputs = plan.allocateOutputs(allocator);
        execute(plan, outputs);
        return outputs;
    }
}
