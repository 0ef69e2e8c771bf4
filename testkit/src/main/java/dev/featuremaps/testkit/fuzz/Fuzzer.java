package dev.featuremaps.testkit.fuzz;

import dev.featuremaps.operators.FeatureOperator;
import dev.featuremaps.operators.FeatureTensorException;
import dev.featuremaps.operators.OperatorArguments;
import dev.featuremaps.operators.Operators;
import dev.featuremaps.operators.Plan;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorAllocator;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.testkit.model.Cases;
import dev.featuremaps.testkit.model.Cases.Density;
import dev.featuremaps.testkit.model.Cases.Fill;
import dev.featuremaps.testkit.model.Cases.Shape;
import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.Model;
import dev.featuremaps.testkit.model.ModelTensors;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds valid random inputs for an operator, mutates them, runs the operator, and checks that
 * exactly one of two things happened: the outputs equal the model's (the mutation left the
 * input valid), or the operator threw its own {@link FeatureTensorException} naming an input or
 * output, and not one byte of any output, nor of the canary bytes around it, changed.
 */
public final class Fuzzer {
    /** What a case does to its valid inputs or to its outputs. */
    public enum Mutation {
        /** Nothing: a plain valid case. */
        NONE,
        /** A batch of zero examples. */
        EMPTY_BATCH,
        /** One length one larger. */
        LENGTH_PLUS_ONE,
        /** One length one smaller. */
        LENGTH_MINUS_ONE,
        /** One length negative. */
        LENGTH_NEGATIVE,
        /** One length near 2^31. */
        LENGTH_HUGE,
        /** One tensor one element shorter. */
        TRUNCATE,
        /** One tensor one element longer. */
        EXTEND,
        /** One presence entry flipped. */
        PRESENCE_FLIP,
        /** One presence tensor one element shorter or longer. */
        PRESENCE_RESIZE,
        /** One presence byte neither 0 nor 1. */
        PRESENCE_BAD_BYTE,
        /** One tensor of another dtype. */
        DTYPE_SWAP,
        /** The last input missing. */
        DROP_INPUT,
        /** One input too many. */
        ADD_INPUT,
        /** One feature id too many or too few. */
        FEATURE_IDS_COUNT,
        /** A key of a key-major {@code keys} argument repeated. */
        KEYS_REPEAT,
        /** The {@code keys} argument left out. */
        KEYS_MISSING,
        /** {@code max_length} zero or negative. */
        MAX_LENGTH_BAD,
        /** A {@code padding_value} the element type may not hold. */
        PADDING_BAD,
        /** One output one element short. */
        OUTPUT_TOO_SMALL,
        /** One output of another dtype. */
        OUTPUT_WRONG_DTYPE,
        /** One output read-only. */
        OUTPUT_READ_ONLY,
        /** The inputs' arena closed before the call. */
        INPUT_CLOSED,
        /** One output's arena closed before the call. */
        OUTPUT_CLOSED,
        /** One output over an input's memory. */
        OUTPUT_OVERLAPS_INPUT;

        boolean onOutputs() {
            return ordinal() >= OUTPUT_TOO_SMALL.ordinal();
        }
    }

    /**
     * A valid random call of an operator.
     *
     * @param op the type name
     * @param inputs the inputs in the operator's order, matrices flattened
     * @param arguments its arguments
     * @param rows rows of the matrix input of the padded-dense operators (else 0)
     * @param columns columns of that matrix, or of the dense merge's (else 0)
     */
    public record ValidCall(String op, List<Column> inputs, OperatorArguments arguments, long rows, int columns) {
        /**
         * @param arena where the tensors live
         * @return the inputs as tensors: a matrix where an input is one and its size still fits
         */
        public Tensor[] tensors(TensorAllocator arena) {
            return tensors(arena, 0);
        }

        /**
         * @param arena where the tensors live
         * @param shift bytes past aligned memory at which each tensor starts
         * @return the inputs as tensors, as {@link #tensors(TensorAllocator)}
         */
        public Tensor[] tensors(TensorAllocator arena, int shift) {
            return inputTensors(arena, op, inputs, rows, columns, shift);
        }

