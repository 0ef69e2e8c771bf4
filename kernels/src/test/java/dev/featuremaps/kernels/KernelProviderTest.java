package dev.featuremaps.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the kernel family is chosen. The build sets {@code featuremaps.require.panama=true}, so a
 * build where the Vector API kernels do not load fails here instead of passing on the scalar
 * path. The fallbacks are checked in fresh JVMs, since the choice is made once per JVM.
 */
class KernelProviderTest {
    @Test
    void vectorsNeedTheModuleAndC2() {
        assertEquals("module jdk.incubator.vector is not in the boot layer: add the JVM flag --add-modules "
                + "jdk.incubator.vector", KernelProvider.unavailableReason(false, true));
        assertEquals("module jdk.incubator.vector is not in the boot layer: add the JVM flag --add-modules "
                + "jdk.incubator.vector", KernelProvider.unavailableReason(false, false));
        assertEquals("the JIT is not C2 (interpreted or C1-only JVMs run vector code far slower than scalar)",
                KernelProvider.unavailableReason(true, false));
        assertNull(KernelProvider.unavailableReason(true, true));
        assertTrue(KernelProvider.c2Enabled("true", "4"));
        assertFalse(KernelProvider.c2Enabled("false", "4"));
        assertFalse(KernelProvider.c2Enabled("true", "3"));
        assertFalse(KernelProvider.c2Enabled("true", "1"));
    }

    @Test
    void c2IsReadFromTheJvmOptionsAndAssumedWhereTheyCannotBeRead() {
        // The build's test JVMs run C2.
        assertEquals("true", KernelProvider.vmOption("UseCompiler"));
        assertEquals("4", KernelProvider.vmOption("TieredStopAtLevel"));
        assertTrue(KernelProvider.c2Enabled(Map.of("UseCompiler", "true", "TieredStopAtLevel", "4")::get));
        assertFalse(KernelProvider.c2Enabled(Map.of("UseCompiler", "false", "TieredStopAtLevel", "4")::get));
        assertFalse(KernelProvider.c2Enabled(Map.of("UseCompiler", "true", "TieredStopAtLevel", "1")::get));
        // Another VM: no diagnostic bean (a null bean, an unknown platform interface, a class
        // missing from the runtime image).
        assertTrue(KernelProvider.c2Enabled(name -> {
            throw new NullPointerException();
        }));
        assertTrue(KernelProvider.c2Enabled(name -> {
            throw new IllegalArgumentException(name);
        }));
        assertTrue(KernelProvider.c2Enabled(name -> {
            throw new NoClassDefFoundError("com/sun/management/HotSpotDiagnosticMXBean");
        }));
    }

    @Test
    void whereVectorsCannotRunTheDefaultIsScalarAndForcingThemIsAnError() {
        KernelProvider.Choice best = KernelProvider.choose("", "no module");
        assertSame(KernelProvider.scalar(), best.kernels());
        assertEquals("no module", best.reason());
        assertNull(best.error());
        KernelProvider.Choice forced = KernelProvider.choose("panama", "no module");
        assertNull(forced.kernels());
        assertEquals("-D" + KernelProvider.PROPERTY + "=panama: Vector API kernels unavailable: no module",
                forced.error());
        assertSame(KernelProvider.scalar(), KernelProvider.choose("scalar", "no module").kernels());
    }

    @Test
    void theChoiceIsLoggedWithItsFamilyShapeAndReason() {
        KernelProvider.Choice vector = new KernelProvider.Choice(KernelProvider.scalar(), 256, null, null);
        KernelProvider.Choice vectorWithReason = new KernelProvider.Choice(KernelProvider.scalar(), 128,
                "-Dfeaturemaps.kernels=panama", null);
        KernelProvider.Choice scalar = new KernelProvider.Choice(KernelProvider.scalar(), 0, "no vectors", null);
        KernelProvider.Choice error = new KernelProvider.Choice(null, 0, null, "bad value");
        List<LogRecord> records = logged(vector, vectorWithReason, scalar, error);
        assertEquals(4, records.size());
        assertEquals(Level.INFO, records.get(0).getLevel());
        assertEquals("featuremaps: using scalar kernels, 256-bit vectors", records.get(0).getMessage());
        assertEquals("featuremaps: using scalar kernels, 128-bit vectors; -Dfeaturemaps.kernels=panama",
                records.get(1).getMessage());
        assertEquals(Level.INFO, records.get(2).getLevel());
        assertEquals("featuremaps: using scalar kernels; no vectors", records.get(2).getMessage());
        assertEquals(Level.WARNING, records.get(3).getLevel());
        assertEquals("featuremaps: bad value", records.get(3).getMessage());
    }

    /** What {@code KernelProvider.logged} logs for each choice, which it returns unchanged. */
    private static List<LogRecord> logged(KernelProvider.Choice... choices) {
        Logger log = Logger.getLogger(KernelProvider.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            for (KernelProvider.Choice c : choices) {
                assertSame(c, KernelProvider.logged(c));
            }
        } finally {
            log.removeHandler(capture);
        }
        return records;
    }

