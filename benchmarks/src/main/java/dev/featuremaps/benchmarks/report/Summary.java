package dev.featuremaps.benchmarks.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the benchmark summary as Markdown. */
public final class Summary {
    private Summary() {
    }

    /**
     * Renders the summary.
     *
     * @param rows the comparison
     * @param results the raw results, for the allocation table
     * @param library the implementation the ratios divide by
     * @param source the results file name
     * @param runInfo a line describing the run (JMH, JDK, iterations), or empty
     * @param chart the chart's file name, relative to the summary
     * @param goals the goals to flag
     * @return the Markdown document
     */
    public static String markdown(List<Comparison> rows, List<JmhResult> results, String library, String source,
                                  String runInfo, String chart, List<Target> goals) {
        return markdown(rows, results, library, source, runInfo, chart, goals, List.of(), List.of());
    }

    /**
     * Renders the summary with the service-latency sections: each is left out when its list is empty.
     *
     * @param rows the comparison
     * @param results the raw results, for the allocation table
     * @param library the implementation the ratios divide by
     * @param source the results file name
     * @param runInfo a line describing the run (JMH, JDK, iterations), or empty
     * @param chart the chart's file name, relative to the summary
     * @param goals the goals to flag
     * @param latency call-time percentiles of a {@code SampleTime} run
     * @param coldStarts cold starts of a {@code SingleShotTime} run
     * @return the Markdown document
     */
    public static String markdown(List<Comparison> rows, List<JmhResult> results, String library, String source,
                                  String runInfo, String chart, List<Target> goals, List<Latency> latency,
                                  List<ColdStart> coldStarts) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark summary\n\n");
        md.append("Results: `").append(source).append("`");
        if (!runInfo.isEmpty()) {
            md.append(" — ").append(runInfo);
        }
        md.append(".\n\n");
        md.append("Times are the median of all measurement iterations, in µs per call (lower is faster). ")
                .append("Ratios are baseline time / `").append(library).append("` time: `reference / ")
                .append(library).append("` is how many times faster the library is than the plain Caffe2 loops ")
                .append("in Java, ")
                .append(library.equals("native") ? "" : "`native / " + library + "` than the same loops in C "
                        + "compiled with `-O3 -march=native` (what a C++ user of Caffe2 gets), ")
                .append("`roofline / ").append(library).append("` the fraction of the bulk-copy bandwidth it ")
                .append("reaches (1 = at the memory ceiling). Absolute times on a shared machine drift; ")
                .append("quote the ratios.\n\n");

        // A goal against the library path itself (native / native) is met by definition: leave it out.
        List<Target> checked = goals.stream().filter(g -> !g.ratio().baseline().equals(library)).toList();
        md.append("## Goals\n\n");
        md.append("| goal | applies to | met | missed | not measured |\n|---|---|---|---|---|\n");
        List<String> misses = new ArrayList<>();
        for (Target g : checked) {
            int met = 0;
            int missed = 0;
            int absent = 0;
            for (Comparison c : rows) {
                if (!g.appliesTo(c)) {
                    continue;
                }
                switch (g.check(c)) {
                    case MET -> met++;
                    case MISSED -> {
                        missed++;
                        misses.add("- `" + g.label() + "` missed by `" + c.operator() + "` on `" + c.workload()
                                + "`: " + missedBy(g.ratio().of(c), g.minimum()) + " < " + ratio(g.minimum()));
                    }
                    case NOT_MEASURED -> absent++;
                }
            }
            md.append("| `").append(g.label()).append("`: ").append(g.description()).append(" | ")
                    .append(g.operators().isEmpty() ? "all operators" : g.operators().size() + " operators")
                    .append(", ").append(g.workloads().isEmpty() ? "all workloads" : String.join(" & ",
                            g.workloads().stream().sorted(Comparator.comparingInt(
                                    Comparison::workloadRank)).toList()))
                    .append(" | ").append(met).append(" | ").append(missed).append(" | ").append(absent).append(" |\n");
        }
        md.append('\n');
        if (!misses.isEmpty()) {
            md.append("Missed:\n\n");
            misses.forEach(m -> md.append(m).append('\n'));
            md.append('\n');
        }

