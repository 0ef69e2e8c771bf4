package dev.featuremaps.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @TempDir
    Path dir;

    private int report(String... args) throws Exception {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return Report.run(args, sink, sink);
    }

    @Test
    void writesTheSummaryChartAndFloorsNextToTheResults() throws Exception {
        Path results = Files.writeString(dir.resolve("suite.json"), Fixture.json());
        assertEquals(0, report(results.toString()));
        String md = Files.readString(dir.resolve(Report.SUMMARY));
        assertTrue(md.contains("| operator | workload | reference µs | native µs | scalar µs | vector µs | roofline µs "
                + "| reference / vector | native / vector | scalar / vector | roofline / vector | goals |\n"
                + "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n"), md);
        assertTrue(md.contains("| `mergeSingleScalar` | request | 11.0 | 5.00 | 6.00 | 2.50 | 1.00 | 4.40 | 2.00 | 2.40 "
                + "| 0.40 | ref>=1 ok, native>=1 ok, ref>=2 ok, ref>=4 ok |"), md);
        assertTrue(md.contains("| `mergeMultiList` | request | 2.00 † | - | - | 1.00 | 0.400 | 2.00 | - | - | 0.40 | "
                + "ref>=1 ok, native>=1 n/m, ref>=2 ok, **roof>=0.5 MISSED** |"), md);
        assertTrue(md.contains("| `mergeDense` | training | 5.00 | 3.00 | 4.00 | - | - | - | - | - | - | "
                + "ref>=1 n/m, native>=1 n/m, ref>=2 n/m |"),
                md);
        assertTrue(md.contains("- `roof>=0.5` missed by `mergeMultiList` on `request`: 0.40 < 0.50"), md);
        assertTrue(md.contains("- `mergeMultiList` request `reference`: fork medians 2.50, 1.00 µs, spread 2.50×"), md);
        assertTrue(md.contains("JMH 1.37, JDK 25.0.3"), md);
        assertTrue(md.contains("warm-up 3 × 1 s, measurement 5 × 1 s, forks 1"), md);
        assertTrue(md.contains("![ratios](ratios.svg)"), md);
        assertTrue(md.contains("| `MergeBenchmark.mergeSingleScalar` | impl=scalar workload=request | 0.5 |"), md);
        assertTrue(Files.readString(dir.resolve(Report.CHART)).startsWith("<svg"));
        Floors floors = Floors.parse(Files.readString(dir.resolve(Report.FLOORS)));
        assertEquals("vector", floors.library());
        assertEquals("suite.json", floors.source());
        assertEquals(2, floors.floors().size());
    }

    @Test
    void anotherLibraryPathAndOutputDirectory() throws Exception {
        Path results = Files.writeString(dir.resolve("suite.json"), Fixture.json());
        Path out = dir.resolve("out");
        assertEquals(0, report(results.toString(), "--out", out.toString(), "--library", "scalar", "--floor-factor", "0.5"));
        String md = Files.readString(out.resolve(Report.SUMMARY));
        assertTrue(md.contains("reference / scalar"), md);
        assertTrue(md.contains("native / scalar"), md);
        assertFalse(md.contains("scalar / scalar"), md);
        assertFalse(Files.readString(out.resolve(Report.CHART)).contains("scalar / scalar"));
        Floors floors = Floors.parse(Files.readString(out.resolve(Report.FLOORS)));
        assertEquals("scalar", floors.library());
        assertEquals(0.5, floors.factor());
    }

    @Test
    void theNativeBaselineAsTheLibraryPathLosesItsOwnColumn() throws Exception {
        Path results = Files.writeString(dir.resolve("suite.json"), Fixture.json());
        assertEquals(0, report(results.toString(), "--library", "native", "--no-floors"));
        String md = Files.readString(dir.resolve(Report.SUMMARY));
        assertTrue(md.contains("| `mergeSingleScalar` | request | 11.0 | 6.00 | 5.00 | 1.00 | 2.20 | 1.20 | 0.20 |"), md);
        assertFalse(md.contains("native / native"), md);
        // native / native is 1 by definition: the floor against the C loops says nothing here.
        assertFalse(md.contains("native>=1"), md);
        assertTrue(md.contains("`ref>=1`"), md);
        assertFalse(Files.readString(dir.resolve(Report.CHART)).contains("native / native"));
    }

    @Test
    void noFloorsLeavesTheFloorsFileAlone() throws Exception {
        Path results = Files.writeString(dir.resolve("suite.json"), Fixture.json());
        assertEquals(0, report(results.toString(), "--no-floors"));
        assertTrue(Files.exists(dir.resolve(Report.SUMMARY)));
        assertFalse(Files.exists(dir.resolve(Report.FLOORS)));
    }

    @Test
    void aSuffixNamesTheSummaryAndChartAndTheSummaryLinksItsOwnChart() throws Exception {
        Path results = Files.writeString(dir.resolve("suite.json"), Fixture.json());
        Path floorsFile = dir.resolve("sub").resolve("floors-UseAVX2.json");
        assertEquals(0, report(results.toString(), "--suffix", "2026-12-03-UseAVX2", "--floors", floorsFile.toString()));
        String md = Files.readString(dir.resolve("SUMMARY-2026-12-03-UseAVX2.md"));
        assertTrue(md.contains("![ratios](ratios-2026-12-03-UseAVX2.svg)"), md);
        assertTrue(Files.readString(dir.resolve("ratios-2026-12-03-UseAVX2.svg")).startsWith("<svg"));
        assertFalse(Files.exists(dir.resolve(Report.SUMMARY)));
        assertFalse(Files.exists(dir.resolve(Report.CHART)));
        assertFalse(Files.exists(dir.resolve(Report.FLOORS)));
        assertEquals("suite.json", Floors.parse(Files.readString(floorsFile)).source());
    }

    @Test
    void latencyAndColdStartFilesAddTheirSections() throws Exception {
        Path results = Files.writeString(dir.resolve("suite.json"), Fixture.json());
        Path latency = Files.writeString(dir.resolve("latency.json"), "["
                + LatencyTest.sample("MERGE_DENSE", "reference", "us/op", 20, 30, 90) + ","
                + LatencyTest.sample("MERGE_DENSE", "vector", "us/op", 5, 6, 45) + "]");
        Path cold = Files.writeString(dir.resolve("cold.json"), """
                [{"benchmark": "dev.featuremaps.benchmarks.ColdStartBenchmark.call", "mode": "ss",
                  "params": {"impl": "vector", "operator": "MERGE_DENSE", "workload": "request"},
                  "primaryMetric": {"score": 1.0, "scoreUnit": "us/op",
                    "rawData": [[90, 40, 12, 10, 10, 10, 10, 10], [80, 30, 11, 10, 10, 10, 10, 10]]}}]
                """);
        assertEquals(0, report(results.toString(), "--no-floors", "--latency", latency.toString(),
                "--cold-start", cold.toString()));
        String md = Files.readString(dir.resolve(Report.SUMMARY));
        assertTrue(md.contains("| `MERGE_DENSE` | request | 20.0 | 30.0 | 90.0 | 5.00 | 6.00 | 45.0 | 5.00 |"), md);
        assertTrue(md.contains("| `MERGE_DENSE` | request | vector | 2 | 8 | 85.0 | 10.0 | 6 | 0.16 |"), md);
        assertTrue(md.indexOf("## Latency") > md.indexOf("## Results"), md);

        // A latency file with no SampleTime entry is a mistake, not an empty section.
        assertEquals(2, report(results.toString(), "--no-floors", "--latency", results.toString()));
    }

    @Test
    void usageErrors() throws Exception {
        assertEquals(2, report());
        assertEquals(2, report("--frobnicate"));
        assertEquals(2, report("a.json", "b.json"));
        assertEquals(2, report(dir.resolve("missing.json").toString()));
        Path notJmh = Files.writeString(dir.resolve("floors.json"), "{\"library\": \"vector\", \"floors\": []}");
        assertEquals(2, report(notJmh.toString()));
        Path results = Files.writeString(dir.resolve("suite.json"), Fixture.json());
        assertEquals(2, report(results.toString(), "--floor-factor", "1.5"));
        assertEquals(2, report(results.toString(), "--floor-factor", "most"));
        assertEquals(2, report(results.toString(), "--suffix", "../elsewhere"));
    }
}
