package dev.featuremaps.benchmarks.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A bar chart of the ratios as a standalone SVG document: one panel per {@link Ratio} (but the
 * library path's own), one row per operation, one bar per workload, with parity (1) and the goals
 * drawn as vertical lines.
 */
public final class SvgChart {
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948"};
    private static final int LABEL_WIDTH = 220;
    private static final int PANEL_WIDTH = 280;
    private static final int PANEL_GAP = 50;
    private static final int TOP = 86;
    private static final int BAR = 8;
    private static final int BAR_GAP = 1;
    private static final int ROW_PAD = 10;
    private static final int BOTTOM = 40;

    private SvgChart() {
    }

    /**
     * Renders the chart.
     *
     * @param rows the comparison
     * @param library the implementation the ratios divide by
     * @param goals goals to draw as dashed lines in their ratio's panel
     * @return the SVG document
     */
    public static String render(List<Comparison> rows, String library, List<Target> goals) {
        List<String> operators = new ArrayList<>();
        List<String> workloads = new ArrayList<>();
        for (Comparison c : rows) {
            if (!operators.contains(c.operator())) {
                operators.add(c.operator());
            }
            if (!workloads.contains(c.workload())) {
                workloads.add(c.workload());
            }
        }
        int bars = Math.max(workloads.size(), 1);
        int rowHeight = bars * (BAR + BAR_GAP) + ROW_PAD;
        // As in the summary, a baseline that is the library path itself would be a panel of ones.
        Ratio[] panels = Arrays.stream(Ratio.values()).filter(r -> !r.baseline().equals(library))
                .toArray(Ratio[]::new);
        int width = LABEL_WIDTH + panels.length * (PANEL_WIDTH + PANEL_GAP);
        int plotHeight = Math.max(operators.size(), 1) * rowHeight;
        int height = TOP + plotHeight + BOTTOM;

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        svg.append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(svg, 10, 20, "start", 14, "bold", "Ratios to the " + library
                + " path: baseline time / " + library + " time (higher is better for " + library + ")");
        int lx = 10;
        for (int w = 0; w < workloads.size(); w++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"32\" width=\"10\" height=\"10\" fill=\"%s\"/>%n",
                    lx, color(w)));
            text(svg, lx + 14, 41, "start", 11, null, workloads.get(w));
            lx += 24 + 7 * workloads.get(w).length();
        }
        text(svg, lx + 10, 41, "start", 11, null, "solid line: parity (1); dashed: goals");

        for (int o = 0; o < operators.size(); o++) {
            int y = TOP + o * rowHeight;
            text(svg, LABEL_WIDTH - 8, y + rowHeight / 2 + 4, "end", 11, null, operators.get(o));
            if (o > 0) {
                svg.append(String.format(Locale.ROOT,
                        "<line x1=\"10\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eeeeee\"/>%n", y, width - 10, y));
            }
        }

        for (int p = 0; p < panels.length; p++) {
            Ratio ratio = panels[p];
            int x0 = LABEL_WIDTH + p * (PANEL_WIDTH + PANEL_GAP);
            TreeSet<Double> lines = new TreeSet<>();
            for (Target g : goals) {
                if (g.ratio() == ratio) {
                    lines.add(g.minimum());
                }
            }
            double max = 1;
            for (Comparison c : rows) {
                Double r = ratio.of(c);
                if (r != null && Double.isFinite(r)) {
                    max = Math.max(max, r);
                }
            }
            if (!lines.isEmpty()) {
                max = Math.max(max, lines.last());
            }
            double step = niceStep(max * 1.1);
            double top = Math.ceil(max * 1.1 / step) * step;
            double scale = PANEL_WIDTH / top;

            text(svg, x0 + PANEL_WIDTH / 2, TOP - 12, "middle", 12, "bold", ratio.label(library));
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999999\"/>%n",
                    x0, TOP, PANEL_WIDTH, plotHeight));
            for (double t = 0; t <= top + step / 2; t += step) {
                double x = x0 + t * scale;
                svg.append(String.format(Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#dddddd\"/>%n",
                        x, TOP, x, TOP + plotHeight));
                text(svg, x, TOP + plotHeight + 14, "middle", 10, null, tick(t));
            }
            for (int o = 0; o < operators.size(); o++) {
                for (int w = 0; w < workloads.size(); w++) {
                    Comparison c = find(rows, operators.get(o), workloads.get(w));
                    Double r = c == null ? null : ratio.of(c);
                    int y = TOP + o * rowHeight + ROW_PAD / 2 + w * (BAR + BAR_GAP);
                    if (r == null || !Double.isFinite(r)) {
                        text(svg, x0 + 3, y + BAR - 1, "start", 8, null, "n/a");
                        continue;
                    }
                    double len = Math.min(r, top) * scale;
                    svg.append(String.format(Locale.ROOT,
                            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>%n",
                            x0, y, len, BAR, color(w), escape(operators.get(o) + " " + workloads.get(w) + ": "
                                    + ratio.label(library) + " = " + String.format(Locale.ROOT, "%.2f", r))));
                    boolean inside = len > PANEL_WIDTH - 34;
                    text(svg, inside ? x0 + len - 3 : x0 + len + 3, y + BAR - 1, inside ? "end" : "start", 8,
                            null, String.format(Locale.ROOT, "%.2f", r));
                }
            }
            line(svg, x0 + scale, TOP, plotHeight, "#555555", null);
            for (double g : lines) {
                line(svg, x0 + g * scale, TOP, plotHeight, "#d62728", "5,3");
                text(svg, x0 + g * scale, TOP - 2, "middle", 9, null, "goal " + tick(g));
            }
            text(svg, x0 + PANEL_WIDTH / 2, TOP + plotHeight + 30, "middle", 10, null, switch (ratio) {
                case ROOFLINE -> "fraction of the bulk-copy bandwidth (1 = at the ceiling)";
                case NATIVE -> "times faster than the C loops (-O3 -march=native)";
                default -> "times faster than " + ratio.baseline();
            });
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static Comparison find(List<Comparison> rows, String operator, String workload) {
        for (Comparison c : rows) {
            if (c.operator().equals(operator) && c.workload().equals(workload)) {
                return c;
            }
        }
        return null;
    }

    /** A step of 1, 2, 2.5 or 5 times a power of ten giving at most 6 intervals up to {@code max}. */
    static double niceStep(double max) {
        double raw = max / 6;
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * pow >= raw) {
                return m * pow;
            }
        }
        return 10 * pow;
    }

    private static String tick(double t) {
        return String.format(Locale.ROOT, "%s", Math.round(t * 100) / 100.0).replaceAll("\\.0$", "");
    }

    private static void line(StringBuilder svg, double x, int y, int h, String stroke, String dash) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"%s/>%n",
                x, y, x, y + h, stroke, dash == null ? "" : " stroke-dasharray=\"" + dash + "\""));
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, int size, String weight,
                             String content) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\"%s>%s</text>%n",
                x, y, anchor, size, weight == null ? "" : " font-weight=\"" + weight + "\"", escape(content)));
    }

    private static String color(int i) {
        return COLORS[i % COLORS.length];
    }

    /**
     * @param s text
     * @return {@code s} with XML's special characters escaped
     */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
