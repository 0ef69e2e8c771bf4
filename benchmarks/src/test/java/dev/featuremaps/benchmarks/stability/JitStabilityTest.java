package dev.featuremaps.benchmarks.stability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The execute path of every operator on the {@code request}, {@code training} and {@code wide}
 * shapes allocates nothing and is not deoptimized once warm, under every instruction set a
 * service may run on: each flag set below compiles as such a CPU does, on any x86 machine
 * ({@code -XX:UseAVX=2} is an AVX2-only server on an AVX-512 machine). Each runs
 * {@link SteadyState} in a JVM of its own, since the JIT's choices are per JVM.
 */
class JitStabilityTest {
    private static final String ARCH = System.getProperty("os.arch");
    private static final boolean X86 = ARCH.equals("amd64") || ARCH.equals("x86_64");

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "default",
        "-XX:UseAVX=2",
        "-XX:UseAVX=1",
        "-XX:UseAVX=0",
        "-XX:MaxVectorSize=16",
        "-XX:MaxVectorSize=16 -Dfeaturemaps.kernels=panama -Dfeaturemaps.vector.bits=128",
    })
    void warmExecuteCallsAllocateNothingAndStayCompiled(String flags, @TempDir Path dir) throws Exception {
        List<String> jvm = new ArrayList<>();
        if (!flags.equals("default")) {
            for (String f : flags.split(" ")) {
                if (X86 || !f.startsWith("-XX:UseAVX")) {
                    jvm.add(f);
                }
            }
        }
        String output = run(dir, jvm);
        if (!passed(output)) {
            // A storm repeats in every JVM; one late trap on a loaded machine does not. Only a
            // second failing JVM fails the test, and both runs are shown.
            String again = run(dir, jvm);
            assertTrue(passed(again), output + "\n--- and again:\n" + again);
        }
    }

    private static boolean passed(String output) {
        return output.lines().anyMatch(l -> l.startsWith("steady: OK"));
    }

    private static String run(Path dir, List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("--add-modules=jdk.incubator.vector");
        command.addAll(flags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SteadyState.class.getName());
        // A storm is dozens of deoptimizations in the steady phase (12 to 30 before the kernels
        // took shapes C2 keeps, through 19 s of warm-up); two are allowed for a late one-off
        // trap. Settling takes about 10 s on a loaded 2-core machine (seven traps of the output
        // segment copy, then none), hence 15 s of warm-up.
        command.addAll(List.of("--warmup", "15", "--steady", "4", "--max-deopts", "2"));
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        // With the layout operators a JVM runs 123 cases, 100 calls each at least: 428 s under
        // -XX:UseAVX=0 (scalar kernels) on the 2-core machine at a load average of 15 to 19.
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        return String.join(" ", command) + "\nexit status " + p.exitValue() + "\n"
                + Files.readString(out, StandardCharsets.UTF_8);
    }
}