        /** @return the model's outputs */
        public List<Column> expected() {
            return ModelOperators.run(op, inputs, arguments, columns);
        }
    }

    /**
     * A valid random call: inputs, and the feature ids, keys or padding arguments it takes.
     *
     * @param op operator type name
     * @param s the case's shape
     * @param f the case's element source
     * @return the call
     */
    public static ValidCall validCall(String op, Shape s, Fill f) {
        if (LayoutCalls.NAMES.contains(op)) {
            return LayoutCalls.valid(op, s, f);
        }
        List<Column> in = validInputs(op, s, f);
        boolean dense = op.equals("MergeDenseFeatureTensors");
        OperatorArguments args = ModelOperators.layout(op).featureIds()
                ? OperatorArguments.ids(f.featureIds(s.inputs())) : OperatorArguments.NONE;
        return new ValidCall(op, in, args, 0, dense ? s.inputs() : 0);
    }

    /**
     * One failed case.
     *
     * @param operator the operator
     * @param seed the case's seed: {@link #runCase} with it repeats the case
     * @param mutation what was done to the case
     * @param detail what went wrong
     */
    public record Failure(String operator, long seed, Mutation mutation, String detail) {
    }

    /**
     * Counts of one run.
     *
     * @param passed cases whose outcome was right
     * @param failed cases whose outcome was wrong
     * @param perOperator passed and failed per operator
     * @param failures the first failures, with their seeds
     */
    public record Report(long passed, long failed, Map<String, long[]> perOperator, List<Failure> failures) {
    }

    private static final byte CANARY = (byte) 0xA5;
    private static final int GUARD_BYTES = 64;
    private static final int KEPT_FAILURES = 20;

    private final Operators operators;
    private final Plan plan = new Plan();

    /** @param operators the operators to test (and through them, a kernel family) */
    public Fuzzer(Operators operators) {
        this.operators = operators;
    }

    /**
     * Runs {@code cases} cases for each operator.
     *
     * @param names operator type names
     * @param cases cases per operator
     * @param seed the run's seed
     * @return the counts and the first failures
     */
    public Report run(List<String> names, long cases, long seed) {
        return run(names, cases, seed, done -> { });
    }

    /**
     * Runs {@code cases} cases for each operator, saying how many are done after each one (for
     * progress reports on long runs).
     *
     * @param names operator type names
     * @param cases cases per operator
     * @param seed the run's seed
     * @param casesDone told the number of cases run so far, after every case
     * @return the counts and the first failures
     */
    public Report run(List<String> names, long cases, long seed, java.util.function.LongConsumer casesDone) {
        long done = 0;
        SplittableRandom seeds = new SplittableRandom(seed);
        Map<String, long[]> per = new LinkedHashMap<>();
        List<Failure> failures = new ArrayList<>();
        long passed = 0;
        long failed = 0;
        for (String name : names) {
            long[] counts = new long[2];
            for (long c = 0; c < cases; c++) {
                long caseSeed = seeds.nextLong();
                Failure f = runCase(name, caseSeed);
                casesDone.accept(++done);
                if (f == null) {
                    counts[0]++;
                } else {
                    counts[1]++;
                    if (failures.size() < KEPT_FAILURES) {
                        failures.add(f);
                    }
                }
            }
            per.put(name, counts);
            passed += counts[0];
            failed += counts[1];
        }
        return new Report(passed, failed, per, failures);
    }

    /**
     * Runs one case.
     *
     * @param op operator type name
     * @param seed the case's seed
     * @return the failure, or {@code null} if the case passed
     */
    public Failure runCase(String op, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Mutation m = pick(op, r);
        try {
            String problem = runCase(op, r, m);
            return problem == null ? null : new Failure(op, seed, m, problem);
        } catch (RuntimeException | AssertionError e) {
            return new Failure(op, seed, m, "unexpected " + e);
        }
    }

    /**
     * The mutation a case applies.
     *
     * @param op operator type name
     * @param seed the case's seed
     * @return its mutation
     */
    public Mutation describe(String op, long seed) {
        return pick(op, new SplittableRandom(seed));
    }

