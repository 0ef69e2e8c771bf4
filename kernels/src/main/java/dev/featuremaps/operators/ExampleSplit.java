package dev.featuremaps.operators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the inputs and outputs of each operator divide among ranges of examples: for every tensor
 * of a call, an {@link Extent} that says how many of its elements a range of examples owns. The
 * ranges' elements of a tensor lie back to back in range order, so the extents' counts, scanned
 * over the ranges, are the offsets at which each range's views start.
 *
 * <p>This is the one place that knows the layouts. An operator plugs in with a case in {@link
 * #of}, built from the five extents (the switch does not compile without one); an operator whose
 * outputs are not example-major (a key-major one, say) has a case that yields {@code false}, and
 * runs on the calling thread.
 */
final class ExampleSplit {
    /** How many elements of one tensor a range of examples owns. */
    sealed interface Extent permits Rows, Runs, PresentCells, NestedRuns, Sum {
    }

    /**
     * {@code width} elements per example: a per-example tensor ({@code width} 1) or the rows of a
     * {@code [B, width]} matrix.
     */
    record Rows(long width) implements Extent {
    }

    /**
     * The runs of input {@code lengths} of the examples where input {@code presence} is true
     * ({@code presence} -1: every example); {@code lengths} -1: one element per present example.
     */
    record Runs(int lengths, int presence) implements Extent {
    }

    /** The true cells of the rows of the {@code [B, columns]} matrix input {@code presence}. */
    record PresentCells(int presence, long columns) implements Extent {
    }

    /**
     * Runs of runs: the sum of input {@code runLengths} over the entries the range owns of it,
     * which {@code entries} gives.
     */
    record NestedRuns(int runLengths, Runs entries) implements Extent {
    }

    /** Parts written one after the other per example: the sum of their counts. */
    record Sum(List<Extent> parts) implements Extent {
    }

    /** The distinct extents of a call; inputs and outputs point into it. */
    final List<Extent> extents = new ArrayList<>();
    final int[] inputExtent;
    final int[] outputExtent;
    private final Map<Extent, Integer> index = new HashMap<>();

    private ExampleSplit(int inputs, int outputs) {
        inputExtent = new int[inputs];
        outputExtent = new int[outputs];
        // Unset until a case says: 0 would silently be the first extent added.
        Arrays.fill(inputExtent, -1);
        Arrays.fill(outputExtent, -1);
    }

    /** The split, once every input and output has its extent: a case that forgets one fails here. */
    private ExampleSplit complete(OperatorType type) {
        for (int i = 0; i < inputExtent.length; i++) {
            if (inputExtent[i] < 0) {
                throw new IllegalStateException(type + ": no extent for input " + i);
            }
        }
        for (int o = 0; o < outputExtent.length; o++) {
            if (outputExtent[o] < 0) {
                throw new IllegalStateException(type + ": no extent for output " + o);
            }
        }
        return this;
    }

    /** The position of an extent, its parts first. */
    int add(Extent e) {
        Integer known = index.get(e);
        if (known != null) {
            return known;
        }
        if (e instanceof Sum s) {
            for (Extent part : s.parts()) {
                add(part);
            }
        } else if (e instanceof NestedRuns n) {
            add(n.entries());
        }
        extents.add(e);
        index.put(e, extents.size() - 1);
        return extents.size() - 1;
    }

    int position(Extent e) {
        return index.get(e);
    }

    private void input(int i, Extent e) {
        inputExtent[i] = add(e);
    }

    private void output(int o, Extent e) {
        outputExtent[o] = add(e);
    }

    private static final Rows ROW = new Rows(1);

    /**
     * The split of a planned call.
     *
     * @param type the operator
     * @param plan its plan: the input count and {@link Plan#groups}
     * @return the split, or {@code null} when the operator's outputs do not split by examples
     */
    static ExampleSplit of(OperatorType type, Plan plan) {
        int n = plan.groups;
        ExampleSplit s = new ExampleSplit(plan.inputs.length, plan.outputCount());
        // A switch expression, so that a new operator does not compile until it has a case here.
        boolean examples = switch (type) {
            case MERGE_SINGLE_SCALAR -> {
                List<Extent> entries = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    s.input(2 * i, ROW);
                    s.input(2 * i + 1, ROW);
                    entries.add(new Runs(-1, 2 * i + 1));
                }
                s.merged(ROW, new Sum(entries), new Sum(entries));
                yield true;
            }
            case MERGE_SINGLE_LIST, MERGE_SINGLE_MAP -> {
                int stride = type == OperatorType.MERGE_SINGLE_MAP ? 4 : 3;
                List<Extent> entries = new ArrayList<>();
                List<Extent> values = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int l = stride * i;
                    int p = l + stride - 1;
                    Runs runs = new Runs(l, p);
                    s.input(l, ROW);
                    for (int k = l + 1; k < p; k++) {
                        s.input(k, runs);
                    }
                    s.input(p, ROW);
                    entries.add(new Runs(-1, p));
                    values.add(runs);
                }
                Sum merged = new Sum(values);
                s.merged(ROW, new Sum(entries), new Sum(entries), stride == 4 ? merged : null, merged);
                yield true;
            }
            case MERGE_MULTI_SCALAR -> {
                List<Extent> entries = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    Runs runs = new Runs(3 * j, -1);
                    s.input(3 * j, ROW);
                    s.input(3 * j + 1, runs);
                    s.input(3 * j + 2, runs);
                    entries.add(runs);
                }
                s.merged(ROW, new Sum(entries), new Sum(entries));
                yield true;
            }
            case MERGE_MULTI_LIST, MERGE_MULTI_MAP -> {
                int stride = type == OperatorType.MERGE_MULTI_MAP ? 5 : 4;
                List<Extent> entries = new ArrayList<>();
                List<Extent> values = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    int l = stride * j;
                    Runs features = new Runs(l, -1);
                    NestedRuns runs = new NestedRuns(l + 2, features);
                    s.input(l, ROW);
                    s.input(l + 1, features);
                    s.input(l + 2, features);
                    for (int k = l + 3; k < l + stride; k++) {
                        s.input(k, runs);
                    }
                    entries.add(features);
                    values.add(runs);
                }
                Sum merged = new Sum(values);
                s.merged(ROW, new Sum(entries), new Sum(entries), stride == 5 ? merged : null, merged);
                yield true;
            }
            case MERGE_DENSE -> {
                Rows row = new Rows(n);
                PresentCells cells = new PresentCells(1, n);
                s.input(0, row);
                s.input(1, row);
                s.merged(ROW, cells, cells);
                yield true;
            }
            case MERGE_SINGLE_SCALAR_GRADIENT -> {
                List<Extent> entries = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    s.input(i, ROW);
                    s.output(i, ROW);
                    entries.add(new Runs(-1, i));
                }
                s.input(n, new Sum(entries));
                yield true;
            }
            case MERGE_SINGLE_LIST_GRADIENT, MERGE_SINGLE_MAP_GRADIENT -> {
                List<Extent> values = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Runs runs = new Runs(2 * i, 2 * i + 1);
                    s.input(2 * i, ROW);
                    s.input(2 * i + 1, ROW);
                    s.output(i, runs);
                    values.add(runs);
                }
                s.input(2 * n, new Sum(values));
                yield true;
            }
            case MERGE_MULTI_SCALAR_GRADIENT -> {
                List<Extent> values = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    Runs runs = new Runs(j, -1);
                    s.input(j, ROW);
                    s.output(j, runs);
                    values.add(runs);
                }
                s.input(n, new Sum(values));
                yield true;
            }
            case MERGE_MULTI_LIST_GRADIENT, MERGE_MULTI_MAP_GRADIENT -> {
                List<Extent> values = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    Runs features = new Runs(2 * j, -1);
                    NestedRuns runs = new NestedRuns(2 * j + 1, features);
                    s.input(2 * j, ROW);
                    s.input(2 * j + 1, features);
                    s.output(j, runs);
                    values.add(runs);
                }
                s.input(2 * n, new Sum(values));
                yield true;
            }
            // Key-major outputs (and a key-major gradient input) are ordered by key first: a
            // range of examples owns pieces of them scattered over every key.
            case MULTI_SCALAR_TO_KEY_MAJOR, MULTI_LIST_TO_KEY_MAJOR, MULTI_MAP_TO_KEY_MAJOR,
                 MULTI_SCALAR_TO_KEY_MAJOR_GRADIENT, MULTI_LIST_TO_KEY_MAJOR_GRADIENT,
                 MULTI_MAP_TO_KEY_MAJOR_GRADIENT -> false;
            case JAGGED_TO_PADDED_DENSE -> {
                s.input(0, ROW);
                s.input(1, new Runs(0, -1));
                s.output(0, new Rows(plan.maxLength));
                yield true;
            }
            case PADDED_DENSE_TO_JAGGED -> {
                s.input(0, new Rows(plan.inputs[0].dim(1)));
                s.input(1, ROW);
                s.output(0, new Runs(1, -1));
                yield true;
            }
            case JAGGED_TO_PADDED_DENSE_GRADIENT -> {
                s.input(0, ROW);
                s.input(1, new Rows(plan.inputs[1].dim(1)));
                s.output(0, new Runs(0, -1));
                yield true;
            }
        };
        return examples ? s.complete(type) : null;
    }

    /** The outputs of a merge in order; a {@code null} extent stands for an output it lacks. */
    private void merged(Extent... extents) {
        int o = 0;
        for (Extent e : extents) {
            if (e != null) {
                output(o++, e);
            }
        }
    }
}
