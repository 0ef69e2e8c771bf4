package dev.featuremaps.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.featuremaps.operators.OperatorType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/** The parallel benchmark covers every operator at 1 and 2 threads, and its setup check runs. */
class ParallelBenchmarkTest {
    private static List<String> param(String field) throws NoSuchFieldException {
        return List.of(ParallelBenchmark.class.getField(field).getAnnotation(Param.class).value());
    }

    @Test
    void everyOperatorAtOneAndTwoThreadsOnTraining() throws Exception {
        assertEquals(Arrays.stream(OperatorType.values()).map(Enum::name).toList(), param("operator"));
        assertEquals(List.of("1", "2"), param("threads"));
        assertEquals(List.of("training"), param("workload"));
    }

    @Test
    void theSetupChecksEverySplitCall() {
        // On training every call but the key-major ones splits at the default threshold: setUp
        // compares real splits.
        for (OperatorType type : OperatorType.values()) {
            ParallelBenchmark b = new ParallelBenchmark();
            b.workload = "training";
            b.operator = type.name();
            b.threads = 2;
            try {
                b.setUp();
                b.execute();
            } finally {
                b.tearDown();
            }
        }
    }
}
