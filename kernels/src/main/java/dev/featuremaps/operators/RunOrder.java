package dev.featuremaps.operators;

/**
 * The order in which a single-feature merge copies its fixed-width runs, chosen per plan from
 * how many (example, feature) pairs are present.
 *
 * <p>{@link #EXAMPLE_MAJOR} visits every pair, reading each run's bounds from a prefix sum per
 * feature; {@link #BY_ENTRY} visits only the present entries, each taking its feature's next
 * run from a cursor, after the entries' features have been compacted beside their keys. The
 * first wins when most pairs are present, the second on wide, sparse batches.
 */
enum RunOrder {
    EXAMPLE_MAJOR, BY_ENTRY;

    /** Present pairs per pair below which {@link #BY_ENTRY} is chosen. */
    static final double SPARSE = 0.5;

    /** The order forced by {@code -Dfeaturemaps.runOrder}, for tests and benchmarks; or null. */
    private static final RunOrder FORCED = forced(System.getProperty("featuremaps.runOrder", "auto"));

    static RunOrder forced(String name) {
        return switch (name) {
            case "auto" -> null;
            case "example-major" -> EXAMPLE_MAJOR;
            case "by-entry" -> BY_ENTRY;
            default -> throw new IllegalArgumentException(
                    "-Dfeaturemaps.runOrder=" + name + ": expected auto, example-major or by-entry");
        };
    }

    /** The order for {@code present} of {@code pairs} (example, feature) pairs. */
    static RunOrder choose(long present, long pairs) {
        if (FORCED != null) {
            return FORCED;
        }
        return present < SPARSE * pairs ? BY_ENTRY : EXAMPLE_MAJOR;
    }
}
