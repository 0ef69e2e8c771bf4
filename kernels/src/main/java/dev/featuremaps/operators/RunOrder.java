package dev.featuremaps.operators;

/**
 * The order in which an operator copies its fixed-width runs, chosen per plan from numbers the
 * plan has.
 *
 * <p>For a single-feature merge, {@link #EXAMPLE_MAJOR} visits every (example, feature) pair,
 * reading each run's bounds from a prefix sum per feature; {@link #BY_ENTRY} visits only the
 * present entries, each taking its feature's next run from a cursor, after the entries'
 * features have been compacted beside their keys. The first wins when (nearly) every pair is
 * present, where skipping nothing it needs no compaction; the second already wins at 70 %
 * presence, where the first still pays for every absent pair's bounds.
 *
 * <p>For the multi scalar gradient, {@link #BY_INPUT} gathers one input's runs at a time from
 * per-example cursors into the gradient, so one source and one destination stay fixed per loop;
 * {@link #EXAMPLE_MAJOR} reads the gradient once front to back and switches output at every run.
 * The first wins with a few inputs; with many, it re-reads the cursors and strides through the
 * gradient once per input. The single list/map gradient goes {@link #BY_INPUT} (feature by
 * feature) on sparse batches, where its example-major loop switches among many features'
 * tables for runs of a few elements, and {@link #EXAMPLE_MAJOR} on dense ones, where each pass
 * over a large gradient would stride through all of it.
 */
enum RunOrder {
    EXAMPLE_MAJOR, BY_ENTRY, BY_INPUT;

    /** Present pairs per pair below which the single list/map gradient goes {@link #BY_INPUT}. */
    static final double SPARSE = 0.5;

    /** Present pairs per pair below which a single-feature merge goes {@link #BY_ENTRY}. */
    static final double NEARLY_DENSE = 0.9;

    /** The order forced by {@code -Dfeaturemaps.runOrder}, for tests and benchmarks; or null. */
    private static final RunOrder FORCED = forced(System.getProperty("featuremaps.runOrder", "auto"));

    static RunOrder forced(String name) {
        return switch (name) {
            case "auto" -> null;
            case "example-major" -> EXAMPLE_MAJOR;
            case "by-entry" -> BY_ENTRY;
            case "by-input" -> BY_INPUT;
            default -> throw new IllegalArgumentException(
                    "-Dfeaturemaps.runOrder=" + name + ": expected auto, example-major, by-entry or by-input");
        };
    }

    /** Inputs from which the multi scalar gradient goes {@link #EXAMPLE_MAJOR}. */
    static final int MANY_INPUTS = 8;

    /**
     * A single-feature merge's order for {@code present} of {@code pairs} (example, feature)
     * pairs: {@link #EXAMPLE_MAJOR} when nearly all are present, {@link #BY_ENTRY} otherwise.
     */
    static RunOrder choose(long present, long pairs) {
        return choose(FORCED, present, pairs);
    }

    static RunOrder choose(RunOrder forced, long present, long pairs) {
        return either(forced, BY_ENTRY, present < NEARLY_DENSE * pairs, EXAMPLE_MAJOR);
    }

    /**
     * The single list/map gradient's order for {@code present} of {@code pairs} (example,
     * feature) pairs: {@link #BY_INPUT} on sparse batches, {@link #EXAMPLE_MAJOR} otherwise.
     */
    static RunOrder chooseForSparse(long present, long pairs) {
        return chooseForSparse(FORCED, present, pairs);
    }

    static RunOrder chooseForSparse(RunOrder forced, long present, long pairs) {
        return either(forced, BY_INPUT, present < SPARSE * pairs, EXAMPLE_MAJOR);
    }

    /** The multi scalar gradient's order for {@code inputs} inputs. */
    static RunOrder chooseForInputs(int inputs) {
        return chooseForInputs(FORCED, inputs);
    }

    static RunOrder chooseForInputs(RunOrder forced, int inputs) {
        return either(forced, EXAMPLE_MAJOR, inputs >= MANY_INPUTS, BY_INPUT);
    }

    /**
     * {@code when} if {@code condition}, else {@code otherwise}; a forced order wins when it is
     * one of the two, and an order the operator does not have leaves the choice to the numbers.
     */
    private static RunOrder either(RunOrder forced, RunOrder when, boolean condition, RunOrder otherwise) {
        if (forced == when || forced == otherwise) {
            return forced;
        }
        return condition ? when : otherwise;
    }
}