    private static Mutation pick(String op, SplittableRandom r) {
        Mutation[] all = Mutation.values();
        while (true) {
            Mutation m = r.nextInt(4) == 0 ? Mutation.NONE : all[r.nextInt(all.length)];
            boolean ids = ModelOperators.layout(op).featureIds();
            boolean keys = LayoutCalls.keyMajorKind(op) >= 0;
            boolean padding = op.equals("JaggedToPaddedDense");
            if (m == Mutation.FEATURE_IDS_COUNT && !ids
                    || (m == Mutation.KEYS_REPEAT || m == Mutation.KEYS_MISSING) && !keys
                    || (m == Mutation.MAX_LENGTH_BAD || m == Mutation.PADDING_BAD) && !padding
                    // A length near 2^31 is valid in these gradients, which give the default for
                    // a value they have no gradient of (dropped by keys, cut off by max_length):
                    // the output would be gigabytes.
                    || m == Mutation.LENGTH_HUGE && LayoutCalls.NAMES.contains(op) && LayoutCalls.gradient(op)) {
                continue;
            }
            return m;
        }
    }

    /** The case: inputs, mutation, call, oracle. Returns what went wrong, or null. */
    private String runCase(String op, SplittableRandom r, Mutation m) {
        boolean dense = op.equals("MergeDenseFeatureTensors");
        DType[] types = DType.values();
        DType valueType = types[r.nextInt(types.length)];
        DType second = types[r.nextInt(types.length)];
        List<Density> densities = new ArrayList<>();
        int inputs = 1 + r.nextInt(4);
        for (int i = 0; i < inputs; i++) {
            densities.add(Density.values()[r.nextInt(3)]);
        }
        int batch = m == Mutation.EMPTY_BATCH ? 0 : r.nextInt(4) == 0 ? r.nextInt(3) : r.nextInt(40);
        Shape shape = new Shape(batch, densities, valueType, second, r.nextInt(7), 0, r.nextLong());
        Fill fill = new Fill(shape.seed());
        ValidCall valid = validCall(op, shape, fill);
        List<Column> in = new ArrayList<>(valid.inputs());
        OperatorArguments args = valid.arguments();
        long[] ids = args.ids();
        long maxLength = args.maxLength();
        double padding = args.paddingValue();

        int badPresence = -1;
        switch (m) {
            case LENGTH_PLUS_ONE, LENGTH_MINUS_ONE, LENGTH_NEGATIVE, LENGTH_HUGE -> mutateLength(op, in, r, m);
            case TRUNCATE, EXTEND -> {
                if (!dense) {
                    resize(in, r.nextInt(in.size()), m == Mutation.EXTEND ? 1 : -1, fill, r);
                }
            }
            case PRESENCE_FLIP -> flipPresence(op, in, r);
            case PRESENCE_RESIZE -> {
                int p = roleIndex(op, in, "presence", r);
                if (p >= 0 && !dense) {
                    resize(in, p, r.nextBoolean() ? 1 : -1, fill, r);
                }
            }
            case PRESENCE_BAD_BYTE -> badPresence = roleIndex(op, in, "presence", r);
            case DTYPE_SWAP -> {
                int i = r.nextInt(in.size());
                DType to = types[r.nextInt(types.length)];
                if (to == DType.INT32 && LayoutCalls.NAMES.contains(op) && LayoutCalls.gradient(op)
                        && ModelOperators.layout(op).role(i, in.size()).contains("lengths")) {
                    // Random int32 lengths are valid in these gradients and may ask for
                    // gigabytes of defaults, as a huge length would (see pick).
                    to = DType.INT64;
                }
                in.set(i, fill.values(to, in.get(i).size()));
            }
            case DROP_INPUT -> in.remove(in.size() - 1);
            case ADD_INPUT -> in.add(in.get(r.nextInt(in.size())));
            case FEATURE_IDS_COUNT -> ids = java.util.Arrays.copyOf(ids, ids.length + (r.nextBoolean() ? 1 : -1));
            case KEYS_REPEAT -> {
                if (ids.length > 0) {
                    ids = java.util.Arrays.copyOf(ids, ids.length + 1);
                    int at = r.nextInt(ids.length);
                    long copy = ids[r.nextInt(ids.length - 1)];
                    System.arraycopy(ids, at, ids, at + 1, ids.length - 1 - at);
                    ids[at] = copy;
                }
            }
            case KEYS_MISSING -> ids = null;
            case MAX_LENGTH_BAD -> maxLength = -r.nextInt(3);
            case PADDING_BAD -> padding = switch (in.get(1).dtype()) {
                case BOOL -> r.nextBoolean() ? 2 : 0.5;
                case INT32 -> r.nextBoolean() ? 0x1p40 : 1.25;
                case INT64 -> r.nextBoolean() ? 0x1p70 : -0.5;
                case STRING -> 1;
                default -> padding;
            };
            default -> { }
        }
        if (badPresence >= 0 && in.get(badPresence).size() == 0) {
            badPresence = -1;
        }
        OperatorArguments mutated = maxLength != 0 || padding != 0 || args.maxLength() != 0
                ? OperatorArguments.padding(maxLength, padding) : OperatorArguments.ids(ids);
        String invalid = m.onOutputs() || m == Mutation.INPUT_CLOSED ? "mutated outputs"
                : LayoutCalls.NAMES.contains(op)
                ? (badPresence >= 0 ? "presence byte" : LayoutCalls.problem(op, in, mutated, valid.rows(), valid.columns()))
                : ModelOperators.problem(op, in, ids, valid.columns(), badPresence < 0);
        return call(new ValidCall(op, in, mutated, valid.rows(), valid.columns()), badPresence, m, invalid, r);
    }

