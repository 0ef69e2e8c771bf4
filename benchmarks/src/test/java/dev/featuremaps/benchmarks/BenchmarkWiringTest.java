package dev.featuremaps.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.featuremaps.operators.OperatorType;
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

    @Test
    void oneMergeBenchmarkMethodPerOperation() {
        assertEquals(Set.copyOf(operations()), benchmarkMethods(MergeBenchmark.class));
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
    void theServiceLatencyBenchmarksCoverAllThirteenOperators() throws Exception {
        List<String> types = Arrays.stream(OperatorType.values()).map(Enum::name).toList();
        for (Class<?> type : List.of(LatencyBenchmark.class, ColdStartBenchmark.class)) {
            assertEquals(Set.copyOf(types), Set.copyOf(param(type, "operator")), type.getSimpleName());
            assertEquals(types.size(), param(type, "operator").size(), type.getSimpleName());
            assertEquals(List.of("reference", "vector"), param(type, "impl"), type.getSimpleName());
            assertEquals(List.of("request"), param(type, "workload"), type.getSimpleName());
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
