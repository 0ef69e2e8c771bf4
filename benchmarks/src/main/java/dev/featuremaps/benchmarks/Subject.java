package dev.featuremaps.benchmarks;

import dev.featuremaps.operators.FeatureOperator;
import dev.featuremaps.operators.KernelFamily;
import dev.featuremaps.operators.OperatorArguments;
import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.operators.Plan;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorAllocator;
import java.util.List;

/**
 * One implementation bound to one case, ready to execute: everything that may allocate (planning,
 * outputs, cursor tables) is done on construction, so {@link #execute} is the measured path.
 */
public abstract sealed class Subject {
    /** Implementation names, the JMH {@code impl} parameter values. */
    public static final String REFERENCE = "reference";
    /** The plain Caffe2 algorithm in C, compiled at {@code -O3 -march=native}, see {@link NativeMerge}. */
    public static final String NATIVE = "native";
    /** The library's operators on the scalar kernels. */
    public static final String SCALAR = "scalar";
    /** The library's operators on the Vector API kernels. */
    public static final String VECTOR = "vector";
    /** Every implementation, in report order. */
    public static final List<String> IMPLS = List.of(REFERENCE, NATIVE, SCALAR, VECTOR);

    final Tensor[] outputs;

    Subject(Tensor[] outputs) {
        this.outputs = outputs;
    }

    /**
     * Binds an implementation to a case.
     *
     * @param impl {@code reference}, {@code native}, {@code scalar} or {@code vector}
     * @param c the operation and its inputs
     * @param allocator where the outputs live
     * @return the subject, its outputs allocated
     * @throws UnsupportedOperationException for {@code vector} where the Vector API kernels cannot load,
     *     and for {@code native} where the C library was not built or does not load, or has no version
     *     of the operation (see {@link Operation#hasNative}); the message says which
     */
    public static Subject create(String impl, OperatorCase c, TensorAllocator allocator) {
        return switch (impl) {
            case REFERENCE -> new Reference(ReferenceMerge.of(c), allocator);
            case NATIVE -> new Native(c, allocator);
            case SCALAR -> new Library(KernelFamily.SCALAR, c, allocator);
            case VECTOR -> new Library(KernelFamily.PANAMA, c, allocator);
            default -> throw new IllegalArgumentException("unknown impl '" + impl + "'; known: " + IMPLS);
        };
    }

    /**
     * Binds an implementation of one operator to a case. The map gradients compute what
     * the list gradients do on the same inputs, so the baselines (which implement the computation)
     * run the list gradient's loops, while the library runs the map gradient operator itself: the
     * code a caller of that operator reaches.
     *
     * @param impl {@code reference}, {@code native}, {@code scalar} or {@code vector}
     * @param type the operator
     * @param c inputs of {@link Operation#computing}{@code (type)}
     * @param allocator where the outputs live
     * @return the subject, its outputs allocated
     * @throws IllegalArgumentException if the case is not of the operator's computation
     * @throws UnsupportedOperationException as {@link #create(String, OperatorCase, TensorAllocator)}
     */
    public static Subject create(String impl, OperatorType type, OperatorCase c, TensorAllocator allocator) {
        if (Operation.computing(type) != c.operation()) {
            throw new IllegalArgumentException(type + " does not compute " + c.operation());
        }
        return switch (impl) {
            case SCALAR -> new Library(Operators.using(KernelFamily.SCALAR).operator(type), c, allocator);
            case VECTOR -> new Library(Operators.using(KernelFamily.PANAMA).operator(type), c, allocator);
            default -> create(impl, c, allocator);
        };
    }

    /**
     * Writes the outputs.
     *
     * @return the outputs, for the benchmark to sink
     */
    public abstract Tensor[] execute();

    /** @return the outputs {@link #execute} writes */
    public Tensor[] outputs() {
        return outputs;
    }

    private static final class Reference extends Subject {
        private final ReferenceMerge merge;

        Reference(ReferenceMerge merge, TensorAllocator allocator) {
            super(merge.allocateOutputs(allocator));
            this.merge = merge;
        }

        @Override
        public Tensor[] execute() {
            merge.run(outputs);
            return outputs;
        }
    }

    private static final class Native extends Subject {
        private final NativeMerge merge;

        Native(OperatorCase c, TensorAllocator allocator) {
            this(c, ReferenceMerge.of(c).allocateOutputs(allocator), allocator);
        }

        private Native(OperatorCase c, Tensor[] outputs, TensorAllocator allocator) {
            super(outputs);
            this.merge = NativeMerge.of(c.operation(), c.inputs(), c.featureIds(), outputs, allocator);
        }

        @Override
        public Tensor[] execute() {
            merge.run();
            return outputs;
        }
    }

    /**
     * The library's operator. Where the operation {@link Operation#plansPerCall plans per call}
     * the measured call plans again into the same plan (which allocates nothing once its tables
     * have grown), since that is where the library does the work the reference's pass does.
     */
    private static final class Library extends Subject {
        private final FeatureOperator operator;
        private final Plan plan;
        private final Tensor[] inputs;
        private final OperatorArguments arguments;
        private final boolean plansPerCall;

        private Library(FeatureOperator operator, Plan plan, OperatorCase c, TensorAllocator allocator) {
            super(plan.allocateOutputs(allocator));
            this.operator = operator;
            this.plan = plan;
            this.inputs = c.inputs();
            this.arguments = c.arguments();
            this.plansPerCall = c.operation().plansPerCall();
        }

        Library(KernelFamily family, OperatorCase c, TensorAllocator allocator) {
            this(Operators.using(family).operator(c.operation().operatorName()), c, allocator);
        }

        private Library(FeatureOperator operator, OperatorCase c, TensorAllocator allocator) {
            this(operator, operator.planWith(c.inputs(), c.arguments(), new Plan()), c, allocator);
        }

        @Override
        public Tensor[] execute() {
            if (plansPerCall) {
                operator.planWith(inputs, arguments, plan);
            }
            operator.execute(plan, outputs);
            return outputs;
        }
    }
}