    private String call(ValidCall c, int badPresence, Mutation m, String invalid, SplittableRandom r) {
        String op = c.op();
        List<Column> in = c.inputs();
        FeatureOperator operator = operators.operator(op);
        Arena inputMemory = Arena.ofShared();
        try (Arena outputArena = Arena.ofConfined()) {
            TensorArena inputArena = TensorArena.of(inputMemory);
            Tensor[] tensors = c.tensors(inputArena);
            if (badPresence >= 0) {
                Tensor p = tensors[badPresence];
                p.data().set(ValueLayout.JAVA_BYTE, r.nextLong(p.data().byteSize()), (byte) (2 + r.nextInt(254)));
            }
            if (m == Mutation.INPUT_CLOSED) {
                inputMemory.close();
            }
            try {
                operator.planWith(tensors, c.arguments(), plan);
            } catch (FeatureTensorException e) {
                return invalid != null ? named(e, op) : "rejected valid input: " + e.getMessage();
            }
            if (invalid != null && !m.onOutputs()) {
                return "accepted invalid input (" + invalid + ")";
            }
            Guarded[] outputs = allocate(outputArena, plan);
            Tensor[] out = new Tensor[outputs.length];
            for (int o = 0; o < out.length; o++) {
                out[o] = outputs[o].tensor;
            }
            Arena closed = mutateOutputs(m, out, tensors, r);
            try {
                operator.execute(plan, out);
            } catch (FeatureTensorException e) {
                if (!m.onOutputs()) {
                    return "rejected valid outputs: " + e.getMessage();
                }
                for (Guarded g : outputs) {
                    String touched = g.untouched();
                    if (touched != null) {
                        return "rejected but wrote: " + touched + " (" + e.getMessage() + ")";
                    }
                }
                return named(e, op);
            } finally {
                if (closed != null && closed.scope().isAlive()) {
                    closed.close();
                }
            }
            if (m.onOutputs()) {
                return "accepted mutated outputs (" + m + ")";
            }
            for (Guarded g : outputs) {
                String guard = g.guardsIntact();
                if (guard != null) {
                    return guard;
                }
            }
            List<Column> expected = c.expected();
            List<Column> actual = ModelTensors.fromTensors(out);
            if (expected.size() != actual.size()) {
                return expected.size() + " outputs expected, got " + actual.size();
            }
            for (int o = 0; o < expected.size(); o++) {
                if (!expected.get(o).sameBits(actual.get(o))) {
                    return "output " + o + " differs from the model: " + expected.get(o).firstDifference(actual.get(o));
                }
            }
            return null;
        } finally {
            if (inputMemory.scope().isAlive()) {
                inputMemory.close();
            }
        }
    }

