package dev.featuremaps.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a JMH JSON results file of the suite into {@code SUMMARY.md}, {@code ratios.svg} and the
 * guard's {@code floors.json}.
 *
 * <pre>
 * java -cp benchmarks.jar dev.featuremaps.benchmarks.report.Report jmh-results/suite.json \
 *     [--out DIR] [--suffix NAME] [--library vector] [--floor-factor 0.7] [--floors FILE] [--no-floors] \
 *     [--latency latency.json] [--cold-start cold-start.json]
 * </pre>
 *
 * <p>{@code --out} defaults to the results file's directory; {@code --suffix} writes
 * {@code SUMMARY-NAME.md} and {@code ratios-NAME.svg} instead, so that runs under different JVM
 * flags can sit side by side; {@code --library} names the implementation the ratios divide by;
 * {@code --floors} writes the floors to that file rather than {@code DIR/floors.json} (one file
 * per flag set); {@code --no-floors} writes none (for partial or exploratory runs).
 * {@code --latency} adds the percentiles of a {@code SampleTime} run ({@link Latency}) and
 * {@code --cold-start} the settling of a no-warm-up {@code SingleShotTime} run ({@link ColdStart})
 * to the summary.
 */
public final class Report {
    /** The summary's file name. */
    public static final String SUMMARY = "SUMMARY.md";
    /** The chart's file name. */
    public static final String CHART = "ratios.svg";
    /** The floors' file name. */
    public static final String FLOORS = "floors.json";

    private Report() {
    }

    /**
     * Writes the report.
     *
     * @param args see the class comment
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        try {
            return write(args, out, err);
        } catch (IllegalArgumentException | NoSuchFileException e) {
            // Bad options or a file that is not JMH output: say which, not a stack trace.
            err.println("report: " + (e instanceof NoSuchFileException ? "no such file: " : "") + e.getMessage());
            return 2;
        }
    }

    private static final String USAGE = "usage: Report <results.json> [--out DIR] [--suffix NAME] [--library IMPL] "
            + "[--floor-factor F] [--floors FILE] [--no-floors] [--latency FILE] [--cold-start FILE]";

    private static int write(String[] args, PrintStream out, PrintStream err) throws IOException {
        Path results = null;
        Path dir = null;
        String suffix = null;
        Path floorsFile = null;
        Path latencyFile = null;
        Path coldStartFile = null;
        String library = "vector";
        double factor = Floors.DEFAULT_FACTOR;
        boolean floors = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            boolean value = i + 1 < args.length;
            if (a.equals("--out") && value) {
                dir = Path.of(args[++i]);
            } else if (a.equals("--suffix") && value) {
                suffix = args[++i];
            } else if (a.equals("--latency") && value) {
                latencyFile = Path.of(args[++i]);
            } else if (a.equals("--cold-start") && value) {
                coldStartFile = Path.of(args[++i]);
            } else if (a.equals("--floors") && value) {
                floorsFile = Path.of(args[++i]);
            } else if (a.equals("--library") && value) {
                library = args[++i];
            } else if (a.equals("--floor-factor") && value) {
                factor = Double.parseDouble(args[++i]);
            } else if (a.equals("--no-floors")) {
                floors = false;
            } else if (a.startsWith("--") || results != null) {
                err.println(USAGE);
                return 2;
            } else {
                results = Path.of(a);
            }
        }
        if (!(factor > 0 && factor <= 1)) {
            err.println("--floor-factor " + factor + ": expected a fraction in (0, 1]");
            return 2;
        }
        if (results == null) {
            err.println(USAGE);
            return 2;
        }
        if (suffix != null && !suffix.matches("[A-Za-z0-9._-]+")) {
            err.println("--suffix " + suffix + ": expected letters, digits, '.', '_' or '-'");
            return 2;
        }
        if (dir == null) {
            dir = results.toAbsolutePath().getParent();
        }
        Files.createDirectories(dir);
        String json = Files.readString(results);
        List<JmhResult> parsed = JmhResult.parse(json);
        List<Comparison> rows = Comparison.of(parsed, library);
        String source = results.getFileName().toString();
        List<Latency> latency = latencyFile == null ? List.of() : Latency.parse(Files.readString(latencyFile));
        if (latencyFile != null && latency.isEmpty()) {
            throw new IllegalArgumentException(latencyFile + " has no SampleTime results");
        }
        List<ColdStart> coldStarts = coldStartFile == null ? List.of() : ColdStart.of(JmhResult.read(coldStartFile));
        if (coldStartFile != null && coldStarts.isEmpty()) {
            throw new IllegalArgumentException(coldStartFile + " has no results");
        }

        String summaryName = suffix == null ? SUMMARY : "SUMMARY-" + suffix + ".md";
        String chartName = suffix == null ? CHART : "ratios-" + suffix + ".svg";
        Path floorsPath = floorsFile != null ? floorsFile : dir.resolve(FLOORS);

        Files.writeString(dir.resolve(summaryName), Summary.markdown(rows, parsed, library, source,
                describeRun(json), chartName, Target.GOALS, latency, coldStarts));
        Files.writeString(dir.resolve(chartName), SvgChart.render(rows, library, Target.GOALS));
        out.println("wrote " + dir.resolve(summaryName));
        out.println("wrote " + dir.resolve(chartName));
        if (floors) {
            Floors f = Floors.from(rows, library, factor, source);
            if (f.floors().isEmpty()) {
                out.println("no " + library + " results: " + floorsPath + " left unchanged");
            } else {
                Path parent = floorsPath.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(floorsPath, f.toJson());
                out.println("wrote " + floorsPath + " (" + f.floors().size() + " rows, "
                        + factor + " x the measured ratios)");
            }
        }
        return 0;
    }

    /**
     * One line on how the results were measured: JMH and JDK versions, iterations and forks; where
     * entries differ, every distinct setting is listed.
     *
     * @param json a JMH JSON results file
     * @return the line, or empty if the file carries none of it
     */
    static String describeRun(String json) {
        Set<String> tools = new LinkedHashSet<>();
        Set<String> settings = new LinkedHashSet<>();
        if (ReportJson.parse(json) instanceof JsonNode entries && entries.isArray()) {
            for (JsonNode e : entries) {
                if (e.isObject()) {
                    tools.add("JMH " + text(e.get("jmhVersion")) + ", JDK " + text(e.get("jdkVersion")) + " ("
                            + text(e.get("vmName")) + ")");
                    settings.add("warm-up " + count(e.get("warmupIterations")) + " × " + text(e.get("warmupTime"))
                            + ", measurement " + count(e.get("measurementIterations")) + " × "
                            + text(e.get("measurementTime")) + ", forks " + count(e.get("forks")));
                }
            }
        }
        if (tools.isEmpty()) {
            return "";
        }
        return String.join("; ", tools) + "; " + String.join("; ", settings);
    }

    private static String count(JsonNode n) {
        return n != null && n.isNumber() ? String.valueOf((long) n.doubleValue()) : text(n);
    }

    private static String text(JsonNode n) {
        return n == null ? "null" : n.isValueNode() ? n.asText() : n.toString();
    }
}
