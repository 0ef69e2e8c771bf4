package dev.featuremaps.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the kernel family is chosen. The build sets {@code featuremaps.require.panama=true}, so a
 * build where the Vector API kernels do not load fails here instead of passing on the scalar
 * path. The fallbacks are checked in fresh JVMs, since the choice is made once per JVM.
 */
class KernelProviderTest {
    private static final String REQUIRE_PROPERTY = "featuremaps.require.panama";
    private static final String PANAMA_CLASS = "dev.featuremaps.kernels.panama.PanamaFeatureKernels";
    private static final String LOG_LINE = "featuremaps: using scalar kernels";

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
    }

    @Test
    void scalarKernelsAreAlwaysThere() {
        assertSame(ScalarFeatureKernels.INSTANCE, KernelProvider.scalar());
        assertEquals("scalar", KernelProvider.scalar().name());
    }

    @Test
    void forcingScalarChoosesScalar() {
        assertSame(KernelProvider.scalar(), KernelProvider.choose("scalar"));
        assertSame(KernelProvider.scalar(), KernelProvider.choose(" Scalar "));
    }

    @Test
    void forcingPanamaChoosesPanamaOrFails() {
        if (KernelProvider.panamaUnavailableReason() == null) {
            assertEquals("panama", KernelProvider.choose("panama").name());
            assertEquals("panama", KernelProvider.choose("").name());
        } else {
            assertThrows(UnsupportedOperationException.class, () -> KernelProvider.choose("panama"));
            assertEquals("scalar", KernelProvider.choose("").name());
        }
    }

    @Test
    void anUnknownChoiceIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelProvider.choose("simd"));
        assertTrue(e.getMessage().contains("expected scalar or panama"), e.getMessage());
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
    void withTheModuleVectorKernelsRunSilently(@TempDir Path dir) throws Exception {
        Run run = run(dir, "--add-modules", "jdk.incubator.vector");
        assertEquals("panama", run.value("kernels"), run.toString());
        assertEquals("null", run.value("reason"), run.toString());
        assertEquals(0, run.count(LOG_LINE), run.toString());
    }

    @Test
    void forcingPanamaWithoutTheModuleFails(@TempDir Path dir) throws Exception {
        Run run = run(dir, "-D" + KernelProvider.PROPERTY + "=panama");
        assertTrue(run.value("error").contains("UnsupportedOperationException"), run.toString());
        assertTrue(run.value("error").contains("jdk.incubator.vector"), run.toString());
    }

    @Test
    void forcingScalarWithTheModuleRunsScalarSilently(@TempDir Path dir) throws Exception {
        Run run = run(dir, "--add-modules", "jdk.incubator.vector", "-D" + KernelProvider.PROPERTY + "=scalar");
        assertEquals("scalar", run.value("kernels"), run.toString());
        assertEquals(0, run.count(LOG_LINE), run.toString());
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