    /** A rejection must be the library's own and name the operator and an input or output. */
    private static String named(FeatureTensorException e, String op) {
        String msg = e.getMessage();
        if (!msg.startsWith(op + ": ")) {
            return "message does not start with the operator: " + msg;
        }
        if (!(msg.contains("input") || msg.contains("output") || msg.contains("feature_ids")
                || msg.contains("argument"))) {
            return "message names no input, output or argument: " + msg;
        }
        return null;
    }

    private static Tensor[] inputTensors(TensorAllocator arena, String op, List<Column> in, long rows, int denseColumns,
                                         int shift) {
        int matrix = LayoutCalls.matrixInput(op);
        if (matrix >= 0) {
            Tensor[] t = ModelTensors.toTensors(arena, in, shift);
            if (matrix < in.size() && in.get(matrix).size() == rows * denseColumns) {
                t[matrix] = ModelTensors.toMatrix(arena, in.get(matrix), rows, denseColumns, shift);
            }
            return t;
        }
        if (op.equals("MergeDenseFeatureTensors") && in.size() >= 1) {
            Tensor[] t = new Tensor[in.size()];
            for (int i = 0; i < in.size(); i++) {
                Column c = in.get(i);
                long r = denseColumns == 0 ? 0 : c.size() / denseColumns;
                t[i] = r * denseColumns == c.size()
                        ? ModelTensors.toMatrix(arena, c, r, denseColumns, shift)
                        : ModelTensors.toTensor(arena, c, shift);
            }
            return t;
        }
        return ModelTensors.toTensors(arena, in, shift);
    }

    /** An output inside a larger segment whose surrounding canary bytes prove nothing spilled. */
    private static final class Guarded {
        final MemorySegment whole;
        final MemorySegment offsetsWhole;
        final Tensor tensor;

        Guarded(MemorySegment whole, MemorySegment offsetsWhole, Tensor tensor) {
            this.whole = whole;
            this.offsetsWhole = offsetsWhole;
            this.tensor = tensor;
        }

        String guardsIntact() {
            String s = guards(whole, "data");
            return s != null || offsetsWhole == null ? s : guards(offsetsWhole, "offsets");
        }

        private String guards(MemorySegment s, String what) {
            long size = s.byteSize();
            for (long i = 0; i < GUARD_BYTES; i++) {
                if (s.get(ValueLayout.JAVA_BYTE, i) != CANARY
                        || s.get(ValueLayout.JAVA_BYTE, size - 1 - i) != CANARY) {
                    return "wrote outside an output's " + what;
                }
            }
            return null;
        }

        String untouched() {
            if (!whole.scope().isAlive()) {
                return null;
            }
            for (MemorySegment s : offsetsWhole == null ? new MemorySegment[] {whole}
                    : new MemorySegment[] {whole, offsetsWhole}) {
                for (long i = 0; i < s.byteSize(); i++) {
                    if (s.get(ValueLayout.JAVA_BYTE, i) != CANARY) {
                        return "byte " + i + " of an output";
                    }
                }
            }
            return null;
        }
    }

    private static Guarded[] allocate(Arena arena, Plan plan) {
        Guarded[] out = new Guarded[plan.outputCount()];
        for (int o = 0; o < out.length; o++) {
            DType t = plan.outputType(o);
            long count = plan.outputCount(o);
            long[] shape = plan.outputShape(o);
            if (t == DType.STRING) {
                MemorySegment offs = canary(arena, (count + 1) * Long.BYTES);
                MemorySegment bytes = canary(arena, plan.outputStringBytes(o));
                out[o] = new Guarded(bytes, offs, shape.length == 2
                        ? Tensor.wrapStrings(inner(offs), inner(bytes), shape[0], shape[1])
                        : Tensor.wrapStrings(inner(offs), inner(bytes), count));
            } else {
                MemorySegment data = canary(arena, count * t.byteSize());
                out[o] = new Guarded(data, null, shape.length == 2 ? Tensor.wrap(t, inner(data), shape[0], shape[1])
                        : Tensor.wrap(t, inner(data), count));
            }
        }
        return out;
    }

