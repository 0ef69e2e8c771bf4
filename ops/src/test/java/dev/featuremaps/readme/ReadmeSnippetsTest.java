package dev.featuremaps.readme;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java example of README.md, read out of the file itself: each is a whole compilation
 * unit with its imports, is compiled against the library as a user's code would be, and is run;
 * what it prints must match its {@code // prints ...} comments, in order.
 */
class ReadmeSnippetsTest {
    private static final Pattern BLOCK = Pattern.compile("```java\n(.*?)\n```", Pattern.DOTALL);
    private static final Pattern CLASS = Pattern.compile("public class (\\w+)");
    private static final Pattern PRINTS = Pattern.compile("^\\s*// prints (.*)$", Pattern.MULTILINE);

    @TempDir
    static Path dir;
    private static final List<String> snippets = new ArrayList<>();
    private static Path classes;

    @BeforeAll
    static void compile() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("featuremaps.root", "..")).resolve("README.md"));
        Matcher m = BLOCK.matcher(readme);
        List<String> command = new ArrayList<>();
        command.add(Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("javac").toString());
        classes = dir.resolve("classes");
        command.addAll(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path")));
        while (m.find()) {
            String code = m.group(1);
            Matcher name = CLASS.matcher(code);
            assertTrue(name.find(), "a README Java example is not a public class:\n" + code);
            Path file = dir.resolve(name.group(1) + ".java");
            assertFalse(Files.exists(file), "two README examples are named " + name.group(1));
            Files.writeString(file, code);
            command.add(file.toString());
            snippets.add(code);
        }
        assertTrue(snippets.size() >= 3, "README.md has " + snippets.size() + " Java examples");
        Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(javac.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, javac.exitValue(), "README examples do not compile:\n" + out);
    }

    @TestFactory
    List<DynamicTest> everyExampleRunsAndPrintsWhatItSays() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String code : snippets) {
            Matcher name = CLASS.matcher(code);
            name.find();
            tests.add(DynamicTest.dynamicTest(name.group(1), () -> {
                List<String> expected = new ArrayList<>();
                Matcher p = PRINTS.matcher(code);
                while (p.find()) {
                    expected.add(p.group(1));
                }
                assertFalse(expected.isEmpty(), name.group(1) + " says nothing it prints");
                assertEquals(expected, run(name.group(1)));
            }));
        }
        return tests;
    }

    private static List<String> run(String className) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ReadmeSnippetsTest.class.getClassLoader())) {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
