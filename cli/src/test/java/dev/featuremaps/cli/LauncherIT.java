package dev.featuremaps.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the real {@code ./featuremaps} launcher as a process, on the packaged jar: exit status,
 * stdout and stderr of every command, one case per error class, and the launcher's JDK discovery.
 *
 * <p>{@code FEATUREMAPS_NO_BUILD=1} keeps the launcher from starting a build inside the build
 * that runs these tests; one test leaves it out to check the jar counts as fresh.
 */
class LauncherIT {
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules";
    private static Path root;
    private static Path launcher;
    private static Path nets;
    private static Path expected;

    @BeforeAll
    static void locate() {
        root = Path.of(System.getProperty("featuremaps.root", "..")).toAbsolutePath().normalize();
        launcher = root.resolve("featuremaps");
        nets = root.resolve("cli/src/test/resources/nets");
        expected = nets.resolve("expected");
        Path jar = Path.of(System.getProperty("featuremaps.cli.jar", root + "/cli/target/featuremaps-cli.jar"));
        assertTrue(Files.isRegularFile(jar), "the packaged jar " + jar + " exists before the launcher tests");
        assertTrue(Files.isExecutable(launcher), launcher + " is executable");
    }

    record Result(int status, String stdout, List<String> stderr) {
        /** Standard error without the JVM's incubator notice, which no flag turns off. */
        List<String> errors() {
            return stderr.stream().filter(l -> !l.startsWith(INCUBATOR_WARNING)).toList();
        }

        @Override
        public String toString() {
            return "status " + status + "\n--- stdout\n" + stdout + "--- stderr\n" + String.join("\n", stderr);
        }
    }

    private static Result run(Path dir, Consumer<Map<String, String>> env, Path stdin, String... args)
            throws IOException, InterruptedException {
        return runScript(launcher, dir, env, stdin, args);
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        return run(nets, e -> { }, null, args);
    }