    private static MemorySegment canary(Arena arena, long bytes) {
        return arena.allocate(bytes + 2 * GUARD_BYTES, 8).fill(CANARY);
    }

    private static MemorySegment inner(MemorySegment whole) {
        return whole.asSlice(GUARD_BYTES, whole.byteSize() - 2 * GUARD_BYTES);
    }

    /** Applies an output mutation; returns an arena to close after the call, if any. */
    private static Arena mutateOutputs(Mutation m, Tensor[] out, Tensor[] in, SplittableRandom r) {
        if (out.length == 0) {
            return null;
        }
        int o = r.nextInt(out.length);
        Tensor t = out[o];
        switch (m) {
            case OUTPUT_TOO_SMALL -> {
                if (t.dtype() == DType.STRING) {
                    out[o] = t.count() == 0 ? Tensor.wrap(DType.INT32, t.data(), 0)
                            : Tensor.wrapStrings(t.offsets(), t.data(), t.count() - 1);
                } else if (t.count() > 0) {
                    out[o] = Tensor.wrap(t.dtype(), t.data(), t.count() - 1);
                } else {
                    // Nothing is smaller than empty: a view of another type stands in.
                    out[o] = Tensor.wrap(t.dtype() == DType.INT32 ? DType.INT64 : DType.INT32, t.data(), 0);
                }
            }
            case OUTPUT_WRONG_DTYPE -> {
                DType to = t.dtype() == DType.INT32 ? DType.FLOAT : t.dtype() == DType.FLOAT ? DType.INT32
                        : t.dtype() == DType.INT64 ? DType.DOUBLE : DType.INT64;
                out[o] = t.dtype() == DType.STRING || t.dtype() == DType.BOOL
                        ? Tensor.wrap(DType.INT64, t.data(), 0)
                        : Tensor.wrap(to, t.data(), t.count());
            }
            case OUTPUT_READ_ONLY -> out[o] = t.dtype() == DType.STRING
                    ? Tensor.wrapStrings(t.offsets().asReadOnly(), t.data().asReadOnly(), t.count())
                    : Tensor.wrap(t.dtype(), t.data().asReadOnly(), t.count());
            case OUTPUT_CLOSED -> {
                Arena gone = Arena.ofConfined();
                out[o] = t.dtype() == DType.STRING
                        ? Tensor.wrapStrings(gone.allocate(t.offsets().byteSize()), gone.allocate(t.data().byteSize()),
                        t.count())
                        : Tensor.wrap(t.dtype(), gone.allocate(t.data().byteSize()), t.count());
                gone.close();
            }
            case OUTPUT_OVERLAPS_INPUT -> {
                // An input's bytes viewed as the output; an output too large for them is rejected
                // for its size, which is a right answer too. An empty output overlaps nothing, so
                // it is made wrong another way.
                Tensor src = in[r.nextInt(in.length)];
                MemorySegment mem = src.data().byteSize() > 0 ? src.data() : src.offsets();
                if (mem == null || mem.byteSize() == 0 || t.dtype() == DType.STRING || t.count() == 0) {
                    out[o] = Tensor.wrap(t.dtype() == DType.INT64 ? DType.INT32 : DType.INT64, t.data(), 0);
                } else {
                    long fit = Math.min(t.count(), mem.byteSize() / t.dtype().byteSize());
                    out[o] = Tensor.wrap(t.dtype(), mem, fit);
                }
            }
            default -> { }
        }
        return null;
    }

