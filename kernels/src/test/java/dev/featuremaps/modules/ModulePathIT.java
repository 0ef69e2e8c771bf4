package dev.featuremaps.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A small application built against the packaged library jars, run as a user would: on the
 * module path and on the class path, each with and without {@code --add-modules
 * jdk.incubator.vector}. It merges a batch, prints the kernel family the library chose, and on
 * the module path checks that only the operators package is exported.
 */
class ModulePathIT {
    private static final String APP = """
            package app;

            import dev.featuremaps.features.MultiScalarFeatures;
            import dev.featuremaps.features.SingleScalarFeature;
            import dev.featuremaps.operators.FeatureMerge;
            import dev.featuremaps.operators.Operators;
            import dev.featuremaps.tensors.TensorArena;
            import dev.featuremaps.tensors.Tensors;
            import java.util.Arrays;
            import java.util.List;

            public class Main {
                public static void main(String[] args) {
                    try (TensorArena arena = TensorArena.confined()) {
                        SingleScalarFeature a = new SingleScalarFeature(
                                Tensors.ofFloats(arena, 1f, 2f), Tensors.ofBooleans(arena, true, false));
                        MultiScalarFeatures m = FeatureMerge.allocating(arena)
                                .mergeSingleScalar(List.of(a), new long[] {7});
                        System.out.println("lengths=" + Arrays.toString(Tensors.toIntArray(m.lengths())));
                    }
                    System.out.println("family=" + Operators.kernelChoice().family().id());
                    Module lib = Operators.class.getModule();
                    System.out.println("named=" + lib.isNamed());
                    if (lib.isNamed()) {
                        System.out.println("exports.operators=" + lib.isExported("dev.featuremaps.operators"));
                        System.out.println("exports.kernels=" + lib.isExported("dev.featuremaps.kernels"));
                    }
                }
            }
            """;

    @TempDir
    static Path dir;
    private static String libraryPath;
    private static Path modular;
    private static Path plain;

    @BeforeAll
    static void build() throws IOException, InterruptedException {
        Path kernelsJar = Path.of(System.getProperty("featuremaps.kernels.jar"));
        assertTrue(Files.isRegularFile(kernelsJar), kernelsJar + " is not built");
        String tensorsJar = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.matches(".*featuremaps-tensors[^/]*\\.jar")).findFirst()
                .orElseThrow(() -> new AssertionError("no tensors jar on " + System.getProperty("java.class.path")));
        libraryPath = kernelsJar + File.pathSeparator + tensorsJar;
        modular = compile("modular", "module app { requires featuremaps.kernels; }", "--module-path");
        plain = compile("plain", null, "--class-path");
    }

    private static Path compile(String name, String moduleInfo, String pathOption)
            throws IOException, InterruptedException {
        Path src = dir.resolve(name + "-src");
        Files.createDirectories(src.resolve("app"));
        Files.writeString(src.resolve("app/Main.java"), APP);
        Path javac = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("javac");
        List<String> args = new ArrayList<>(List.of(javac.toString(), "-d", dir.resolve(name).toString(),
                pathOption, libraryPath, src.resolve("app/Main.java").toString()));
        if (moduleInfo != null) {
            Files.writeString(src.resolve("module-info.java"), moduleInfo);
            args.add(src.resolve("module-info.java").toString());
        }
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", args) + "\n" + out);
        return dir.resolve(name);
    }

    @ParameterizedTest(name = "{0}, vector module {1}")
    @CsvSource({"module path, true", "module path, false", "class path, true", "class path, false"})
    void theAppRunsAndTheLibraryChoosesItsKernels(String path, boolean vectorModule) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        if (vectorModule) {
            command.add("--add-modules=jdk.incubator.vector");
        }
        boolean modulePath = path.equals("module path");
        if (modulePath) {
            command.addAll(List.of("-p", libraryPath + File.pathSeparator + modular, "-m", "app/app.Main"));
        } else {
            command.addAll(List.of("-cp", libraryPath + File.pathSeparator + plain, "app.Main"));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String shown = String.join(" ", command) + "\n" + out;
        assertEquals(0, p.exitValue(), shown);
        assertTrue(out.contains("lengths=[1, 0]\n"), shown);
        String expected = vectorModule && vectorsPay() ? "panama" : "scalar";
        assertTrue(out.contains("family=" + expected + "\n"), shown);
        assertTrue(out.contains("featuremaps: using " + expected + " kernels"), shown);
        assertTrue(out.contains("named=" + modulePath + "\n"), shown);
        if (modulePath) {
            assertTrue(out.contains("exports.operators=true\n"), shown);
            assertTrue(out.contains("exports.kernels=false\n"), shown);
        }
    }

    /** Whether this CPU offers the 256-bit integer vectors the library requires of x86. */
    private static boolean vectorsPay() throws IOException {
        String arch = System.getProperty("os.arch");
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return true;
        }
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags"))
                .findFirst().map(l -> Arrays.asList(l.split("\\s+")).contains("avx2")).orElse(false);
    }
}