    private static Result runScript(Path script, Path dir, Consumer<Map<String, String>> env, Path stdin,
                                    String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("FEATUREMAPS_NO_BUILD", "1");
        env.accept(pb.environment());
        Path out = Files.createTempFile("featuremaps-out", ".txt");
        Path err = Files.createTempFile("featuremaps-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                    : ProcessBuilder.Redirect.from(stdin.toFile()));
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("featuremaps " + String.join(" ", args) + " did not finish in 120 s");
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    stderr.isEmpty() ? List.of() : List.of(stderr.split("\n", -1)).stream()
                            .filter(l -> !l.isEmpty()).toList());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void assertOk(Result r) {
        assertEquals(0, r.status(), r::toString);
        assertEquals(List.of(), r.errors(), r::toString);
    }

    private static void assertError(Result r, int status, String line) {
        assertEquals(status, r.status(), r::toString);
        assertEquals("", r.stdout(), r::toString);
        assertEquals(List.of(line), r.errors(), r::toString);
    }

    @Test
    void topLevelHelp() throws Exception {
        for (String flag : List.of("--help", "-h")) {
            Result r = run(flag);
            assertOk(r);
            assertTrue(r.stdout().startsWith("featuremaps: merge sparse ranking features"), r::toString);
            for (String c : List.of("demo", "run", "gradient", "selftest", "soak")) {
                assertTrue(r.stdout().contains("\n  " + c + " "), c + " is listed\n" + r);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "run", "gradient", "selftest", "soak"})
    void commandHelp(String command) throws Exception {
        Result r = run(command, "--help");
        assertOk(r);
        assertTrue(r.stdout().startsWith("usage: featuremaps " + command), r::toString);
        assertEquals(r.stdout(), run("--help", command).stdout(), "--help before or after the command");
    }

    @Test
    void demoRunsTheRankingRequestAndChecksTheRoundTrip() throws Exception {
        Result r = run(root, e -> { }, null, "demo");
        assertOk(r);
        String golden = Files.readString(expected.resolve("demo.txt"));
        assertEquals(withoutKernelName(golden), withoutKernelName(r.stdout()));
        assertTrue(r.stdout().endsWith("round trip: OK (5 of 5 gradients give back their inputs' values)\n"));
    }

    @Test
    void selftestFuzzesEveryOperatorOnBothKernelFamilies() throws Exception {
        for (String kernels : List.of("scalar", "panama")) {
            Result r = run(root, e -> { }, null, "selftest", "--cases", "30", "--seed", "11", "--kernels", kernels);
            assertOk(r);
            assertTrue(r.stdout().startsWith("selftest: 30 cases per operator, seed 11, kernels " + kernels + "\n"),
                    r::toString);
            assertTrue(r.stdout().contains("  MergeMultiMapFeatureTensorsGradient         30 passed, 0 failed\n"),
                    r::toString);
            assertTrue(r.stdout().contains("  MultiScalarFeatureTensorsToKeyMajorGradient 30 passed, 0 failed\n"),
                    r::toString);
            assertTrue(r.stdout().endsWith("\n660 passed, 0 failed\n"), r::toString);
        }
    }

    @Test
    void soakReportsSteadyNativeMemory() throws Exception {
        Result r = run(root, e -> e.put("FEATUREMAPS_JAVA_OPTS", "-XX:NativeMemoryTracking=summary"), null,
                "soak", "--calls", "2000");
        assertOk(r);
        assertTrue(r.stdout().startsWith("soak: 2000 operator calls, kernels "), r::toString);
        assertEquals(10, r.stdout().lines().filter(l -> l.matches(" +\\d+ +\\d+ +\\d+ +\\d+ +\\d+")).count(),
                r::toString);
        assertTrue(r.stdout().endsWith("native memory held steady after the first tenth of the run\n"), r::toString);
    }

    @Test
    void selftestRejectsABadCaseCount() throws Exception {
        Result r = run(root, e -> { }, null, "selftest", "--cases", "-3");
        assertEquals(2, r.status(), r::toString);
        assertEquals("", r.stdout());
        assertEquals(List.of("error: --cases must be at least 0, got -3 (see 'featuremaps selftest --help')"),
                r.errors());
    }

    // Hardening: each of these once misbehaved.

    @Test
    void versionNamesTheReleaseTheJvmAndTheKernels() throws Exception {
        Result r = run("--version");
        assertOk(r);
        List<String> lines = r.stdout().lines().toList();
        assertEquals(3, lines.size(), r::toString);
        assertTrue(lines.get(0).matches("featuremaps \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), r::toString);
        assertTrue(lines.get(1).startsWith("JVM: ") && lines.get(1).contains(" 25"), r::toString);
        assertTrue(lines.get(2).matches("kernels: (panama, \\d+-bit vectors.*|scalar.*)"), r::toString);
        Result scalar = run(nets, e -> e.put("FEATUREMAPS_JAVA_OPTS", "-Dfeaturemaps.kernels=scalar"), null, "-V");
        assertOk(scalar);
        assertTrue(scalar.stdout().endsWith("\nkernels: scalar (-Dfeaturemaps.kernels=scalar)\n"), scalar::toString);
    }

    @Test
    void aBadKernelsPropertyIsOneErrorLine() throws Exception {
        for (String[] args : List.of(new String[] {"demo"}, new String[] {"--version"},
                new String[] {"selftest", "--cases", "1"}, new String[] {"soak", "--calls", "10"})) {
            assertError(run(root, e -> e.put("FEATUREMAPS_JAVA_OPTS", "-Dfeaturemaps.kernels=simd"), null, args), 2,
                    "error: -Dfeaturemaps.kernels=simd: expected scalar or panama");
        }
    }

    @Test
    void aBadKernelsOptionIsAUsageError() throws Exception {
        assertError(run("selftest", "--kernels", "simd"), 2,
                "error: --kernels needs scalar or panama, got 'simd' (see 'featuremaps selftest --help')");
        assertError(run("soak", "--kernels", "PANAMA"), 2,
                "error: --kernels needs scalar or panama, got 'PANAMA' (see 'featuremaps soak --help')");
    }

    @Test
    void soakTakesTheSameKindOfOptionsAsSelftest() throws Exception {
        assertError(run("soak", "--calls", "5"), 2, "error: --calls must be at least 10, got 5 (see 'featuremaps soak "
                + "--help')");
        Result r = run(root, e -> { }, null, "soak", "--kernels", "scalar", "--calls", "260", "--progress");
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.stdout().startsWith("soak: 260 operator calls, kernels scalar\n"), r::toString);
        assertTrue(r.errors().size() == 1 && r.errors().get(0).matches("soak: 260 calls in .* \\(\\d+ calls/s\\)"),
                r::toString);
    }

    @Test
    void inputIsStreamedWithASizeLimit(@TempDir Path tmp) throws Exception {
        // Valid JSON as far as it goes, so only the limit can stop it.
        Path big = tmp.resolve("big.json");
        Files.writeString(big, "{\"blobs\": {\"x\": {\"dtype\": \"int64\", \"data\": [" + "1, ".repeat(5000) + "1]}}}");
        assertError(run(nets, e -> { }, big, "run", "--max-input-bytes", "10000", "-"), 2,
                "error: <stdin>: larger than the input limit of 10000 bytes (raise it with --max-input-bytes)");
        Result ok = run(nets, e -> { }, big, "run", "--max-input-bytes", "20000", "-");
        assertOk(ok);
        assertError(run("run", "--max-input-bytes", "0", "x.json"), 2,
                "error: --max-input-bytes must be at least 1, got 0 (see 'featuremaps run --help')");
        Path latin1 = Files.write(tmp.resolve("latin1.json"), "{\"blobs\": {\"caf\u00e9\": 1}}"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertError(run(nets, e -> { }, null, "run", latin1.toString()), 2, "error: " + latin1
                + ": not valid UTF-8 text");
        Path bom = Files.writeString(tmp.resolve("bom.json"), "\uFEFF" + Files.readString(root.resolve(
                "examples/dense.json")));
        Result withBom = run(nets, e -> { }, null, "run", bom.toString());
        assertOk(withBom);
        assertEquals(Files.readString(expected.resolve("dense.run.json")), withBom.stdout());
    }

    @Test
    void messagesEscapeControlCharactersAndShortenLongNames(@TempDir Path tmp) throws Exception {
        Path control = Files.writeString(tmp.resolve("control.json"), "{\"blobs\": {\"x\\u001b[31m\\ny\": "
                + "{\"dtype\": \"int8\", \"data\": []}}}");
        assertError(run(nets, e -> { }, null, "run", control.toString()), 2, "error: " + control
                + ": blob 'x\\u001B[31m\\ny': unknown dtype 'int8': expected one of bool, int32, int64, float, double, "
                + "string");
        String name = "n".repeat(1 << 20);
        Path longName = Files.writeString(tmp.resolve("long.json"), "{\"blobs\": {\"p\": {\"dtype\": \"bool\", "
                + "\"data\": [true]}}, \"ops\": [{\"type\": \"MergeSingleScalarFeatureTensors\", \"inputs\": [\""
                + name + "\", \"p\"], \"outputs\": [\"l\", \"k\", \"v\"], \"args\": {\"feature_ids\": [1]}}]}");
        assertError(run(nets, e -> { }, null, "run", longName.toString()), 2, "error: " + longName
                + ": ops[0] MergeSingleScalarFeatureTensors: input 0 (values, blob '" + "n".repeat(100)
                + "\u2026(1048576 chars)'): blob does not exist");
    }

    @Test
    void aSymlinkedLauncherFindsItsRepository(@TempDir Path tmp) throws Exception {
        Path direct = Files.createSymbolicLink(tmp.resolve("fm"), launcher);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        // A relative link to a link: both must be followed.
        Path chained = Files.createSymbolicLink(bin.resolve("featuremaps"), Path.of("../fm"));
        for (Path link : List.of(direct, chained)) {
            Result r = runScript(link, tmp, e -> { }, null, "demo");
            assertOk(r);
            assertTrue(r.stdout().endsWith("round trip: OK (5 of 5 gradients give back their inputs' values)\n"),
                    r::toString);
        }
    }

    @Test
    void selftestReportsProgressWhenAsked() throws Exception {
        Result r = run(root, e -> { }, null, "selftest", "--cases", "5", "--seed", "3", "--progress");
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.stdout().endsWith("\n110 passed, 0 failed\n"), r::toString);
        // A slow machine may print a progress line before the summary, at most every 2 s.
        List<String> lines = r.errors();
        assertTrue(lines.get(lines.size() - 1).matches("selftest: 110 cases in .* s \\(\\d+ cases/s\\)"),
                r::toString);
        for (String line : lines.subList(0, lines.size() - 1)) {
            assertTrue(line.matches("selftest: \\d+ of 110 cases \\(\\d+ %\\), .*"), r::toString);
        }
        // Not a terminal, not asked: nothing on stderr.
        assertOk(run(root, e -> { }, null, "selftest", "--cases", "5", "--seed", "3"));
    }

    private static String withoutKernelName(String s) {
        return s.replaceAll("kernels: \\w+", "kernels: *");
    }

    @Test
    void demoOfAnotherNet() throws Exception {
        Result r = run(root, e -> { }, null, "demo", "examples/multi-merge.json");
        assertOk(r);
        assertTrue(r.stdout().contains("  example 0:  1: 0.5   2: 1.5   9: 3.0   50: [\"shoes\", \"red shoes\"]   "
                + "60: [\"sale\"]\n"), r::toString);
        assertTrue(r.stdout().endsWith("round trip: OK (4 of 4 gradients give back their inputs' values)\n"),
                r::toString);
        // A dense merge has no gradient: "round trip: OK (0 of 0)" would claim a check never made.
        assertError(run(root, e -> { }, null, "demo", "examples/dense.json"), 2, "error: examples/dense.json: "
                + "nothing to check: no operator of the net has a gradient (the demo checks the gradients of the "
                + "MergeSingle* and MergeMulti* operators)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ranking-request", "multi-merge", "dense", "model-inputs"})
    void runPrintsTheFetchedBlobs(String example) throws Exception {
        Result r = run(root, e -> { }, null, "run", "examples/" + example + ".json");
        assertOk(r);
        assertEquals(Files.readString(expected.resolve(example + ".run.json")), r.stdout());
    }

    @Test
    void runReadsStandardInput() throws Exception {
        Result r = run(root, e -> { }, root.resolve("examples/dense.json"), "run", "-");
        assertOk(r);
        assertEquals(Files.readString(expected.resolve("dense.run.json")), r.stdout());
    }

    @Test
    void gradientPrintsTheGradientOperators() throws Exception {
        Result r = run(root, e -> { }, null, "gradient", "examples/merge-single-list-op.json");
        assertOk(r);
        assertEquals(Files.readString(expected.resolve("merge-single-list-op.gradient.json")), r.stdout());
        assertEquals("[\n  {\"type\": \"MergeSingleListFeatureTensorsGradient\", \"inputs\": [\"recent_clicks_lengths\", "
                + "\"recent_clicks_presence\", \"item_tags_lengths\", \"item_tags_presence\", \"list_values_grad\"], "
                + "\"outputs\": [\"recent_clicks_grad\", \"item_tags_grad\"]}\n]\n", r.stdout());
    }

    @Test
    void gradientOfAKeyMajorOperatorCarriesItsKeys() throws Exception {
        Result r = run(root, e -> { }, null, "gradient", nets.resolve("key-major-op.json").toString());
        assertOk(r);
        assertEquals("[\n  {\"type\": \"MultiMapFeatureTensorsToKeyMajorGradient\", \"inputs\": [\"l\", \"k\", \"vl\", "
                + "\"kjt_weights_grad\"], \"outputs\": [\"vv_grad\"], \"args\": {\"keys\": [7, 3]}}\n]\n", r.stdout());
    }

    static List<Arguments> errors() {
        return List.of(
                Arguments.of("run", "bad-json.json", "error: bad-json.json: invalid JSON at line 3, column 51: "
                        + "unexpected character (']' (code 93)): expected a valid value (JSON String, Number, Array, "
                        + "Object or token 'null', 'true' or 'false')"),
                Arguments.of("run", "unknown-dtype.json", "error: unknown-dtype.json: blob 'age': unknown dtype "
                        + "'float16': expected one of bool, int32, int64, float, double, string"),
                Arguments.of("run", "unknown-op.json", "error: unknown-op.json: ops[1] MergeSingleScalarFeatures: "
                        + "unknown operator type; known types: MergeSingleScalarFeatureTensors, "
                        + "MergeSingleListFeatureTensors, MergeSingleMapFeatureTensors, MergeMultiScalarFeatureTensors, "
                        + "MergeMultiListFeatureTensors, MergeMultiMapFeatureTensors, MergeDenseFeatureTensors, "
                        + "MergeSingleScalarFeatureTensorsGradient, MergeSingleListFeatureTensorsGradient, "
                        + "MergeSingleMapFeatureTensorsGradient, MergeMultiScalarFeatureTensorsGradient, "
                        + "MergeMultiListFeatureTensorsGradient, MergeMultiMapFeatureTensorsGradient, "
                        + "MultiScalarFeatureTensorsToKeyMajor, MultiListFeatureTensorsToKeyMajor, "
                        + "MultiMapFeatureTensorsToKeyMajor, JaggedToPaddedDense, PaddedDenseToJagged, "
                        + "MultiScalarFeatureTensorsToKeyMajorGradient, MultiListFeatureTensorsToKeyMajorGradient, "
                        + "MultiMapFeatureTensorsToKeyMajorGradient, JaggedToPaddedDenseGradient"),
                Arguments.of("run", "keys-repeated.json", "error: keys-repeated.json: ops[0] "
                        + "MultiScalarFeatureTensorsToKeyMajor: argument keys repeats key 7 at positions 0 and 2"),
                Arguments.of("run", "padding-value.json", "error: padding-value.json: ops[0] JaggedToPaddedDense: "
                        + "argument padding_value 0.5 does not fit dtype int32"),
                Arguments.of("run", "unknown-blob.json", "error: unknown-blob.json: ops[0] "
                        + "MergeSingleScalarFeatureTensors: input 1 (presence, blob 'age_presense'): blob does not exist"),
                Arguments.of("run", "fetch-unknown.json", "error: fetch-unknown.json: fetch[1]: blob 'agee' does not "
                        + "exist: it is neither fed in blobs nor written by an operator"),
                Arguments.of("run", "out-of-range.json", "error: out-of-range.json: blob 'clicks_lengths': data[1] = "
                        + "3000000000 is out of range of int32 (-2147483648 to 2147483647)"),
                Arguments.of("run", "shape-mismatch.json",
                        "error: shape-mismatch.json: blob 'dense': data has 5 elements, shape [2, 3] needs 6"),
                Arguments.of("run", "presence-size.json", "error: presence-size.json: ops[1] "
                        + "MergeSingleScalarFeatureTensors: input 3 (presence, blob 'price_presence'): has 2 elements, "
                        + "expected 3 (the batch size, from input 1 (presence))"),
                Arguments.of("run", "values-count.json", "error: values-count.json: ops[0] "
                        + "MergeSingleListFeatureTensors: input 1 (values, blob 'clicks'): has 4 elements, expected 3 "
                        + "(the sum of the present lengths of input 0)"),
                Arguments.of("run", "negative-length.json", "error: negative-length.json: ops[0] "
                        + "MergeMultiScalarFeatureTensors: input 0 (lengths, blob 'lengths'): negative length -1 at "
                        + "element 1"),
                Arguments.of("run", "dtype-mismatch.json", "error: dtype-mismatch.json: ops[0] "
                        + "MergeMultiScalarFeatureTensors: input 0 (lengths, blob 'lengths'): dtype int64, expected int32"),
                Arguments.of("run", "feature-ids-count.json", "error: feature-ids-count.json: ops[0] "
                        + "MergeDenseFeatureTensors: feature_ids has 2 entries, expected 3 (one per column of input 0 "
                        + "(dense))"),
                Arguments.of("run", "output-count.json", "error: output-count.json: ops[0] "
                        + "MergeSingleScalarFeatureTensorsGradient: 2 outputs [a_grad, b_grad], expected 1, one per "
                        + "feature (values_grad)"),
                Arguments.of("demo", "presence-size.json", "error: presence-size.json: ops[1] "
                        + "MergeSingleScalarFeatureTensors: input 3 (presence, blob 'price_presence'): has 2 elements, "
                        + "expected 3 (the batch size, from input 1 (presence))"),
                Arguments.of("gradient", "dense-op.json", "error: dense-op.json: MergeDenseFeatureTensors: has no gradient"),
                // Read as a stream: the first problem in the text is the one reported.
                Arguments.of("gradient", "bad-json.json", "error: bad-json.json: the operator: unknown member "
                        + "\"blobs\"; expected type, inputs, outputs, args"),
                Arguments.of("gradient", "unknown-dtype.json",
                        "error: unknown-dtype.json: the operator: unknown member \"blobs\"; expected type, inputs, "
                                + "outputs, args"),
                Arguments.of("run", "no-such-net.json", "error: no-such-net.json: no such file"),
                Arguments.of("run", "fetch-twice.json", "error: fetch-twice.json: fetch[1]: blob 'l' is already "
                        + "fetched by fetch[0]; name each blob once"),
                Arguments.of("run", "dtype-upper-case.json", "error: dtype-upper-case.json: blob 'age': unknown "
                        + "dtype 'FLOAT': expected one of bool, int32, int64, float, double, string (dtypes are "
                        + "lower case)"),
                Arguments.of("gradient", "gradient-feature-ids-count.json", "error: gradient-feature-ids-count.json: "
                        + "MergeSingleScalarFeatureTensors: feature_ids has 2 entries, expected 1 (one per feature)"),
                Arguments.of("run", "/dev/zero", "error: /dev/zero: invalid JSON at line 1, column 2: illegal "
                        + "character ((CTRL-CHAR, code 0)): only regular white space (\\r, \\n, \\t) is allowed "
                        + "between tokens"),
                Arguments.of("run", "expected", "error: expected: is a directory"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void everyErrorIsOneLineAndStatus2(String command, String file, String line) throws Exception {
        assertError(run(command, file), 2, line);
    }

    @Test
    void usageErrors() throws Exception {
        assertError(run(), 2, "error: no command given (see 'featuremaps --help')");
        assertError(run("frobnicate"), 2,
                "error: unknown command 'frobnicate'; commands: demo, run, gradient, selftest, soak (see 'featuremaps --help')");
        assertError(run("--verbose", "run"), 2, "error: unknown option '--verbose' (see 'featuremaps --help')");
        assertError(run("run"), 2, "error: run needs a net file argument (see 'featuremaps run --help')");
        assertError(run("run", "a.json", "b.json"), 2,
                "error: run takes one net file, got 2 arguments: a.json b.json (see 'featuremaps run --help')");
        assertError(run("gradient", "--fast", "a.json"), 2,
                "error: unknown option '--fast' for gradient (see 'featuremaps gradient --help')");
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        Result r = run("--debug", "run", "unknown-blob.json");
        assertEquals(2, r.status(), r::toString);
        assertEquals("", r.stdout());
        List<String> lines = r.errors();
        assertEquals(List.of("error: unknown-blob.json: ops[0] MergeSingleScalarFeatureTensors: input 1 (presence, "
                + "blob 'age_presense'): blob does not exist"),
                lines.stream().filter(l -> l.startsWith("error:")).toList(), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("OperatorException")), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.trim().startsWith("at dev.featuremaps.ops.Workspace.run")), r::toString);
    }

    @Test
    void freshJarIsNotRebuilt() throws Exception {
        Result r = run(root, e -> e.remove("FEATUREMAPS_NO_BUILD"), null, "run", "--help");
        assertOk(r);
        assertTrue(r.stdout().startsWith("usage: featuremaps run"), r::toString);
    }

    @Test
    void findsAJdk25WithoutJavaHome() throws Exception {
        Result r = run(root, e -> e.remove("JAVA_HOME"), null, "demo");
        assertOk(r);
        assertTrue(r.stdout().contains("round trip: OK"), r::toString);
    }

    // JDK discovery, on fake JDKs whose "java" prints how it was called.

    private static Path fakeJdk(Path parent, String dir, String version, boolean releaseFile) throws IOException {
        Path home = parent.resolve(dir);
        Files.createDirectories(home.resolve("bin"));
        if (releaseFile) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        }
        fakeJava(home.resolve("bin/java"), version, dir);
        return home;
    }

    private static void fakeJava(Path java, String version, String name) throws IOException {
        Files.writeString(java, "#!/bin/sh\n"
                + "if [ \"$1\" = \"-version\" ]; then echo 'openjdk version \"" + version + "\" 2030-01-01' >&2; exit 0; fi\n"
                + "echo \"" + name + " $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A PATH directory with only the tools the launcher uses, and optionally a fake java. */
    private static Path toolPath(Path tmp, String javaVersion) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin-" + javaVersion));
        for (String tool : List.of("bash", "dirname", "sed", "head", "find", "mkdir", "touch", "flock")) {
            for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
                Path p = Path.of(dir, tool);
                Path wrapper = bin.resolve(tool);
                if (Files.isExecutable(p) && !Files.exists(wrapper)) {
                    // A wrapper, not a link: the temp directory is deleted without following links.
                    Files.writeString(wrapper, "#!/bin/sh\nexec '" + p + "' \"$@\"\n");
                    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
        if (!javaVersion.isEmpty()) {
            fakeJava(bin.resolve("java"), javaVersion, "path-java-" + javaVersion);
        }
        return bin;
    }

    private static Consumer<Map<String, String>> env(Path bin, String javaHome, String search) {
        return e -> {
            e.put("PATH", bin.toString());
            if (javaHome == null) {
                e.remove("JAVA_HOME");
            } else {
                e.put("JAVA_HOME", javaHome);
            }
            e.put("FEATUREMAPS_JDK_SEARCH", search);
        };
    }

    private static final String FLAGS = " --add-modules jdk.incubator.vector -Dfeaturemaps.stderr.terminal=false"
            + " --add-opens=java.base/java.nio=ALL-UNNAMED --enable-native-access=ALL-UNNAMED"
            + " --sun-misc-unsafe-memory-access=allow -jar ";

    @Test
    void discoveryTakesTheNewestJdk25OrLater(@TempDir Path tmp) throws Exception {
        Path jdks = Files.createDirectories(tmp.resolve("jdks"));
        fakeJdk(jdks, "jdk-17", "17.0.2", true);
        fakeJdk(jdks, "jdk-25", "25.0.1", true);
        fakeJdk(jdks, "jdk-26", "26", true);
        fakeJdk(jdks, "jdk-27-no-release-file", "27-ea", false);
        Path old = fakeJdk(tmp, "jdk-8", "1.8.0_292", true);
        Path bin17 = toolPath(tmp, "17.0.15");
        String search = tmp.resolve("elsewhere") + "/*:" + jdks + "/*";

        Result scan = run(root, env(bin17, null, search), null, "demo");
        assertEquals(0, scan.status(), scan::toString);
        assertTrue(scan.stdout().startsWith("jdk-27-no-release-file" + FLAGS), scan::toString);
        assertTrue(scan.stdout().endsWith("/cli/target/featuremaps-cli.jar demo\n"), scan::toString);

        Result tooOldHome = run(root, env(bin17, old.toString(), search), null, "run", "x.json");
        assertTrue(tooOldHome.stdout().startsWith("jdk-27-no-release-file" + FLAGS), tooOldHome::toString);
        assertTrue(tooOldHome.stdout().endsWith(" run x.json\n"), tooOldHome::toString);

        Result home = run(root, env(bin17, jdks.resolve("jdk-25").toString(), search), null, "demo");
        assertTrue(home.stdout().startsWith("jdk-25" + FLAGS), "JAVA_HOME wins when it is 25+\n" + home);

        Result path = run(root, env(toolPath(tmp, "25.0.1"), old.toString(), search), null, "demo");
        assertTrue(path.stdout().startsWith("path-java-25.0.1" + FLAGS), "then java on PATH\n" + path);

        Result opts = run(root, env(bin17, null, search).andThen(e -> e.put("FEATUREMAPS_JAVA_OPTS",
                "-Dfeaturemaps.kernels=scalar -Xmx64m")), null, "demo");
        assertTrue(opts.stdout().startsWith("jdk-27-no-release-file" + FLAGS.replace(" -jar ", "")
                + " -Dfeaturemaps.kernels=scalar -Xmx64m -jar "), opts::toString);
    }

    @Test
    void noJdk25IsAClearError(@TempDir Path tmp) throws Exception {
        Path jdks = Files.createDirectories(tmp.resolve("jdks"));
        Path jdk17 = fakeJdk(jdks, "jdk-17", "17.0.2", true);
        Result r = run(root, env(toolPath(tmp, "17.0.15"), jdk17.toString(), jdks + "/*"), null, "demo");
        assertEquals(1, r.status(), r::toString);
        assertEquals("", r.stdout());
        assertEquals(1, r.errors().size(), r::toString);
        assertTrue(r.errors().get(0).startsWith("error: no JDK 25 or newer found (JAVA_HOME=" + jdk17
                + ", java on PATH: "), r::toString);
        assertTrue(r.errors().get(0).endsWith("install one or set JAVA_HOME to it"), r::toString);
    }

    @Test
    void missingJarWithoutBuildingIsAClearError(@TempDir Path tmp) throws Exception {
        Path script = tmp.resolve("featuremaps");
        Files.copy(launcher, script);
        // The launcher's JDK discovery lives beside it, shared with the benchmark scripts.
        Path lib = Files.createDirectories(tmp.resolve("src/scripts")).resolve("find-java.sh");
        Files.copy(root.resolve("src/scripts/find-java.sh"), lib);
        Result r = runScript(script, tmp, e -> { }, null, "demo");
        assertEquals(1, r.status(), r::toString);
        assertEquals(List.of("error: " + tmp + "/cli/target/featuremaps-cli.jar is missing and FEATUREMAPS_NO_BUILD=1: "
                + "build it with 'mvn -q -DskipTests package -pl cli -am'"), r.errors());
        Result noMvn = runScript(script, tmp, env(toolPath(tmp, ""), null, "").andThen(
                e -> e.remove("FEATUREMAPS_NO_BUILD")), null, "demo");
        assertEquals(1, noMvn.status(), noMvn::toString);
        assertEquals(List.of("error: the jar " + tmp + "/cli/target/featuremaps-cli.jar is missing or out of date "
                + "and mvn is not installed to build it"), noMvn.errors());
    }
}