    private static final String REQUIRE_PROPERTY = "featuremaps.require.panama";
    private static final String PANAMA_CLASS = "dev.featuremaps.kernels.panama.PanamaFeatureKernels";
    private static final String LOG_LINE = "featuremaps: using scalar kernels";
    private static final String VECTOR_LOG_LINE = "featuremaps: using panama kernels, ";
    private static final boolean X86 = List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));

    @Test
    void vectorKernelsLoadWhereRequiredAndAreChosenWhereAvailable() {
        String why = KernelProvider.panamaUnavailableReason();
        String forced = System.getProperty(KernelProvider.PROPERTY, "").trim();
        if (Boolean.getBoolean(REQUIRE_PROPERTY)) {
            assertNull(why, "the Vector API kernels are required");
            assertEquals(PANAMA_CLASS, KernelProvider.panama().getClass().getName());
            assertEquals("panama", KernelProvider.kernels().name());
        } else {
            String expected = forced.isEmpty() ? (why == null ? "panama" : "scalar") : forced;
            assertEquals(expected, KernelProvider.kernels().name(), "unavailable because: " + why);
        }
        assertSame(KernelProvider.kernels(), KernelProvider.kernels());
        assertSame(KernelProvider.kernels(), KernelProvider.choice().kernelsOrThrow());
    }

    @Test
    void scalarKernelsAreAlwaysThere() {
        assertSame(ScalarFeatureKernels.INSTANCE, KernelProvider.scalar());
        assertEquals("scalar", KernelProvider.scalar().name());
    }

    @Test
    void forcingScalarChoosesScalar() {
        assertSame(KernelProvider.scalar(), KernelProvider.choose("scalar").kernels());
        assertSame(KernelProvider.scalar(), KernelProvider.choose(" Scalar ").kernels());
        assertEquals(0, KernelProvider.choose("scalar").vectorBits());
        assertEquals("-D" + KernelProvider.PROPERTY + "=scalar", KernelProvider.choose("scalar").reason());
    }

    @Test
    void forcingPanamaChoosesPanamaOrFails() {
        if (KernelProvider.panamaUnavailableReason() == null) {
            KernelProvider.Choice forced = KernelProvider.choose("panama");
            assertEquals("panama", forced.kernels().name());
            assertEquals(Integer.getInteger("featuremaps.vector.bits", 256), forced.vectorBits());
        } else {
            KernelProvider.Choice forced = KernelProvider.choose("panama");
            assertThrows(IllegalArgumentException.class, forced::kernelsOrThrow);
            assertEquals("scalar", KernelProvider.choose("").kernels().name());
        }
    }

    /**
     * The choice for every value of the property, made in this JVM: the JVM-wide choice is made
     * once, at first use, and the fresh JVMs below see it only through what they print.
     */
    @Test
    void eachValueOfThePropertyMakesItsChoice() {
        KernelProvider.Choice scalar = KernelProvider.choose(" SCALAR ");
        assertEquals(new KernelProvider.Choice(KernelProvider.scalar(), 0, "-D" + KernelProvider.PROPERTY + "=scalar",
                null), scalar);
        assertSame(scalar.kernels(), scalar.kernelsOrThrow());

        KernelProvider.Choice unknown = KernelProvider.choose(" Simd ");
        assertEquals(new KernelProvider.Choice(null, 0, null, "-D" + KernelProvider.PROPERTY
                + "=Simd: expected scalar or panama"), unknown);

        KernelProvider.Choice best = KernelProvider.choose("");
        KernelProvider.Choice panama = KernelProvider.choose(" Panama ");
        if (Boolean.getBoolean(REQUIRE_PROPERTY)) {
            int bits = Integer.getInteger("featuremaps.vector.bits", 256);
            assertEquals(PANAMA_CLASS, best.kernelsOrThrow().getClass().getName());
            assertEquals(bits, best.vectorBits());
            assertNull(best.reason());
            assertNull(best.error());
            assertEquals(PANAMA_CLASS, panama.kernelsOrThrow().getClass().getName());
            assertEquals(bits, panama.vectorBits());
            assertEquals("-D" + KernelProvider.PROPERTY + "=panama", panama.reason());
            assertNull(panama.error());
        } else {
            assertEquals(KernelProvider.kernels().name(), best.kernelsOrThrow().name());
        }
    }

    @Test
    void anUnknownChoiceIsAnErrorAtEveryUse() {
        KernelProvider.Choice bad = KernelProvider.choose("simd");
        for (int i = 0; i < 2; i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::kernelsOrThrow);
            assertEquals("-D" + KernelProvider.PROPERTY + "=simd: expected scalar or panama", e.getMessage());
        }
    }

    @Test
    void anUnknownChoiceNeverPoisonsTheJvm(@TempDir Path dir) throws Exception {
        Run run = run(dir, "--add-modules", "jdk.incubator.vector", "-D" + KernelProvider.PROPERTY + "=simd");
        List<String> errors = run.stdout.lines().filter(l -> l.startsWith("error=")).toList();
        assertEquals(List.of("error=java.lang.IllegalArgumentException: -D" + KernelProvider.PROPERTY
                + "=simd: expected scalar or panama", "error=java.lang.IllegalArgumentException: -D"
                + KernelProvider.PROPERTY + "=simd: expected scalar or panama"), errors, run.toString());
    }

    @Test
    void withoutTheModuleScalarKernelsRunAndOneLineSaysHowToEnableVectors(@TempDir Path dir)
            throws Exception {
        Run run = run(dir);
        assertEquals("scalar", run.value("kernels"), run.toString());
        assertEquals("true", run.value("same"), run.toString());
        assertTrue(run.value("reason").contains("--add-modules jdk.incubator.vector"), run.toString());
        assertEquals(1, run.count(LOG_LINE), run.toString());
        assertTrue(run.stderr.contains("--add-modules jdk.incubator.vector"), run.toString());
    }

    @Test
    void withoutC2ScalarKernelsRun(@TempDir Path dir) throws Exception {
        Run run = run(dir, "--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1");
        assertEquals("scalar", run.value("kernels"), run.toString());
        assertTrue(run.value("reason").contains("C2"), run.toString());
        assertEquals(1, run.count(LOG_LINE), run.toString());
    }

    @Test
    void withTheModuleVectorKernelsRunAndOneLineSaysSo(@TempDir Path dir) throws Exception {
        Run run = run(dir, "--add-modules", "jdk.incubator.vector");
        if (X86 && !cpuHasAvx2()) {
            assertEquals("scalar", run.value("kernels"), run.toString());
            return;
        }
        assertEquals("panama", run.value("kernels"), run.toString());
        assertEquals("null", run.value("reason"), run.toString());
        assertEquals(0, run.count(LOG_LINE), run.toString());
        assertEquals(1, run.count(VECTOR_LOG_LINE + run.value("bits") + "-bit vectors"), run.toString());
    }

    /**
     * The CPU levels where integer vectors are narrower than 256 bits, reproduced on any x86 by
     * capping the JIT: the vector family loads but the provider chooses scalar and says why.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-XX:UseAVX=0", "-XX:UseAVX=1", "-XX:MaxVectorSize=16"})
    void whereIntegerVectorsAreNarrowScalarKernelsAreChosen(String flag, @TempDir Path dir) throws Exception {
        Run run = run(dir, "--add-modules", "jdk.incubator.vector", flag);
        if (!X86) {
            assertTrue(run.stderr.contains(flag.substring(5, flag.indexOf('='))), run.toString());
            return;
        }
        assertEquals("scalar", run.value("kernels"), run.toString());
        assertTrue(run.value("reason").contains("128-bit integer vectors"), run.toString());
        assertEquals(1, run.count(LOG_LINE + "; this CPU level offers 128-bit integer vectors"), run.toString());
    }

    @Test
    void atAvx2VectorKernelsAreChosen(@TempDir Path dir) throws Exception {
        Run run = run(dir, "--add-modules", "jdk.incubator.vector", "-XX:UseAVX=2");
        if (X86 && cpuHasAvx2()) {
            assertEquals("panama", run.value("kernels"), run.toString());
            assertEquals("256", run.value("bits"), run.toString());
        }
    }

    @Test
    void forcingPanamaWithoutTheModuleFailsAtEveryUse(@TempDir Path dir) throws Exception {
        Run run = run(dir, "-D" + KernelProvider.PROPERTY + "=panama");
        List<String> errors = run.stdout.lines().filter(l -> l.startsWith("error=")).toList();
        assertEquals(2, errors.size(), run.toString());
        for (String e : errors) {
            assertTrue(e.startsWith("error=java.lang.IllegalArgumentException: -D" + KernelProvider.PROPERTY
                    + "=panama: Vector API kernels unavailable"), run.toString());
            assertTrue(e.contains("--add-modules jdk.incubator.vector"), run.toString());
        }
    }

    @Test
    void forcingScalarWithTheModuleRunsScalarAndSaysSo(@TempDir Path dir) throws Exception {
        Run run = run(dir, "--add-modules", "jdk.incubator.vector", "-D" + KernelProvider.PROPERTY + "=scalar");
        assertEquals("scalar", run.value("kernels"), run.toString());
        assertEquals(1, run.count(LOG_LINE + "; -D" + KernelProvider.PROPERTY + "=scalar"), run.toString());
    }

    private static boolean cpuHasAvx2() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo")).contains(" avx2");
        } catch (IOException e) {
            return true;
        }
    }

    private record Run(List<String> command, String stdout, String stderr) {
        String value(String key) {
            return stdout.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                    .findFirst().orElse("<no " + key + " line>");
        }

        long count(String text) {
            return stderr.lines().filter(l -> l.contains(text)).count();
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /** Runs {@link KernelChoiceMain} in a fresh JVM of this JDK with the given flags. */
    private static Run run(Path dir, String... flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(List.of(flags));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KernelChoiceMain.class.getName());
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Run(command, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
