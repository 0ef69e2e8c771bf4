package dev.featuremaps.benchmarks.report;

import dev.featuremaps.ops.json.Json;
import dev.featuremaps.ops.json.JsonNumber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lowest ratios the guard accepts: a fraction ({@code factor}) of the ratios a full run
 * measured, so that noise passes and a real regression fails.
 *
 * @param library the implementation the ratios divide by
 * @param factor the fraction of the measured ratio that became the floor
 * @param source where the measured ratios came from (a results file name)
 * @param floors one entry per operation and workload with a measured library time
 */
public record Floors(String library, double factor, String source, List<Floor> floors) {

    /** The default fraction: ratios on this machine move by up to about a third between runs. */
    public static final double DEFAULT_FACTOR = 0.7;

    /**
     * Floors of one row; a {@code null} floor is not checked.
     *
     * @param operator benchmark method name
     * @param workload workload name
     * @param reference floor of reference / library
     * @param roofline floor of roofline / library
     */
    public record Floor(String operator, String workload, Double reference, Double roofline) {
        /**
         * @param ratio {@link Ratio#REFERENCE} or {@link Ratio#ROOFLINE}
         * @return that floor, or {@code null}
         */
        public Double of(Ratio ratio) {
            return switch (ratio) {
                case REFERENCE -> reference;
                case ROOFLINE -> roofline;
                case NATIVE, SCALAR -> null;
            };
        }
    }

    /** Copies the list. */
    public Floors {
        floors = List.copyOf(floors);
    }

    /**
     * Floors from measured rows.
     *
     * @param rows the measured comparison
     * @param library the implementation the ratios divide by
     * @param factor the fraction of each ratio to record, in (0, 1]
     * @param source names the measurement
     * @return floors for every row whose library time was measured
     */
    public static Floors from(List<Comparison> rows, String library, double factor, String source) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("floor factor " + factor + " is not in (0, 1]");
        }
        List<Floor> list = new ArrayList<>();
        for (Comparison c : rows) {
            Double ref = Ratio.REFERENCE.of(c);
            Double roof = Ratio.ROOFLINE.of(c);
            if (ref != null || roof != null) {
                list.add(new Floor(c.operator(), c.workload(), scale(ref, factor), scale(roof, factor)));
            }
        }
        return new Floors(library, factor, source, list);
    }

    private static Double scale(Double ratio, double factor) {
        // Rounded down to 3 decimals so the file reads well and the floor never rounds up; the
        // epsilon keeps binary noise (0.4 * 0.7 = 0.27999...) from costing a whole thousandth.
        return ratio == null ? null : Math.floor(ratio * factor * 1000 + 1e-9) / 1000;
    }

    /**
     * The floors as an indented JSON document, ending in a newline. A non-finite number is
     * written as {@code null}: {@link #parse} reads it back as a floor that is not checked.
     *
     * @return the document
     */
    public String toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("library", library);
        doc.put("factor", finite(factor));
        doc.put("source", source);
        List<Object> list = new ArrayList<>();
        for (Floor f : floors) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("operator", f.operator());
            m.put("workload", f.workload());
            m.put("referenceOverLibrary", finite(f.reference()));
            m.put("rooflineOverLibrary", finite(f.roofline()));
            list.add(m);
        }
        doc.put("floors", list);
        return Json.appendIndented(new StringBuilder(), doc).append('\n').toString();
    }

    /**
     * Reads floors written by {@link #toJson}.
     *
     * @param json the document
     * @return the floors
     * @throws IllegalArgumentException if the document is not a floors file
     */
    public static Floors parse(String json) {
        if (!(Json.parse(json) instanceof Map<?, ?> doc)) {
            throw new IllegalArgumentException("not a floors file: the top level is not an object");
        }
        if (!(doc.get("library") instanceof String library) || !(doc.get("floors") instanceof List<?> entries)) {
            throw new IllegalArgumentException("not a floors file: needs \"library\" and \"floors\"");
        }
        double factor = doc.get("factor") instanceof JsonNumber n ? n.doubleValue() : Double.NaN;
        String source = doc.get("source") instanceof String s ? s : "";
        List<Floor> list = new ArrayList<>();
        for (Object e : entries) {
            if (!(e instanceof Map<?, ?> m) || !(m.get("operator") instanceof String op)
                    || !(m.get("workload") instanceof String w)) {
                throw new IllegalArgumentException("not a floors file: an entry lacks operator or workload");
            }
            list.add(new Floor(op, w, number(m.get("referenceOverLibrary")), number(m.get("rooflineOverLibrary"))));
        }
        return new Floors(library, factor, source, list);
    }

    private static Double number(Object o) {
        return o instanceof JsonNumber n ? n.doubleValue() : null;
    }

    /** JSON numbers cannot be NaN or infinite; such a floor could never be checked anyway. */
    private static Double finite(Double d) {
        return d == null || !Double.isFinite(d) ? null : d;
    }
}
