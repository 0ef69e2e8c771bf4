package dev.featuremaps.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark's call-time distribution from a JMH {@code SampleTime} run ({@code -bm sample}):
 * the percentiles a service's latency budget is written in. JMH computes them over every sampled
 * call of every fork.
 *
 * @param benchmark the benchmark class's simple name, e.g. {@code LatencyBenchmark}
 * @param params the {@code @Param} values
 * @param p50 median call time, µs
 * @param p99 99th percentile, µs
 * @param p999 99.9th percentile, µs
 * @param samples calls sampled, or 0 where the file does not say
 */
public record Latency(String benchmark, Map<String, String> params, double p50, double p99, double p999,
                      long samples) {

    /** Copies the parameters. */
    public Latency {
        params = Map.copyOf(params);
    }

    /**
     * @param name a parameter name
     * @return its value, or {@code null}
     */
    public String param(String name) {
        return params.get(name);
    }

    /**
     * Reads the {@code SampleTime} entries of a JMH JSON file; entries in other modes are skipped.
     *
     * @param json the file's text
     * @return the entries, in file order
     * @throws IllegalArgumentException if it is not a JMH result array, or a sampled entry lacks
     *     its percentiles or has a unit that is not a time per operation
     */
    public static List<Latency> parse(String json) {
        JsonNode entries = ReportJson.parse(json);
        if (!entries.isArray()) {
            throw new IllegalArgumentException("not a JMH result file: the top level is not an array");
        }
        List<Latency> out = new ArrayList<>();
        for (JsonNode e : entries) {
            if (!(e.get("mode") instanceof JsonNode mode && mode.asText().equals("sample"))) {
                continue;
            }
            String full = e.path("benchmark").asText();
            String type = full.substring(0, Math.max(full.lastIndexOf('.'), 0));
            type = type.substring(type.lastIndexOf('.') + 1);
            Map<String, String> params = new LinkedHashMap<>();
            if (e.get("params") instanceof JsonNode p && p.isObject()) {
                p.properties().forEach(en -> params.put(en.getKey(), en.getValue().asText()));
            }
            JsonNode primary = e.path("primaryMetric");
            double scale = JmhResult.microsPer(primary.path("scoreUnit").asText(), full);
            JsonNode pct = primary.path("scorePercentiles");
            out.add(new Latency(type, params, percentile(pct, "50.0", full) * scale,
                    percentile(pct, "99.0", full) * scale, percentile(pct, "99.9", full) * scale,
                    samples(primary.get("rawDataHistogram"))));
        }
        return out;
    }

    private static double percentile(JsonNode percentiles, String key, String benchmark) {
        if (percentiles.get(key) instanceof JsonNode n && n.isNumber()) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(benchmark + ": no " + key + " percentile");
    }

    /** The histogram is per fork, per iteration, a list of [value, count] pairs. */
    private static long samples(JsonNode histogram) {
        long n = 0;
        if (histogram != null && histogram.isArray()) {
            for (JsonNode fork : histogram) {
                for (JsonNode iteration : fork) {
                    for (JsonNode pair : iteration) {
                        if (pair.isArray() && pair.size() == 2 && pair.get(1).isNumber()) {
                            n += pair.get(1).longValue();
                        }
                    }
                }
            }
        }
        return n;
    }
}
