package dev.featuremaps.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.featuremaps.benchmarks.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetTest {
    private static Target goal(String label) {
        return Target.GOALS.stream().filter(t -> t.label().equals(label)).findFirst().orElseThrow();
    }

    private static Comparison row(String op, String workload, double reference, double library, double roofline) {
        return new Comparison(op, workload, reference, null, null, library, roofline);
    }

    @Test
    void theReferenceFloorAppliesToEveryOperatorOnEveryWorkload() {
        Target t = goal("ref>=1");
        for (Operation op : Operation.values()) {
            for (String workload : List.of("request", "training", "wide")) {
                assertTrue(t.appliesTo(row(op.benchmark(), workload, 1, 1, 1)), op + " " + workload);
            }
        }
        assertEquals(Ratio.REFERENCE, t.ratio());
    }

    @Test
    void theReferenceFloorIsMetAtParityAndMissedJustBelow() {
        Target t = goal("ref>=1");
        assertEquals(Target.Status.MET, t.check(row("mergeMultiMap", "wide", 3, 3, 1)));
        assertEquals(Target.Status.MISSED, t.check(row("mergeMultiMap", "wide", 2.99, 3, 1)));
    }

    @Test
    void theNativeFloorAppliesToEveryOperatorOnRequestAndTrainingOnly() {
        Target t = goal("native>=1");
        for (Operation op : Operation.values()) {
            assertTrue(t.appliesTo(row(op.benchmark(), "request", 1, 1, 1)));
            assertTrue(t.appliesTo(row(op.benchmark(), "training", 1, 1, 1)));
            assertFalse(t.appliesTo(row(op.benchmark(), "wide", 1, 1, 1)));
        }
    }

    @Test
    void theNativeFloorComparesTheCLoopsWithTheLibrary() {
        Target t = goal("native>=1");
        // The reference is far slower in every row: only the C time may decide.
        assertEquals(Target.Status.MET,
                t.check(new Comparison("mergeDense", "request", 100.0, 2.0, null, 2.0, null)));
        assertEquals(Target.Status.MISSED,
                t.check(new Comparison("mergeDense", "request", 100.0, 1.9, null, 2.0, null)));
        assertEquals(Target.Status.NOT_MEASURED,
                t.check(new Comparison("mergeDense", "request", 100.0, null, null, 2.0, null)));
    }

    @Test
    void aMissByLessThanARoundingStepShowsAThirdDecimal() {
        List<Comparison> rows = List.of(row("mergeSingleMap", "wide", 0.998, 1, 1),
                row("mergeDense", "wide", 0.5, 1, 1));
        String md = Summary.markdown(rows, List.of(), "vector", "s.json", "", "r.svg", List.of(goal("ref>=1")));
        assertTrue(md.contains("- `ref>=1` missed by `mergeSingleMap` on `wide`: 0.998 < 1.00\n"), md);
        assertTrue(md.contains("- `ref>=1` missed by `mergeDense` on `wide`: 0.50 < 1.00\n"), md);
    }

    @Test
    void theEarlierGoalsAreKept() {
        assertEquals(List.of("ref>=1", "native>=1", "ref>=2", "ref>=4", "roof>=0.5"),
                Target.GOALS.stream().map(Target::label).toList());
    }

    @Test
    void twiceTheReferenceAppliesToEveryOperatorOnRequestAndTrainingOnly() {
        Target t = goal("ref>=2");
        for (Operation op : Operation.values()) {
            assertTrue(t.appliesTo(row(op.benchmark(), "request", 1, 1, 1)));
            assertTrue(t.appliesTo(row(op.benchmark(), "training", 1, 1, 1)));
            assertFalse(t.appliesTo(row(op.benchmark(), "wide", 1, 1, 1)));
        }
    }

    @Test
    void fourTimesTheReferenceAppliesToTheSingleScalarMergeAndItsGradient() {
        Target t = goal("ref>=4");
        List<String> covered = java.util.Arrays.stream(Operation.values()).map(Operation::benchmark)
                .filter(op -> t.appliesTo(row(op, "request", 1, 1, 1))).toList();
        assertEquals(List.of("mergeSingleScalar", "mergeSingleScalarGradient"), covered);
    }

    @Test
    void halfTheRooflineAppliesToMultiRunMergesAndRunGradientsOnEveryWorkload() {
        Target t = goal("roof>=0.5");
        List<String> covered = java.util.Arrays.stream(Operation.values()).map(Operation::benchmark)
                .filter(op -> t.appliesTo(row(op, "wide", 1, 1, 1))).toList();
        assertEquals(List.of("mergeSingleListOrMapGradient", "mergeMultiList", "mergeMultiMap",
                "mergeMultiListOrMapGradient"), covered);
    }

    @Test
    void aRatioEqualToTheMinimumMeetsIt() {
        Target t = goal("ref>=2");
        assertEquals(Target.Status.MET, t.check(row("mergeDense", "request", 2, 1, 1)));
        assertEquals(Target.Status.MISSED, t.check(row("mergeDense", "request", 1.99, 1, 1)));
        assertEquals(Target.Status.NOT_MEASURED,
                t.check(new Comparison("mergeDense", "request", 2.0, null, null, null, null)));
    }

    @Test
    void theRooflineGoalComparesRooflineTimeOverLibraryTime() {
        Target t = goal("roof>=0.5");
        // The copy takes 1 µs, the library 2 µs: half the ceiling, just met.
        assertEquals(Target.Status.MET, t.check(row("mergeMultiMap", "request", 10, 2, 1)));
        assertEquals(Target.Status.MISSED, t.check(row("mergeMultiMap", "request", 10, 2.5, 1)));
    }
}
