package dev.featuremaps.benchmarks;

import dev.featuremaps.arrow.ArrowExport;
import dev.featuremaps.arrow.ArrowFeatures;
import dev.featuremaps.arrow.ArrowView;
import dev.featuremaps.features.MultiListFeatures;
import dev.featuremaps.features.MultiMapFeatures;
import dev.featuremaps.features.SingleListFeature;
import dev.featuremaps.features.SingleMapFeature;
import dev.featuremaps.operators.FeatureMerge;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What Arrow costs a merge: {@code merge} is the typed merge of features already in the library's
 * layout; {@code arrow} is the same merge from Arrow vectors (one view of all the input columns,
 * with their offsets and validity converted) to an Arrow vector (the outputs shared, their
 * lengths turned into offsets), all inside the timed call. The difference is the conversions'
 * cost. Ten warm-up iterations: the Arrow path's first calls run for milliseconds until C2 has
 * compiled it, which three seconds do not cover.
 *
 * <p>Inputs come from the workloads' generator: the single merges' columns are written into
 * {@code list<float>} and {@code map<int64,float>} vectors by Arrow's API, the multi merges'
 * inputs exported as {@code map<int64,list<float>>} and {@code map<int64,map<int64,float>>}. The
 * trial's setup checks that both paths merge to the same bytes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider", "-Dslf4j.internal.verbosity=WARN"})
@State(Scope.Benchmark)
public class ArrowMergeBenchmark {
    /** The workload, see {@link Workload#named}. */
    @Param({"request", "training"})
    public String workload;

    /** The merge: {@code singleList}, {@code singleMap}, {@code multiList} or {@code multiMap}. */
    @Param({"singleList", "singleMap", "multiList", "multiMap"})
    public String op;

    /** {@code merge} alone, or {@code arrow}: Arrow in, merge, Arrow out. */
    @Param({"merge", "arrow"})
    public String path;

    private TensorArena arena;
    private BufferAllocator allocator;
    private FeatureMerge merge;
    private long[] featureIds;
    private List<Object> features;
    private List<FieldVector> vectors;

    /** Made by JMH, once per trial; {@link #setUp} does the work. */
    public ArrowMergeBenchmark() {
    }

    /** Generates the inputs in both layouts and checks that both paths merge alike. */
    @Setup(Level.Trial)
    public void setUp() {
        arena = TensorArena.shared();
        allocator = new RootAllocator();
        merge = FeatureMerge.create();
        Operation operation = switch (op) {
            case "singleList" -> Operation.SINGLE_LIST;
            case "singleMap" -> Operation.SINGLE_MAP;
            case "multiList" -> Operation.MULTI_LIST;
            case "multiMap" -> Operation.MULTI_MAP;
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
        OperatorCase c = OperatorCase.generate(operation, Workload.named(workload), arena);
        featureIds = c.featureIds();
        features = new ArrayList<>();
        vectors = new ArrayList<>();
        Tensor[] in = c.inputs();
        int width = switch (operation) {
            case SINGLE_LIST -> 3;
            case SINGLE_MAP -> 4;
            case MULTI_LIST -> 4;
            default -> 5;
        };
        for (int i = 0; i < in.length; i += width) {
            Tensor[] t = Arrays.copyOfRange(in, i, i + width);
            String name = "f" + i / width;
            switch (operation) {
                case SINGLE_LIST -> {
                    SingleListFeature f = SingleListFeature.of(t);
                    features.add(f);
                    vectors.add(list(name, f));
                }
                case SINGLE_MAP -> {
                    SingleMapFeature f = SingleMapFeature.of(t);
                    features.add(f);
                    vectors.add(map(name, f));
                }
                case MULTI_LIST -> {
                    MultiListFeatures f = MultiListFeatures.of(t);
                    features.add(f);
                    vectors.add(ArrowExport.multiList(name, f, allocator, null));
                }
                default -> {
                    MultiMapFeatures f = MultiMapFeatures.of(t);
                    features.add(f);
                    vectors.add(ArrowExport.multiMap(name, f, allocator, null));
                }
            }
        }
        Tensor[] direct = copy(outputs(mergeFeatures(features)));
        try (ArrowRun run = arrowRun()) {
            Tensor[] viaArrow = outputs(run.merged);
            for (int k = 0; k < direct.length; k++) {
                if (direct[k].data().mismatch(viaArrow[k].data()) >= 0) {
                    throw new IllegalStateException(op + " on " + workload + ": output " + k
                            + " differs between the merge and the Arrow path");
                }
            }
        }
    }

    /** Frees the trial's vectors and tensors. */
    @TearDown(Level.Trial)
    public void tearDown() {
        vectors.forEach(FieldVector::close);
        allocator.close();
        arena.close();
    }

    /**
     * One call of the chosen path.
     *
     * @return the merged outputs or the exported vector's row count, sunk by JMH
     */
    @Benchmark
    public Object run() {
        if (path.equals("merge")) {
            return mergeFeatures(features);
        }
        try (ArrowRun run = arrowRun()) {
            return run.out.getValueCount();
        }
    }

    /** Views of the Arrow inputs, their merge, and the merge's Arrow vector; closing frees all. */
    private final class ArrowRun implements AutoCloseable {
        final Object merged;
        final FieldVector out;

        ArrowRun() {
            // One view for the batch's columns, as a service importing a request would.
            try (ArrowView<? extends List<?>> view = switch (op) {
                case "singleList" -> ArrowFeatures.singleLists(vectors);
                case "singleMap" -> ArrowFeatures.singleMaps(vectors);
                case "multiList" -> ArrowFeatures.multiLists(vectors);
                default -> ArrowFeatures.multiMaps(vectors);
            }) {
                @SuppressWarnings("unchecked")
                List<Object> viewed = (List<Object>) view.features();
                merged = mergeFeatures(viewed);
            }
            out = merged instanceof MultiListFeatures l ? ArrowExport.multiList("merged", l, allocator, null)
                    : ArrowExport.multiMap("merged", (MultiMapFeatures) merged, allocator, null);
        }

        @Override
        public void close() {
            out.close();
        }
    }

    private ArrowRun arrowRun() {
        return new ArrowRun();
    }

    @SuppressWarnings("unchecked")
    private Object mergeFeatures(List<Object> in) {
        return switch (op) {
            case "singleList" -> merge.mergeSingleList((List<SingleListFeature>) (List<?>) in, featureIds);
            case "singleMap" -> merge.mergeSingleMap((List<SingleMapFeature>) (List<?>) in, featureIds);
            case "multiList" -> merge.mergeMultiList((List<MultiListFeatures>) (List<?>) in);
            default -> merge.mergeMultiMap((List<MultiMapFeatures>) (List<?>) in);
        };
    }

    private static Tensor[] outputs(Object merged) {
        return merged instanceof MultiListFeatures l ? l.tensors() : ((MultiMapFeatures) merged).tensors();
    }

    private Tensor[] copy(Tensor[] tensors) {
        Tensor[] c = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            c[i] = Tensor.allocateLike(arena, tensors[i]);
            c[i].data().copyFrom(tensors[i].data());
        }
        return c;
    }