        md.append("## Results\n\n");
        // A baseline that is the library path itself would only repeat its column (and ratio 1).
        List<Ratio> baselines = new ArrayList<>();
        for (Ratio r : Ratio.values()) {
            if (r != Ratio.ROOFLINE && !r.baseline().equals(library)) {
                baselines.add(r);
            }
        }
        md.append("| operator | workload | ");
        baselines.forEach(r -> md.append(r.baseline()).append(" µs | "));
        md.append(library).append(" µs | roofline µs | ");
        baselines.forEach(r -> md.append(r.label(library)).append(" | "));
        md.append(Ratio.ROOFLINE.label(library)).append(" | goals |\n");
        md.append("|---|---|").append("--:|".repeat(2 * baselines.size() + 3)).append("---|\n");
        List<ForkSpread> spreads = ForkSpread.of(results);
        for (Comparison c : rows) {
            List<String> flags = new ArrayList<>();
            for (Target g : checked) {
                if (g.appliesTo(c)) {
                    flags.add(switch (g.check(c)) {
                        case MET -> g.label() + " ok";
                        case MISSED -> "**" + g.label() + " MISSED**";
                        case NOT_MEASURED -> g.label() + " n/m";
                    });
                }
            }
            md.append("| `").append(c.operator()).append("` | ").append(c.workload()).append(" | ");
            baselines.forEach(r -> md.append(time(r.baselineTime(c)))
                    .append(spreadMark(spreads, c, r.baseline())).append(" | "));
            md.append(time(c.library())).append(spreadMark(spreads, c, library)).append(" | ")
                    .append(time(c.roofline())).append(spreadMark(spreads, c, "roofline")).append(" | ");
            baselines.forEach(r -> md.append(ratio(r.of(c))).append(" | "));
            md.append(ratio(Ratio.ROOFLINE.of(c))).append(" | ")
                    .append(flags.isEmpty() ? "" : String.join(", ", flags)).append(" |\n");
        }
        md.append("\n`-`: not measured (not run, or its setup failed: see the JMH log). ")
                .append("`n/m`: a goal whose ratio could not be computed. `").append(SPREAD_MARK.strip())
                .append("`: its forks' medians differ by more than ")
                .append(String.format(Locale.ROOT, "%.0f", (ForkSpread.LIMIT - 1) * 100))
                .append(" %, listed below.\n\n");
        forkSpread(md, spreads);
        md.append("![ratios](").append(chart).append(")\n");

