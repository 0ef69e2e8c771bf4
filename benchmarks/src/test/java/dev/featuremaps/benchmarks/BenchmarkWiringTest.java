package dev.featuremaps.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/** The report pairs results by name: the benchmarks' names and parameters must line up. */
class BenchmarkWiringTest {

    private static Set<String> benchmarkMethods(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Benchmark.class))
                .map(Method::getName).collect(Collectors.toSet());
    }

    private static List<String> param(Class<?> type, String field) throws NoSuchFieldException {
        return List.of(type.getField(field).getAnnotation(Param.class).value());
    }

    private static List<String> operations() {
        return Arrays.stream(Operation.values()).map(Operation::benchmark).toList();
    }

    private static Set<String> operations(boolean withNative) {
        return Arrays.stream(Operation.values()).filter(op -> op.hasNative() == withNative)
                .map(Operation::benchmark).collect(Collectors.toSet());
    }

    @Test
    void oneBenchmarkMethodPerOperation() {
        // The merges, which have a C baseline, and the layout operators, which do not, are apart so
        // that a native trial is never made for an operation it cannot run.
        assertEquals(operations(true), benchmarkMethods(MergeBenchmark.class));
        assertEquals(operations(false), benchmarkMethods(LayoutBenchmark.class));
        assertEquals(Set.of("KEY_MAJOR_SCALAR", "KEY_MAJOR_LIST", "KEY_MAJOR_MAP", "KEY_MAJOR_SCALAR_GRADIENT",
                "KEY_MAJOR_LIST_OR_MAP_GRADIENT"), Arrays.stream(Operation.values()).filter(Operation::plansPerCall)
                .map(Enum::name).collect(Collectors.toSet()));
    }

    @Test
    void theRooflineCoversEveryOperation() throws Exception {
        assertEquals(Set.of("roofline"), benchmarkMethods(RooflineBenchmark.class));
        assertEquals(operations(), param(RooflineBenchmark.class, "op"));
    }

    @Test
    void workloadAndImplParametersAreTheKnownOnes() throws Exception {
        List<String> workloads = Workload.NAMED.stream().map(Workload::name).toList();
        assertEquals(workloads, param(MergeBenchmark.class, "workload"));
        assertEquals(workloads, param(RooflineBenchmark.class, "workload"));
        assertEquals(Subject.IMPLS, param(MergeBenchmark.class, "impl"));
        assertEquals(workloads, param(LayoutBenchmark.class, "workload"));
        assertEquals(Subject.IMPLS.stream().filter(i -> !i.equals(Subject.NATIVE)).toList(),
                param(LayoutBenchmark.class, "impl"));
    }

    @Test
    void methodNamesComeFromJmhsFullBenchmarkName() {
        assertEquals("mergeDense", MergeBenchmark.methodName("dev.featuremaps.benchmarks.MergeBenchmark.mergeDense"));
        assertThrows(IllegalArgumentException.class, () -> Operation.ofBenchmark("roofline"));
    }

    @Test
    void rooflineTrafficIsEveryInputAndOutputByte() {
        Workload w = new Workload("small", 10, 3, 1, 1, 1, 0.5);
        long present = 0;
        try (TensorArena a = TensorArena.confined()) {
            OperatorCase c = OperatorCase.generate(Operation.SINGLE_SCALAR, w, a);
            for (int i = 0; i < 3; i++) {
                for (long e = 0; e < 10; e++) {
                    present += c.inputs()[2 * i + 1].getBoolean(e) ? 1 : 0;
                }
            }
        }
        // Inputs: 3 x (10 floats + 10 presence bytes); outputs: 10 lengths, F keys, F values.
        long expected = 3 * (10 * 4 + 10) + 10 * 4 + present * 8 + present * 4;
        assertEquals(expected, RooflineBenchmark.traffic(Operation.SINGLE_SCALAR, w));
    }

    @Test
    void theServiceBenchmarksCoverEveryOperator() throws Exception {
        List<String> types = Arrays.stream(OperatorType.values()).map(Enum::name).toList();
        for (Class<?> type : List.of(LatencyBenchmark.class, ColdStartBenchmark.class, RequestCycleBenchmark.class)) {
            assertEquals(Set.copyOf(types), Set.copyOf(param(type, "operator")), type.getSimpleName());
            assertEquals(types.size(), param(type, "operator").size(), type.getSimpleName());
            assertEquals(List.of("request"), param(type, "workload"), type.getSimpleName());
        }
        for (Class<?> type : List.of(LatencyBenchmark.class, ColdStartBenchmark.class)) {
            assertEquals(List.of("reference", "vector"), param(type, "impl"), type.getSimpleName());
        }
    }

    @Test
    void keyMajorSubjectsGroupTheBatchTheyAreCalledWith() {
        // The library groups entries by key when it plans: a subject that planned once would keep
        // the first batch's layout and write the next batch's values to the old places.
        Workload w = new Workload("small", 64, 2, 1, 6, 3, 1);
        try (TensorArena a = TensorArena.confined()) {
            OperatorCase c = OperatorCase.generate(Operation.KEY_MAJOR_SCALAR, w, a);
            Subject subject = Subject.create(Subject.SCALAR, c, a);
            Tensor keys = c.inputs()[1];
            for (long i = 0, j = keys.count() - 1; i < j; i++, j--) {
                long t = keys.getLong(i);
                keys.setLong(i, keys.getLong(j));
                keys.setLong(j, t);
            }
            Verification.requireReferenceOutputs(c, Subject.SCALAR, subject);
        }
    }

    @Test
    void everyOperatorsSubjectMatchesTheReference() {
        // The map gradients run their own operator against the list gradient's loops. The tests run
        // without the Vector API module: the scalar kernels stand in for the operator binding.
        Workload w = new Workload("small", 16, 3, 2, 3, 2, 0.6);
        for (OperatorType type : OperatorType.values()) {
            for (String impl : List.of(Subject.REFERENCE, Subject.SCALAR)) {
                try (TensorArena a = TensorArena.confined()) {
                    OperatorCase c = OperatorCase.generate(Operation.computing(type), w, a);
                    Verification.requireReferenceOutputs(c, impl, Subject.create(impl, type, c, a));
                }
            }
        }
    }

    @Test
    void anOperatorIsBoundOnlyToItsOwnComputation() {
        try (TensorArena a = TensorArena.confined()) {
            OperatorCase c = OperatorCase.generate(Operation.DENSE, new Workload("s", 2, 2, 1, 1, 1, 1), a);
            assertThrows(IllegalArgumentException.class,
                    () -> Subject.create(Subject.VECTOR, OperatorType.MERGE_MULTI_MAP, c, a));
        }
    }

    @Test
    void unknownImplementationsAreRejected() {
        try (TensorArena a = TensorArena.confined()) {
            OperatorCase c = OperatorCase.generate(Operation.DENSE, new Workload("s", 2, 2, 1, 1, 1, 1), a);
            assertThrows(IllegalArgumentException.class, () -> Subject.create("simd", c, a));
        }
    }
}
