package dev.featuremaps.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --threads N} prints what one thread prints, and is checked like the other options. */
class ThreadsOptionTest {
    private record Output(int status, String out, String err) {
    }

    private static Output main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new Io(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false));
        return new Output(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * A multi list merge and its gradient over a batch that splits at the default threshold:
     * some 7 MB of merged output and 3 MB of gradients.
     */
    private static Path net(Path dir) throws IOException {
        SplittableRandom rnd = new SplittableRandom(5);
        int batch = 100_000;
        StringBuilder json = new StringBuilder("{\"blobs\": {");
        StringBuilder ops = new StringBuilder();
        StringBuilder gradInputs = new StringBuilder();
        for (int j = 0; j < 2; j++) {
            StringBuilder lengths = new StringBuilder();
            StringBuilder keys = new StringBuilder();
            StringBuilder valuesLengths = new StringBuilder();
            StringBuilder values = new StringBuilder();
            for (int e = 0; e < batch; e++) {
                int f = rnd.nextInt(4);
                lengths.append(e == 0 ? "" : ",").append(f);
                for (int k = 0; k < f; k++) {
                    int v = rnd.nextInt(6);
                    keys.append(keys.isEmpty() ? "" : ",").append(rnd.nextInt(100));
                    valuesLengths.append(valuesLengths.isEmpty() ? "" : ",").append(v);
                    for (int x = 0; x < v; x++) {
                        values.append(values.isEmpty() ? "" : ",")
                                .append(String.format(Locale.ROOT, "%.3f", rnd.nextDouble()));
                    }
                }
            }
            json.append(j == 0 ? "" : ",")
                    .append("\"l").append(j).append("\": {\"dtype\": \"int32\", \"data\": [").append(lengths).append("]},")
                    .append("\"k").append(j).append("\": {\"dtype\": \"int64\", \"data\": [").append(keys).append("]},")
                    .append("\"vl").append(j).append("\": {\"dtype\": \"int32\", \"data\": [").append(valuesLengths)
                    .append("]},")
                    .append("\"vv").append(j).append("\": {\"dtype\": \"float\", \"data\": [").append(values).append("]}");
            ops.append(j == 0 ? "" : ",").append("\"l").append(j).append("\",\"k").append(j).append("\",\"vl").append(j)
                    .append("\",\"vv").append(j).append("\"");
            gradInputs.append("\"l").append(j).append("\",\"vl").append(j).append("\",");
        }
        json.append("}, \"ops\": [")
                .append("{\"type\": \"MergeMultiListFeatureTensors\", \"inputs\": [").append(ops)
                .append("], \"outputs\": [\"ml\", \"mk\", \"mvl\", \"mvv\"]},")
                .append("{\"type\": \"MergeMultiListFeatureTensorsGradient\", \"inputs\": [").append(gradInputs)
                .append("\"mvv\"], \"outputs\": [\"g0\", \"g1\"]}]}");
        Path file = dir.resolve("large.json");
        Files.writeString(file, json.toString());
        return file;
    }

    @Test
    void twoThreadsPrintWhatOnePrints(@TempDir Path dir) throws IOException {
        String file = net(dir).toString();
        Output one = main("run", file);
        assertEquals(0, one.status(), one.err());
        assertTrue(one.out().contains("\"g1\""), "the gradient is printed");
        Output two = main("run", "--threads", "2", file);
        assertEquals(0, two.status(), two.err());
        assertEquals(one.out(), two.out());
        Output four = main("run", "--threads=4", file);
        assertEquals(one.out(), four.out());
    }

    @Test
    void theDemoRunsOnThreadsToo() {
        Output one = main("demo");
        Output two = main("demo", "--threads", "2");
        assertEquals(0, two.status(), two.err());
        assertEquals(one.out(), two.out());
    }

    @Test
    void aThreadCountOutOfRangeIsAUsageError() {
        Output zero = main("run", "--threads", "0", "net.json");
        assertEquals(2, zero.status());
        assertTrue(zero.err().contains("--threads must be between 1 and 1024, got 0"), zero.err());
        Output many = main("demo", "--threads", "5000");
        assertEquals(2, many.status());
        assertTrue(many.err().contains("--threads must be between 1 and 1024, got 5000"), many.err());
    }
}
