package dev.featuremaps.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Arrow examples (fenced {@code ```java arrow}, which the library's README test
 * leaves alone: they need this module), compiled against this module as a user's code would be
 * and run; what each prints must match its {@code // prints ...} comments, in order.
 */
class ArrowReadmeTest {
    private static final Pattern BLOCK = Pattern.compile("```java arrow\n(.*?)\n```", Pattern.DOTALL);
    private static final Pattern CLASS = Pattern.compile("public class (\\w+)");
    private static final Pattern PRINTS = Pattern.compile("^\\s*// prints (.*)$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void everyArrowExampleCompilesRunsAndPrintsWhatItSays() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = BLOCK.matcher(readme);
        List<String> names = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        Path classes = dir.resolve("classes");
        List<String> command = new ArrayList<>(List.of(
                Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("javac").toString(),
                "-d", classes.toString(), "-cp", System.getProperty("java.class.path")));
        while (m.find()) {
            Matcher name = CLASS.matcher(m.group(1));
            assertTrue(name.find(), "an Arrow example is not a public class");
            Path file = dir.resolve(name.group(1) + ".java");
            Files.writeString(file, m.group(1));
            command.add(file.toString());
            names.add(name.group(1));
            codes.add(m.group(1));
        }
        assertFalse(names.isEmpty(), "README.md has no Arrow example");
        Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(javac.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, javac.exitValue(), "README Arrow examples do not compile:\n" + out);
        for (int i = 0; i < names.size(); i++) {
            List<String> expected = new ArrayList<>();
            Matcher p = PRINTS.matcher(codes.get(i));
            while (p.find()) {
                expected.add(p.group(1));
            }
            assertFalse(expected.isEmpty(), names.get(i) + " says nothing it prints");
            assertEquals(expected, run(classes, names.get(i)), names.get(i));
        }
    }

    private static List<String> run(Path classes, String className) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ArrowReadmeTest.class.getClassLoader())) {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
