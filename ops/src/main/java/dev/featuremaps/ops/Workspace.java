package dev.featuremaps.ops;

import dev.featuremaps.operators.FeatureOperator;
import dev.featuremaps.operators.FeatureTensorException;
import dev.featuremaps.operators.OperatorArguments;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.operators.Parallelism;
import dev.featuremaps.operators.Plan;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.tensors.Tensors;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * Named off-heap tensors (blobs) and the operators that read and write them, as Caffe2's
 * workspace.
 *
 * <pre>{@code
 * try (Workspace ws = new Workspace()) {
 *     ws.feed("age", DType.FLOAT, new float[] {31, 0, 45});
 *     ws.feed("age_presence", DType.BOOL, new boolean[] {true, false, true});
 *     ws.run(OperatorDef.of("MergeSingleScalarFeatureTensors",
 *             List.of("age", "age_presence"), List.of("lengths", "keys", "values"), 11));
 *     Tensor keys = ws.fetch("keys");
 * }
 * }</pre>
 *
 * <p>The workspace owns the memory of every blob: {@link #feed} copies in, operator outputs are
 * allocated here, and everything is freed by {@link #close()}. Writing a blob name again replaces
 * the blob; the old memory stays until close. Not thread-safe: one thread uses a workspace (an
 * operator call may use more, see {@link #Workspace(Operators, Parallelism)}).
 */
public final class Workspace implements AutoCloseable {
    private final Operators operators;
    private final Parallelism parallelism;
    private final TensorArena arena;
    private final Map<String, Tensor> blobs = new LinkedHashMap<>();
    private final Plan plan = new Plan();

    /** A workspace on the kernels chosen for this JVM. */
    public Workspace() {
        this(Operators.defaults());
    }

    /**
     * A workspace whose operators run on given kernels.
     *
     * @param operators the typed operators to call
     */
    public Workspace(Operators operators) {
        this(operators, Parallelism.NONE);
    }

    /**
     * A workspace whose operators run on given kernels and split large calls by ranges of
     * examples over several threads (see {@link Parallelism}); the blobs are the same bytes as
     * with one thread. With more than one thread the blobs live in memory every thread may use.
     *
     * @param operators the typed operators to call
     * @param parallelism how many threads an operator call may use
     */
    public Workspace(Operators operators, Parallelism parallelism) {
        this.operators = Objects.requireNonNull(operators, "operators");
        this.parallelism = Objects.requireNonNull(parallelism, "parallelism");
        this.arena = parallelism.threads() > 1 ? TensorArena.shared() : TensorArena.confined();
    }

    /** @return the typed operators this workspace calls */
    public Operators operators() {
        return operators;
    }

    /**
     * Stores a copy of a tensor under a name.
     *
     * @param name the blob name
     * @param tensor the tensor to copy; it may be freed after the call
     * @return the stored copy
     */
    public Tensor feed(String name, Tensor tensor) {
        Tensor copy = copy(tensor);
        blobs.put(Objects.requireNonNull(name, "name"), copy);
        return copy;
    }

    /**
     * Stores a 1-D tensor made from a heap array.
     *
     * @param name the blob name
     * @param dtype the element type
     * @param values a {@code boolean[]}, {@code int[]}, {@code long[]}, {@code float[]}, {@code
     *     double[]} or {@code String[]} matching {@code dtype}
     * @return the stored tensor
     */
    public Tensor feed(String name, DType dtype, Object values) {
        Tensor t = Tensors.of(arena, dtype, values);
        blobs.put(Objects.requireNonNull(name, "name"), t);
        return t;
    }

    /**
     * Stores a row-major matrix made from a heap array.
     *
     * @param name the blob name
     * @param dtype a fixed-width element type
     * @param rows first dimension
     * @param cols second dimension
     * @param values a heap array of {@code rows * cols} elements matching {@code dtype}
     * @return the stored tensor
     */
    public Tensor feedMatrix(String name, DType dtype, long rows, long cols, Object values) {
        Tensor t = Tensors.matrix(arena, dtype, rows, cols, values);
        blobs.put(Objects.requireNonNull(name, "name"), t);
        return t;
    }

    /**
     * A blob.
     *
     * @param name the blob name
     * @return the tensor, valid until this workspace is closed
     * @throws NoSuchElementException if there is no such blob
     */
    public Tensor fetch(String name) {
        Tensor t = blobs.get(name);
        if (t == null) {
            throw new NoSuchElementException("blob '" + name + "' does not exist");
        }
        return t;
    }

    /**
     * A blob's elements copied to the heap.
     *
     * @param name the blob name
     * @return the heap array of its dtype (see {@link Tensors#toArray})
     * @throws NoSuchElementException if there is no such blob
     */
    public Object fetchArray(String name) {
        return Tensors.toArray(fetch(name));
    }

    /** @param name a blob name @return whether the blob exists */
    public boolean has(String name) {
        return blobs.containsKey(name);
    }

    /** @return the blob names, in the order they were first written */
    public Set<String> blobNames() {
        return Collections.unmodifiableSet(blobs.keySet());
    }

    /**
     * Runs one operator: checks it against its schema, reads its input blobs, calls the typed
     * operator and stores its outputs under its output names.
     *
     * @param op the operator
     * @throws OperatorException if the operator is unknown, does not fit its schema, reads a
     *     blob that does not exist, or its inputs fail validation; no blob is written then
     */
    public void run(OperatorDef op) {
        run(op, OperatorException.NO_POSITION);
    }

    /**
     * Runs the operators of a net in order. Every operator is checked against its schema before
     * the first one runs.
     *
     * @param ops the operators
     * @throws OperatorException naming the failing operator by its index in {@code ops}; the
     *     operators before it have run
     */
    public void runNet(List<OperatorDef> ops) {
        for (int i = 0; i < ops.size(); i++) {
            OperatorRegistry.check(ops.get(i), i);
        }
        for (int i = 0; i < ops.size(); i++) {
            run(ops.get(i), i);
        }
    }

    /**
     * Runs one operator that sits at a position in a net, so errors name that position.
     *
     * @param op the operator
     * @param position its index in the net, or {@link OperatorException#NO_POSITION}
     */
    public void run(OperatorDef op, int position) {
        OperatorSchema schema = OperatorRegistry.check(op, position);
        int n = op.inputs().size();
        Tensor[] inputs = new Tensor[n];
        for (int i = 0; i < n; i++) {
            String name = op.inputs().get(i);
            inputs[i] = blobs.get(name);
            if (inputs[i] == null) {
                throw new OperatorException(op.type(), position, i, schema.inputRole(i, n), name,
                        "blob does not exist", null);
            }
        }
        FeatureOperator typed = operators.operator(op.type());
        Tensor[] outputs;
        try {
            typed.planWith(inputs, arguments(op, schema), plan);
            outputs = plan.allocateOutputs(arena);
            typed.execute(plan, outputs, parallelism);
        } catch (FeatureTensorException e) {
            throw OperatorException.of(op, position, e);
        }
        for (int o = 0; o < outputs.length; o++) {
            blobs.put(op.outputs().get(o), outputs[o]);
        }
    }

    /** The arguments the operator takes, from its definition (already checked by its schema). */
    static OperatorArguments arguments(OperatorDef op, OperatorSchema schema) {
        if (schema.takesFeatureIds()) {
            return OperatorArguments.ids(op.featureIds());
        }
        if (schema.arguments().contains(OperatorDef.KEYS)) {
            return OperatorArguments.ids(op.longs(OperatorDef.KEYS));
        }
        if (schema.arguments().contains(OperatorDef.MAX_LENGTH)) {
            Number max = op.number(OperatorDef.MAX_LENGTH, true);
            Number pad = op.number(OperatorDef.PADDING_VALUE, false);
            return OperatorArguments.padding(max == null ? 0 : max.longValue(), pad == null ? 0 : pad.doubleValue());
        }
        return OperatorArguments.NONE;
    }

    private Tensor copy(Tensor t) {
        if (t.dtype() == DType.STRING) {
            long n = t.count();
            long first = t.stringOffset(0);
            long bytes = t.stringOffset(n) - first;
            Tensor c = Tensor.allocateLike(arena, t);
            MemorySegment.copy(t.data(), first, c.data(), 0, bytes);
            for (long i = 0; i <= n; i++) {
                c.offsets().set(ValueLayout.JAVA_LONG_UNALIGNED, i * Long.BYTES, t.stringOffset(i) - first);
            }
            return c;
        }
        Tensor c = Tensor.allocateLike(arena, t);
        MemorySegment.copy(t.data(), 0, c.data(), 0, t.data().byteSize());
        return c;
    }

    /** Frees every blob. */
    @Override
    public void close() {
        blobs.clear();
        arena.close();
    }
}