        List<JmhResult> allocating = results.stream().filter(r -> r.allocBytesPerOp() != null).toList();
        if (!allocating.isEmpty()) {
            md.append("\n## Allocation (`-prof gc`)\n\n");
            md.append("`gc.alloc.rate.norm` per call. The reference allocates nothing per call, so its row ")
                    .append("shows the harness's background allocation, which grows with the time per call and ")
                    .append("shrinks with longer iterations; code that allocates per call adds at least 16 B/op ")
                    .append("(one object) on top of that.\n\n");
            md.append("| benchmark | params | B/op |\n|---|---|--:|\n");
            for (JmhResult r : allocating) {
                md.append("| `").append(r.benchmark()).append('.').append(r.method()).append("` | ")
                        .append(r.params().entrySet().stream().sorted(Map.Entry.comparingByKey())
                                .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + " " + b).orElse(""))
                        .append(" | ").append(String.format(Locale.ROOT, "%.1f", r.allocBytesPerOp())).append(" |\n");
            }
        }
        latency(md, latency, library);
        coldStart(md, coldStarts);
        return md.toString();
    }

    /** The operator a service-latency entry is for: its {@code operator} parameter, else its class. */
    private static String subject(String benchmark, Map<String, String> params) {
        return params.getOrDefault("operator", benchmark);
    }

    private static void latency(StringBuilder md, List<Latency> latency, String library) {
        if (latency.isEmpty()) {
            return;
        }
        long fewest = latency.stream().mapToLong(Latency::samples).min().orElse(0);
        md.append("\n## Latency (`SampleTime`)\n\n");
        md.append("Single-call times as a warm service sees them, in µs: JMH samples calls one by one and ")
                .append("takes the percentiles over every sample of every fork.");
        if (fewest > 0) {
            md.append(" At least ").append(fewest).append(" calls were sampled per benchmark");
            md.append(fewest < 10_000 ? ", so p99.9 rests on fewer than 10 calls: read it as a bound, not a figure."
                    : ".");
        }
        md.append(" `p99 ratio` is reference p99 / `").append(library).append("` p99.\n\n");
        md.append("| operator | workload | reference p50 | reference p99 | reference p99.9 | ")
                .append(library).append(" p50 | ").append(library).append(" p99 | ").append(library)
                .append(" p99.9 | p99 ratio |\n");
        md.append("|---|---|").append("--:|".repeat(7)).append('\n');
        Map<List<String>, Latency[]> rows = new LinkedHashMap<>();
        for (Latency l : latency) {
            String impl = l.param("impl");
            int side = "reference".equals(impl) ? 0 : library.equals(impl) ? 1 : -1;
            if (side < 0) {
                continue;
            }
            String workload = l.params().getOrDefault("workload", "-");
            rows.computeIfAbsent(List.of(subject(l.benchmark(), l.params()), workload), k -> new Latency[2])[side] = l;
        }
        rows.forEach((k, v) -> {
            md.append("| `").append(k.get(0)).append("` | ").append(k.get(1)).append(" | ");
            for (Latency l : v) {
                md.append(l == null ? "- | - | - | " : time(l.p50()) + " | " + time(l.p99()) + " | "
                        + time(l.p999()) + " | ");
            }
            md.append(ratio(v[0] == null || v[1] == null ? null : Stats.ratio(v[0].p99(), v[1].p99()))).append(" |\n");
        });
    }

    private static void coldStart(StringBuilder md, List<ColdStart> coldStarts) {
        if (coldStarts.isEmpty()) {
            return;
        }
        md.append("\n## Cold start (`SingleShotTime`, no warm-up, one call per iteration)\n\n");
        md.append("From a fresh JVM, per call index the median over forks. Steady is the median of the last ")
                .append("quarter of the calls; the calls have settled at the first call from which the median of ")
                .append("every trailing window of ")
                .append(coldStarts.stream().map(c -> String.valueOf(c.window())).distinct()
                        .reduce((a, b) -> a + " or " + b).orElse(""))
                .append(" calls (a run's ").append(Math.round(1 / ColdStart.WINDOW_FRACTION))
                .append("th, at least ").append(ColdStart.MIN_WINDOW).append(") stays within ")
                .append(String.format(Locale.ROOT, "%.0f", ColdStart.TOLERANCE * 100))
                .append(" % of steady. `ms to settle` sums the calls' own times up to there; the JIT compiles on ")
                .append("other threads, also between calls, so it is not the wall time from start.\n\n");
        md.append("| operator | workload | impl | forks | calls | first call µs | steady µs | calls to settle "
                + "| ms to settle |\n");
        md.append("|---|---|---|").append("--:|".repeat(6)).append('\n');
        // JMH runs every operator under one impl before the next; side by side reads better.
        List<String> order = coldStarts.stream().map(c -> subject(c.benchmark(), c.params())).distinct().toList();
        List<ColdStart> sorted = coldStarts.stream().sorted(Comparator
                .comparingInt((ColdStart c) -> order.indexOf(subject(c.benchmark(), c.params())))
                .thenComparing(c -> !"reference".equals(c.param("impl")))).toList();
        for (ColdStart c : sorted) {
            md.append("| `").append(subject(c.benchmark(), c.params())).append("` | ")
                    .append(c.params().getOrDefault("workload", "-")).append(" | ")
                    .append(c.params().getOrDefault("impl", "-")).append(" | ").append(c.forks()).append(" | ")
                    .append(c.calls().length).append(" | ").append(time(c.firstCall())).append(" | ")
                    .append(time(c.steady())).append(" | ")
                    .append(c.hasSettled() ? String.valueOf(c.callsToSettle()) : "not settled").append(" | ")
                    .append(c.hasSettled() ? String.format(Locale.ROOT, "%.2f", c.millisToSettle()) : "-")
                    .append(" |\n");
        }
    }

    /** Marks a time whose forks disagree. */
    static final String SPREAD_MARK = " †";

    private static String spreadMark(List<ForkSpread> spreads, Comparison c, String impl) {
        return ForkSpread.flagged(spreads, c.operator(), c.workload(), impl) ? SPREAD_MARK : "";
    }

    /** The flagged cells, each with its forks' medians: which fork to distrust is for the reader. */
    private static void forkSpread(StringBuilder md, List<ForkSpread> spreads) {
        List<ForkSpread> flagged = spreads.stream().filter(ForkSpread::flagged).toList();
        boolean forked = spreads.stream().anyMatch(s -> s.forkMedians().length > 1);
        md.append("### Fork spread\n\n");
        if (!forked) {
            md.append("One fork per benchmark: the spread between forks was not measured.\n\n");
            return;
        }
        if (flagged.isEmpty()) {
            md.append("Every benchmark's fork medians are within ")
                    .append(String.format(Locale.ROOT, "%.0f", (ForkSpread.LIMIT - 1) * 100)).append(" % of each other.\n\n");
            return;
        }
        md.append(flagged.size()).append(" of ").append(spreads.size())
                .append(" benchmarks have fork medians more than ")
                .append(String.format(Locale.ROOT, "%.0f", (ForkSpread.LIMIT - 1) * 100))
                .append(" % apart (max / min > ").append(ratio(ForkSpread.LIMIT))
                .append("): each fork's JIT settled differently, so their pooled median and its ratios ")
                .append("need a rerun before they are quoted.\n\n");
        for (ForkSpread s : flagged) {
            StringBuilder forks = new StringBuilder();
            for (double m : s.forkMedians()) {
                forks.append(forks.isEmpty() ? "" : ", ").append(time(m));
            }
            md.append("- `").append(s.operator()).append("` ").append(s.workload()).append(" `").append(s.impl())
                    .append("`: fork medians ").append(forks).append(" µs, spread ").append(ratio(s.spread()))
                    .append("×\n");
        }
        md.append('\n');
    }

    /**
     * @param micros µs/op or {@code null}
     * @return three significant digits, or {@code -}
     */
    static String time(Double micros) {
        if (micros == null) {
            return "-";
        }
        if (micros >= 100) {
            return String.format(Locale.ROOT, "%.0f", micros);
        }
        if (micros >= 10) {
            return String.format(Locale.ROOT, "%.1f", micros);
        }
        return String.format(Locale.ROOT, "%.3g", micros);
    }

    /**
     * A missed ratio, with a third decimal where two would round it up to the goal ("1.00 < 1.00").
     *
     * @param ratio the measured ratio, below {@code minimum}
     * @param minimum the goal
     * @return the ratio as text
     */
    static String missedBy(double ratio, double minimum) {
        String two = ratio(ratio);
        return two.equals(ratio(minimum)) ? String.format(Locale.ROOT, "%.3f", ratio) : two;
    }

    /**
     * @param ratio a ratio or {@code null}
     * @return two decimals, or {@code -}
     */
    static String ratio(Double ratio) {
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.2f", ratio);
    }
}
