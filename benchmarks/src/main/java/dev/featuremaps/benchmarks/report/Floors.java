package dev.featuremaps.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

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
        ObjectNode doc = ReportJson.MAPPER.createObjectNode();
        doc.put("library", library);
        doc.put("factor", finite(factor));
        doc.put("source", source);
        ArrayNode list = doc.putArray("floors");
        for (Floor f : floors) {
            ObjectNode m = list.addObject();
            m.put("operator", f.operator());
            m.put("workload", f.workload());
            m.put("referenceOverLibrary", finite(f.reference()));
            m.put("rooflineOverLibrary", finite(f.roofline()));
        }
        return ReportJson.indented(doc) + "\n";
    }

    /**
     * Reads floors written by {@link #toJson}.
     *
     * @param json the document
     * @return the floors
     * @throws IllegalArgumentException if the document is not a floors file
     */
    public static Floors parse(String json) {
        JsonNode doc = ReportJson.parse(json);
        if (!doc.isObject()) {
            throw new IllegalArgumentException("not a floors file: the top level is not an object");
        }
        JsonNode entries = doc.get("floors");
        if (!(doc.get("library") instanceof JsonNode library && library.isTextual())
                || entries == null || !entries.isArray()) {
            throw new IllegalArgumentException("not a floors file: needs \"library\" and \"floors\"");
        }
        double factor = doc.get("factor") instanceof JsonNode n && n.isNumber() ? n.doubleValue() : Double.NaN;
        String source = doc.get("source") instanceof JsonNode s && s.isTextual() ? s.asText() : "";
        List<Floor> list = new ArrayList<>();
        for (JsonNode m : entries) {
            if (!(m.get("operator") instanceof JsonNode op && op.isTextual())
                    || !(m.get("workload") instanceof JsonNode w && w.isTextual())) {
                throw new IllegalArgumentException("not a floors file: an entry lacks operator or workload");
            }
            list.add(new Floor(op.asText(), w.asText(), number(m.get("referenceOverLibrary")),
                    number(m.get("rooflineOverLibrary"))));
        }
        return new Floors(library.asText(), factor, source, list);
    }

    private static Double number(JsonNode n) {
        return n != null && n.isNumber() ? n.doubleValue() : null;
    }

    /** JSON numbers cannot be NaN or infinite; such a floor could never be checked anyway. */
    private static Double finite(Double d) {
        return d == null || !Double.isFinite(d) ? null : d;
    }
}
