package dev.featuremaps.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One benchmark's result from a JMH JSON file ({@code -rf json}): which method, with which
 * parameters, and every measurement iteration of every fork, in microseconds per operation.
 *
 * @param benchmark the benchmark class's simple name, e.g. {@code MergeBenchmark}
 * @param method the benchmark method, e.g. {@code mergeSingleScalar}
 * @param params the {@code @Param} values
 * @param forks each fork's measurement iteration scores in µs/op, in run order; at least one fork,
 *     each with at least one score
 * @param allocBytesPerOp {@code gc.alloc.rate.norm} when run with {@code -prof gc}, else {@code null}
 */
public record JmhResult(String benchmark, String method, Map<String, String> params, double[][] forks,
                        Double allocBytesPerOp) {

    /**
     * Copies the mutable parts.
     *
     * @throws IllegalArgumentException if there is no fork or a fork has no score
     */
    public JmhResult {
        params = Map.copyOf(params);
        if (forks.length == 0) {
            throw new IllegalArgumentException(benchmark + "." + method + ": no forks");
        }
        forks = forks.clone();
        for (int i = 0; i < forks.length; i++) {
            if (forks[i].length == 0) {
                throw new IllegalArgumentException(benchmark + "." + method + ": fork " + (i + 1) + " has no scores");
            }
            forks[i] = forks[i].clone();
        }
    }

    /**
     * A result measured in one fork.
     *
     * @param benchmark the benchmark class's simple name
     * @param method the benchmark method
     * @param params the {@code @Param} values
     * @param micros the measurement iteration scores in µs/op
     * @param allocBytesPerOp {@code gc.alloc.rate.norm}, or {@code null}
     */
    public JmhResult(String benchmark, String method, Map<String, String> params, double[] micros,
                     Double allocBytesPerOp) {
        this(benchmark, method, params, new double[][] {micros}, allocBytesPerOp);
    }

    /** @return a copy of each fork's iteration scores in µs/op, in run order */
    @Override
    public double[][] forks() {
        double[][] copy = forks.clone();
        for (int i = 0; i < copy.length; i++) {
            copy[i] = copy[i].clone();
        }
        return copy;
    }

    /** @return every measurement iteration's score in µs/op, forks concatenated in run order */
    public double[] micros() {
        int n = 0;
        for (double[] f : forks) {
            n += f.length;
        }
        double[] all = new double[n];
        int i = 0;
        for (double[] f : forks) {
            System.arraycopy(f, 0, all, i, f.length);
            i += f.length;
        }
        return all;
    }

    /** @return each fork's median iteration in µs/op, in run order */
    public double[] forkMedians() {
        double[] medians = new double[forks.length];
        for (int i = 0; i < forks.length; i++) {
            medians[i] = Stats.median(forks[i]);
        }
        return medians;
    }

    /** @return the median iteration, in µs/op: robust to the outliers of a shared machine */
    public double median() {
        return Stats.median(micros());
    }

    /**
     * @param name a parameter name
     * @return its value, or {@code null}
     */
    public String param(String name) {
        return params.get(name);
    }

    /**
     * Reads a JMH JSON result file.
     *
     * @param file the file
     * @return its results, in file order
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if it is not a JMH result file in a time-per-op mode
     */
    public static List<JmhResult> read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /**
     * Parses JMH JSON results.
     *
     * @param json the file's text
     * @return the results, in file order
     * @throws IllegalArgumentException if it is not a JMH result array in a time-per-op mode
     */
    public static List<JmhResult> parse(String json) {
        JsonNode entries = ReportJson.parse(json);
        if (!entries.isArray()) {
            throw new IllegalArgumentException("not a JMH result file: the top level is not an array");
        }
        List<JmhResult> results = new ArrayList<>();
        for (JsonNode entry : entries) {
            results.add(of(map(entry, "result")));
        }
        return results;
    }

    private static JmhResult of(JsonNode entry) {
        String full = string(entry, "benchmark");
        int dot = full.lastIndexOf('.');
        String method = full.substring(dot + 1);
        String type = full.substring(0, Math.max(dot, 0));
        type = type.substring(type.lastIndexOf('.') + 1);
        Map<String, String> params = new LinkedHashMap<>();
        if (entry.get("params") instanceof JsonNode p && p.isObject()) {
            p.properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        }
        JsonNode primary = map(entry.get("primaryMetric"), full + " primaryMetric");
        double scale = microsPer(string(primary, "scoreUnit"), full);
        List<double[]> forks = new ArrayList<>();
        if (primary.get("rawData") instanceof JsonNode data && data.isArray()) {
            for (JsonNode fork : data) {
                List<Double> raw = new ArrayList<>();
                for (JsonNode it : fork) {
                    if (it.isNumber()) {
                        raw.add(it.doubleValue() * scale);
                    }
                }
                if (!raw.isEmpty()) {
                    forks.add(raw.stream().mapToDouble(Double::doubleValue).toArray());
                }
            }
        }
        if (forks.isEmpty() && primary.get("score") instanceof JsonNode score && score.isNumber()) {
            // Files written without raw data (and SampleTime, which keeps a histogram instead)
            // still carry the mean; better than dropping the row.
            forks.add(new double[] {score.doubleValue() * scale});
        }
        if (forks.isEmpty()) {
            throw new IllegalArgumentException(full + ": no scores");
        }
        Double alloc = null;
        if (entry.get("secondaryMetrics") instanceof JsonNode secondary
                && secondary.get("gc.alloc.rate.norm") instanceof JsonNode norm
                && norm.get("score") instanceof JsonNode n && n.isNumber()) {
            alloc = n.doubleValue();
        }
        return new JmhResult(type, method, params, forks.toArray(double[][]::new), alloc);
    }

    /** Factor from a JMH time-per-op unit to microseconds. */
    static double microsPer(String unit, String benchmark) {
        return switch (unit) {
            case "ns/op" -> 1e-3;
            case "us/op" -> 1;
            case "ms/op" -> 1e3;
            case "s/op" -> 1e6;
            default -> throw new IllegalArgumentException(benchmark + ": unit " + unit
                    + " is not a time per operation; run in AverageTime or SampleTime mode");
        };
    }

    private static JsonNode map(JsonNode o, String what) {
        if (o != null && o.isObject()) {
            return o;
        }
        throw new IllegalArgumentException("not a JMH result file: " + what + " is not an object");
    }

    private static String string(JsonNode m, String key) {
        if (m.get(key) instanceof JsonNode s && s.isTextual()) {
            return s.asText();
        }
        throw new IllegalArgumentException("not a JMH result file: no \"" + key + "\"");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JmhResult r && benchmark.equals(r.benchmark) && method.equals(r.method)
                && params.equals(r.params) && Arrays.deepEquals(forks, r.forks)
                && Objects.equals(allocBytesPerOp, r.allocBytesPerOp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(benchmark, method, params, Arrays.deepHashCode(forks), allocBytesPerOp);
    }

    @Override
    public String toString() {
        return benchmark + "." + method + params + " median " + median() + " us/op";
    }
}