    /**
     * Valid inputs of an operator in Caffe2 order (for the dense merge: flattened matrices);
     * gradients get their forward merge's values as the incoming gradient.
     *
     * @param op operator type name
     * @param s the case's shape
     * @param f the case's element source
     * @return the inputs
     */
    public static List<Column> validInputs(String op, Shape s, Fill f) {
        List<Column> in = new ArrayList<>();
        switch (op) {
            case "MergeSingleScalarFeatureTensors" -> Cases.singleScalars(s, f).forEach(x -> in.addAll(x.columns()));
            case "MergeSingleListFeatureTensors" -> Cases.singleLists(s, f).forEach(x -> in.addAll(x.columns()));
            case "MergeSingleMapFeatureTensors" -> Cases.singleMaps(s, f).forEach(x -> in.addAll(x.columns()));
            case "MergeMultiScalarFeatureTensors" -> Cases.multiScalars(s, f).forEach(x -> in.addAll(x.columns()));
            case "MergeMultiListFeatureTensors" -> Cases.multiLists(s, f).forEach(x -> in.addAll(x.columns()));
            case "MergeMultiMapFeatureTensors" -> Cases.multiMaps(s, f).forEach(x -> in.addAll(x.columns()));
            case "MergeDenseFeatureTensors" -> {
                Model.Dense d = Cases.dense(s, f);
                in.add(d.dense());
                in.add(d.presence());
            }
            case "MergeSingleScalarFeatureTensorsGradient" -> {
                List<Model.SingleScalar> fs = Cases.singleScalars(s, f);
                fs.forEach(x -> in.add(x.presence()));
                in.add(Model.mergeSingleScalar(fs, new long[fs.size()]).values());
            }
            case "MergeSingleListFeatureTensorsGradient", "MergeSingleMapFeatureTensorsGradient" -> {
                List<Model.SingleList> fs = Cases.singleLists(s, f);
                fs.forEach(x -> {
                    in.add(x.lengths());
                    in.add(x.presence());
                });
                in.add(Model.mergeSingleList(fs, new long[fs.size()]).valuesValues());
            }
            case "MergeMultiScalarFeatureTensorsGradient" -> {
                List<Model.MultiScalar> fs = Cases.multiScalars(s, f);
                fs.forEach(x -> in.add(x.lengths()));
                in.add(Model.mergeMultiScalar(fs).values());
            }
            case "MergeMultiListFeatureTensorsGradient", "MergeMultiMapFeatureTensorsGradient" -> {
                List<Model.MultiList> fs = Cases.multiLists(s, f);
                fs.forEach(x -> {
                    in.add(x.lengths());
                    in.add(x.valuesLengths());
                });
                in.add(Model.mergeMultiList(fs).valuesValues());
            }
            default -> throw new IllegalArgumentException(op);
        }
        return in;
    }

    private static int roleIndex(String op, List<Column> in, String role, SplittableRandom r) {
        ModelOperators.Layout layout = ModelOperators.layout(op);
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            if (layout.role(i, in.size()).equals(role)) {
                found.add(i);
            }
        }
        return found.isEmpty() ? -1 : found.get(r.nextInt(found.size()));
    }

    private static void mutateLength(String op, List<Column> in, SplittableRandom r, Mutation m) {
        int i = roleIndex(op, in, r.nextBoolean() ? "lengths" : "values.lengths", r);
        if (i < 0) {
            i = roleIndex(op, in, "lengths", r);
        }
        if (i < 0 || in.get(i).size() == 0) {
            return;
        }
        Column c = in.get(i);
        List<Object> v = new ArrayList<>(c.values());
        int k = r.nextInt(v.size());
        int old = (Integer) v.get(k);
        v.set(k, switch (m) {
            case LENGTH_PLUS_ONE -> old + 1;
            case LENGTH_MINUS_ONE -> old - 1;
            case LENGTH_NEGATIVE -> -1 - r.nextInt(1000);
            default -> Integer.MAX_VALUE - r.nextInt(3);
        });
        in.set(i, new Column(c.dtype(), v));
    }

    private static void flipPresence(String op, List<Column> in, SplittableRandom r) {
        int i = roleIndex(op, in, "presence", r);
        if (i < 0 || in.get(i).size() == 0) {
            return;
        }
        Column c = in.get(i);
        List<Object> v = new ArrayList<>(c.values());
        int k = r.nextInt(v.size());
        v.set(k, !(Boolean) v.get(k));
        in.set(i, new Column(c.dtype(), v));
    }

    private static void resize(List<Column> in, int i, int by, Fill fill, SplittableRandom r) {
        Column c = in.get(i);
        List<Object> v = new ArrayList<>(c.values());
        if (by < 0) {
            if (v.isEmpty()) {
                return;
            }
            v.remove(v.size() - 1);
        } else {
            v.add(fill.value(c.dtype()));
        }
        in.set(i, new Column(c.dtype(), v));
    }
}
