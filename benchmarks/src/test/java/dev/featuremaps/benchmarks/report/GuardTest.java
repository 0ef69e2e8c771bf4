package dev.featuremaps.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardTest {
    @TempDir
    Path dir;

    private static Comparison row(String op, String workload, Double reference, Double library, Double roofline) {
        return new Comparison(op, workload, reference, null, null, library, roofline);
    }

    @Test
    void floorsAreTheFactorTimesTheMeasuredRatiosRoundedDown() {
        List<Comparison> rows = Comparison.of(JmhResult.parse(Fixture.json()), "vector");
        Floors f = Floors.from(rows, "vector", 0.7, "fixture.json");
        assertEquals(2, f.floors().size(), "the dense row has no vector result, so no floor");
        Floors.Floor single = f.floors().get(0);
        assertEquals("mergeSingleScalar", single.operator());
        assertEquals(3.08, single.reference(), 1e-9);
        assertEquals(0.28, single.roofline(), 1e-9);
        Floors.Floor multi = f.floors().get(1);
        assertTrue(multi.reference() <= 2.0 * 0.7 && multi.reference() > 1.398, String.valueOf(multi.reference()));
    }

    @Test
    void floorsSurviveTheirJsonFile() {
        Floors f = new Floors("vector", 0.7, "suite.json", List.of(
                new Floors.Floor("mergeDense", "request", 2.5, null),
                new Floors.Floor("mergeMultiMap", "training", 1.25, 0.375)));
        assertEquals(f, Floors.parse(f.toJson()));
    }

    @Test
    void theCommittedFloorsFileIsWrittenBackByteForByte() throws Exception {
        String committed = Files.readString(Path.of("../jmh-results/floors.json"));
        assertEquals(committed, Floors.parse(committed).toJson());
    }

    @Test
    void aRepeatedMemberIsAnErrorNotTheLastOneWins() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Floors.parse("{\"library\": \"vector\", \"library\": \"scalar\", \"floors\": []}"));
        assertTrue(e.getMessage().startsWith("not JSON: line 1, column "), e.getMessage());
    }

    @Test
    void writesNonFiniteFloorsAsNullWhichIsNotChecked() {
        Floors f = new Floors("vector", 0.7, "s", List.of(
                new Floors.Floor("mergeDense", "request", Double.NaN, Double.POSITIVE_INFINITY)));
        String json = f.toJson();
        assertTrue(json.contains("\"referenceOverLibrary\": null,\n"), json);
        assertTrue(json.contains("\"rooflineOverLibrary\": null\n"), json);
        Floors.Floor back = Floors.parse(json).floors().get(0);
        assertNull(back.reference());
        assertNull(back.roofline());
    }

    @Test
    void flagsRatiosBelowTheirFloorAndRatiosThatWereNotMeasured() {
        Floors floors = new Floors("vector", 0.7, "s", List.of(
                new Floors.Floor("a", "request", 2.0, 0.3),
                new Floors.Floor("b", "request", 1.0, null),
                new Floors.Floor("c", "training", 3.0, null),
                new Floors.Floor("d", "wide", 1.0, 1.0)));
        List<Comparison> fresh = List.of(
                row("a", "request", 5.0, 2.0, 0.4),
                row("b", "request", 5.0, null, null),
                row("c", "training", 3.0, 1.0, null));
        List<Guard.Line> lines = Guard.check(fresh, floors);
        assertEquals(List.of("a request REFERENCE OK", "a request ROOFLINE BELOW", "b request REFERENCE MISSING",
                        "c training REFERENCE OK"),
                lines.stream().map(l -> l.operator() + " " + l.workload() + " " + l.ratio() + " " + l.status()).toList());
        assertEquals(2.5, lines.get(0).measured(), 1e-12);
        assertNull(lines.get(2).measured());
        assertEquals(1, Guard.exitStatus(lines));
        assertEquals(0, Guard.exitStatus(List.of(lines.get(0), lines.get(3))));
        assertEquals(2, Guard.exitStatus(List.of()));
    }

    @Test
    void passesAFreshRunAgainstFloorsRecordedFromIt() throws Exception {
        Path results = Files.writeString(dir.resolve("fresh.json"), Fixture.json());
        Floors recorded = Floors.from(Comparison.of(JmhResult.parse(Fixture.json()), "vector"), "vector", 0.7, "x");
        Path floors = Files.writeString(dir.resolve("floors.json"), recorded.toJson());
        Run run = run(results.toString(), floors.toString());
        assertEquals(0, run.status, run.out);
        assertTrue(run.out.contains("4 ratios at or above their floors"), run.out);
    }

    @Test
    void failsAndPrintsTheRegressionWhenARatioFallsBelowItsFloor() throws Exception {
        Path results = Files.writeString(dir.resolve("fresh.json"), Fixture.json());
        Floors floors = new Floors("vector", 0.7, "x", List.of(new Floors.Floor("mergeSingleScalar", "request", 5.0, 0.1)));
        Path file = Files.writeString(dir.resolve("floors.json"), floors.toJson());
        Run run = run(results.toString(), file.toString());
        assertEquals(1, run.status, run.out);
        assertTrue(run.out.matches("(?s).*mergeSingleScalar\\s+request\\s+reference / vector\\s+5\\.000\\s+4\\.400\\s+BELOW.*"),
                run.out);
        assertTrue(run.out.contains("FAILED"), run.out);
    }

    @Test
    void refusesFloorsRecordedForAnotherLibraryPath() throws Exception {
        Path results = Files.writeString(dir.resolve("fresh.json"), Fixture.json());
        Floors floors = new Floors("scalar", 0.7, "x", List.of(new Floors.Floor("mergeSingleScalar", "request", 1.0, null)));
        Path file = Files.writeString(dir.resolve("floors.json"), floors.toJson());
        assertEquals(2, run(results.toString(), file.toString(), "--library", "vector").status);
        assertEquals(0, run(results.toString(), file.toString(), "--library", "scalar").status);
    }

    @Test
    void nothingInCommonIsAnError() throws Exception {
        Path results = Files.writeString(dir.resolve("fresh.json"), Fixture.json());
        Floors floors = new Floors("vector", 0.7, "x", List.of(new Floors.Floor("mergeDense", "wide", 1.0, 1.0)));
        Path file = Files.writeString(dir.resolve("floors.json"), floors.toJson());
        assertEquals(2, run(results.toString(), file.toString()).status);
        assertEquals(2, run(results.toString()).status);
        assertEquals(2, run(results.toString(), dir.resolve("absent.json").toString()).status);
        assertEquals(2, run(file.toString(), file.toString()).status, "floors are not JMH results");
    }

    private record Run(int status, String out) {
    }

    private static Run run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Guard.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }
}