    // ------------------------------------------------------------------ Arrow inputs

    private static final ArrowType FLOAT = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);

    private ListVector list(String name, SingleListFeature f) {
        Field field = new Field(name, FieldType.nullable(ArrowType.List.INSTANCE),
                List.of(new Field("$data$", FieldType.nullable(FLOAT), null)));
        ListVector v = (ListVector) field.createVector(allocator);
        Float4Vector values = (Float4Vector) v.getDataVector();
        long at = 0;
        for (int e = 0; e < f.lengths().count(); e++) {
            if (!f.presence().getBoolean(e)) {
                v.setNull(e);
                continue;
            }
            int start = v.startNewValue(e);
            int len = f.lengths().getInt(e);
            for (int k = 0; k < len; k++) {
                values.setSafe(start + k, f.values().getFloat(at++));
            }
            v.endValue(e, len);
        }
        v.setValueCount(Math.toIntExact(f.lengths().count()));
        return v;
    }

    private MapVector map(String name, SingleMapFeature f) {
        Field entries = new Field(MapVector.DATA_VECTOR_NAME, FieldType.notNullable(ArrowType.Struct.INSTANCE),
                List.of(new Field(MapVector.KEY_NAME, FieldType.notNullable(new ArrowType.Int(64, true)), null),
                        new Field(MapVector.VALUE_NAME, FieldType.nullable(FLOAT), null)));
        Field field = new Field(name, FieldType.nullable(new ArrowType.Map(false)), List.of(entries));
        MapVector v = (MapVector) field.createVector(allocator);
        StructVector struct = (StructVector) v.getDataVector();
        BigIntVector keys = (BigIntVector) struct.getChildrenFromFields().get(0);
        Float4Vector values = (Float4Vector) struct.getChildrenFromFields().get(1);
        long at = 0;
        for (int e = 0; e < f.lengths().count(); e++) {
            if (!f.presence().getBoolean(e)) {
                v.setNull(e);
                continue;
            }
            int start = v.startNewValue(e);
            int len = f.lengths().getInt(e);
            for (int k = 0; k < len; k++, at++) {
                struct.setIndexDefined(start + k);
                keys.setSafe(start + k, f.keys().getLong(at));
                values.setSafe(start + k, f.values().getFloat(at));
            }
            v.endValue(e, len);
        }
        v.setValueCount(Math.toIntExact(f.lengths().count()));
        return v;
    }
}
