package dev.featuremaps.testkit.model;

import static dev.featuremaps.tensors.DType.INT32;
import static dev.featuremaps.tensors.DType.INT64;

import dev.featuremaps.tensors.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * SEMANTICS.md as plain Java: one method per operator computation, example-major loops over
 * heap columns, written for reading, not speed. Inputs are assumed valid; the operators under
 * test must produce exactly what these methods produce.
 */
public final class Model {
    private Model() {
    }

    // ---------------------------------------------------------------- representations

    /**
     * Single scalar feature: {@code values} T[B], {@code presence} bool[B].
     *
     * @param values the values
     * @param presence the presence
     */
    public record SingleScalar(Column values, Column presence) {
        /** @return the tensors in Caffe2's input order */
        public List<Column> columns() {
            return List.of(values, presence);
        }
    }

    /**
     * Single list feature: {@code lengths} int32[B], {@code values} T[*], {@code presence}
     * bool[B]; values hold the runs of the present examples only.
     *
     * @param lengths run length per example (ignored where absent)
     * @param values the present runs, back to back
     * @param presence the presence
     */
    public record SingleList(Column lengths, Column values, Column presence) {
        /** @return the tensors in Caffe2's input order */
        public List<Column> columns() {
            return List.of(lengths, values, presence);
        }
    }

    /**
     * Single map feature: {@code lengths} int32[B], {@code keys} K[*], {@code values} V[*],
     * {@code presence} bool[B].
     *
     * @param lengths run length per example (ignored where absent)
     * @param keys the present key runs
     * @param values the present value runs
     * @param presence the presence
     */
    public record SingleMap(Column lengths, Column keys, Column values, Column presence) {
        /** @return the tensors in Caffe2's input order */
        public List<Column> columns() {
            return List.of(lengths, keys, values, presence);
        }
    }

    /**
     * Multi scalar features: {@code lengths} int32[B], {@code keys} int64[F], {@code values} T[F].
     *
     * @param lengths features per example
     * @param keys feature ids
     * @param values one value per feature
     */
    public record MultiScalar(Column lengths, Column keys, Column values) {
        /** @return the tensors in Caffe2's order */
        public List<Column> columns() {
            return List.of(lengths, keys, values);
        }
    }

    /**
     * Multi list features: {@code lengths} int32[B], {@code keys} int64[F], {@code values.lengths}
     * int32[F], {@code values.values} T[V].
     *
     * @param lengths features per example
     * @param keys feature ids
     * @param valuesLengths run length per feature
     * @param valuesValues the runs, back to back
     */
    public record MultiList(Column lengths, Column keys, Column valuesLengths, Column valuesValues) {
        /** @return the tensors in Caffe2's order */
        public List<Column> columns() {
            return List.of(lengths, keys, valuesLengths, valuesValues);
        }
    }

    /**
     * Multi map features: as {@link MultiList} with {@code values.keys} K[V] before the values.
     *
     * @param lengths features per example
     * @param keys feature ids
     * @param valuesLengths run length per feature
     * @param valuesKeys the key runs
     * @param valuesValues the value runs
     */
    public record MultiMap(Column lengths, Column keys, Column valuesLengths, Column valuesKeys,
                           Column valuesValues) {
        /** @return the tensors in Caffe2's order */
        public List<Column> columns() {
            return List.of(lengths, keys, valuesLengths, valuesKeys, valuesValues);
        }
    }

    /**
     * Dense features: {@code dense} T[B, N] and {@code presence} bool[B, N], row-major.
     *
     * @param dense the values, row-major
     * @param presence the presence, row-major
     * @param columns N
     */
    public record Dense(Column dense, Column presence, int columns) {
        /** @return B */
        public int rows() {
            return columns == 0 ? 0 : dense.size() / columns;
        }
    }

    // ---------------------------------------------------------------- forward operators

    /**
     * MergeSingleScalarFeatureTensors: for each example e, for each input i in order, if
     * presence_i[e]: append key feature_ids[i] and value values_i[e]; lengths[e] counts the
     * appended entries.
     *
     * @param features the features, at least one
     * @param featureIds one id per feature
     * @return lengths, keys, values
     */
    public static MultiScalar mergeSingleScalar(List<SingleScalar> features, long[] featureIds) {
        int batch = features.get(0).presence().size();
        DType type = features.get(0).values().dtype();
        List<Object> lengths = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (int e = 0; e < batch; e++) {
            int appended = 0;
            for (int i = 0; i < features.size(); i++) {
                SingleScalar f = features.get(i);
                if (f.presence().boolAt(e)) {
                    keys.add(featureIds[i]);
                    values.add(f.values().get(e));
                    appended++;
                }
            }
            lengths.add(appended);
        }
        return new MultiScalar(new Column(INT32, lengths), new Column(INT64, keys), new Column(type, values));
    }

    /**
     * MergeSingleListFeatureTensors: for each e, each i in order, if present: append key
     * feature_ids[i], values.lengths entry lengths_i[e], and input i's next run of lengths_i[e]
     * values.
     *
     * @param features the features, at least one
     * @param featureIds one id per feature
     * @return lengths, keys, values.lengths, values.values
     */
    public static MultiList mergeSingleList(List<SingleList> features, long[] featureIds) {
        int batch = features.get(0).presence().size();
        List<Object> lengths = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        List<Object> valuesLengths = new ArrayList<>();
        List<Object> valuesValues = new ArrayList<>();
        int[] next = new int[features.size()];
        for (int e = 0; e < batch; e++) {
            int appended = 0;
            for (int i = 0; i < features.size(); i++) {
                SingleList f = features.get(i);
                if (f.presence().boolAt(e)) {
                    int run = f.lengths().intAt(e);
                    keys.add(featureIds[i]);
                    valuesLengths.add(run);
                    for (int t = 0; t < run; t++) {
                        valuesValues.add(f.values().get(next[i]++));
                    }
                    appended++;
                }
            }
            lengths.add(appended);
        }
        return new MultiList(new Column(INT32, lengths), new Column(INT64, keys),
                new Column(INT32, valuesLengths), new Column(features.get(0).values().dtype(), valuesValues));
    }

    /**
     * MergeSingleMapFeatureTensors: as the list merge, copying the key run and the value run.
     *
     * @param features the features, at least one
     * @param featureIds one id per feature
     * @return lengths, keys, values.lengths, values.keys, values.values
     */
    public static MultiMap mergeSingleMap(List<SingleMap> features, long[] featureIds) {
        int batch = features.get(0).presence().size();
        List<Object> lengths = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        List<Object> valuesLengths = new ArrayList<>();
        List<Object> valuesKeys = new ArrayList<>();
        List<Object> valuesValues = new ArrayList<>();
        int[] next = new int[features.size()];
        for (int e = 0; e < batch; e++) {
            int appended = 0;
            for (int i = 0; i < features.size(); i++) {
                SingleMap f = features.get(i);
                if (f.presence().boolAt(e)) {
                    int run = f.lengths().intAt(e);
                    keys.add(featureIds[i]);
                    valuesLengths.add(run);
                    for (int t = 0; t < run; t++) {
                        valuesKeys.add(f.keys().get(next[i]));
                        valuesValues.add(f.values().get(next[i]));
                        next[i]++;
                    }
                    appended++;
                }
            }
            lengths.add(appended);
        }
        SingleMap first = features.get(0);
        return new MultiMap(new Column(INT32, lengths), new Column(INT64, keys),
                new Column(INT32, valuesLengths), new Column(first.keys().dtype(), valuesKeys),
                new Column(first.values().dtype(), valuesValues));
    }

    /**
     * MergeMultiScalarFeatureTensors: for each e, each input j in order: append input j's next
     * lengths_j[e] (key, value) pairs; output lengths[e] is the sum over j.
     *
     * @param inputs the multi-feature tensors, at least one
     * @return lengths, keys, values
     */
    public static MultiScalar mergeMultiScalar(List<MultiScalar> inputs) {
        int batch = inputs.get(0).lengths().size();
        List<Object> lengths = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        int[] next = new int[inputs.size()];
        for (int e = 0; e < batch; e++) {
            int appended = 0;
            for (int j = 0; j < inputs.size(); j++) {
                MultiScalar in = inputs.get(j);
                for (int t = 0; t < in.lengths().intAt(e); t++) {
                    keys.add(in.keys().get(next[j]));
                    values.add(in.values().get(next[j]));
                    next[j]++;
                    appended++;
                }
            }
            lengths.add(appended);
        }
        return new MultiScalar(new Column(INT32, lengths), new Column(INT64, keys),
                new Column(inputs.get(0).values().dtype(), values));
    }

    /**
     * MergeMultiListFeatureTensors: per e and j, append j's next lengths_j[e] features with their
     * values.lengths entries and value runs.
     *
     * @param inputs the multi-feature tensors, at least one
     * @return lengths, keys, values.lengths, values.values
     */
    public static MultiList mergeMultiList(List<MultiList> inputs) {
        int batch = inputs.get(0).lengths().size();
        List<Object> lengths = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        List<Object> valuesLengths = new ArrayList<>();
        List<Object> valuesValues = new ArrayList<>();
        int[] nextFeature = new int[inputs.size()];
        int[] nextValue = new int[inputs.size()];
        for (int e = 0; e < batch; e++) {
            int appended = 0;
            for (int j = 0; j < inputs.size(); j++) {
                MultiList in = inputs.get(j);
                for (int t = 0; t < in.lengths().intAt(e); t++) {
                    int f = nextFeature[j]++;
                    int run = in.valuesLengths().intAt(f);
                    keys.add(in.keys().get(f));
                    valuesLengths.add(run);
                    for (int u = 0; u < run; u++) {
                        valuesValues.add(in.valuesValues().get(nextValue[j]++));
                    }
                    appended++;
                }
            }
            lengths.add(appended);
        }
        return new MultiList(new Column(INT32, lengths), new Column(INT64, keys),
                new Column(INT32, valuesLengths), new Column(inputs.get(0).valuesValues().dtype(), valuesValues));
    }

    /**
     * MergeMultiMapFeatureTensors: per e and j, append j's next lengths_j[e] features with their
     * values.lengths entries, key runs and value runs.
     *
     * @param inputs the multi-feature tensors, at least one
     * @return lengths, keys, values.lengths, values.keys, values.values
     */
    public static MultiMap mergeMultiMap(List<MultiMap> inputs) {
        int batch = inputs.get(0).lengths().size();
        List<Object> lengths = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        List<Object> valuesLengths = new ArrayList<>();
        List<Object> valuesKeys = new ArrayList<>();
        List<Object> valuesValues = new ArrayList<>();
        int[] nextFeature = new int[inputs.size()];
        int[] nextValue = new int[inputs.size()];
        for (int e = 0; e < batch; e++) {
            int appended = 0;
            for (int j = 0; j < inputs.size(); j++) {
                MultiMap in = inputs.get(j);
                for (int t = 0; t < in.lengths().intAt(e); t++) {
                    int f = nextFeature[j]++;
                    int run = in.valuesLengths().intAt(f);
                    keys.add(in.keys().get(f));
                    valuesLengths.add(run);
                    for (int u = 0; u < run; u++) {
                        valuesKeys.add(in.valuesKeys().get(nextValue[j]));
                        valuesValues.add(in.valuesValues().get(nextValue[j]));
                        nextValue[j]++;
                    }
                    appended++;
                }
            }
            lengths.add(appended);
        }
        MultiMap first = inputs.get(0);
        return new MultiMap(new Column(INT32, lengths), new Column(INT64, keys),
                new Column(INT32, valuesLengths), new Column(first.valuesKeys().dtype(), valuesKeys),
                new Column(first.valuesValues().dtype(), valuesValues));
    }

    /**
     * MergeDenseFeatureTensors: for each e, each column n in order, if presence[e, n]: append
     * feature_ids[n] and dense[e, n].
     *
     * @param dense the matrix and its presence
     * @param featureIds one id per column
     * @return lengths, keys, values
     */
    public static MultiScalar mergeDense(Dense dense, long[] featureIds) {
        int columns = dense.columns();
        List<Object> lengths = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (int e = 0; e < dense.rows(); e++) {
            int appended = 0;
            for (int n = 0; n < columns; n++) {
                if (dense.presence().boolAt(e * columns + n)) {
                    keys.add(featureIds[n]);
                    values.add(dense.dense().get(e * columns + n));
                    appended++;
                }
            }
            lengths.add(appended);
        }
        return new MultiScalar(new Column(INT32, lengths), new Column(INT64, keys),
                new Column(dense.dense().dtype(), values));
    }

    // ---------------------------------------------------------------- gradient operators

    /**
     * MergeSingleScalarFeatureTensorsGradient: for each e, each i in order: if present, grad_i[e]
     * = next values_grad element, else the type's default.
     *
     * @param presence presence_1..presence_N
     * @param valuesGrad the gradient of the merged values
     * @return grad_i T[B] per feature
     */
    public static List<Column> mergeSingleScalarGradient(List<Column> presence, Column valuesGrad) {
        int batch = presence.get(0).size();
        List<List<Object>> grads = emptyLists(presence.size());
        int next = 0;
        for (int e = 0; e < batch; e++) {
            for (int i = 0; i < presence.size(); i++) {
                if (presence.get(i).boolAt(e)) {
                    grads.get(i).add(valuesGrad.get(next++));
                } else {
                    grads.get(i).add(Column.defaultValue(valuesGrad.dtype()));
                }
            }
        }
        return columns(valuesGrad.dtype(), grads);
    }

    /**
     * MergeSingleListFeatureTensorsGradient and MergeSingleMapFeatureTensorsGradient: for each
     * e, each i: if present, move the next lengths_i[e] gradient elements into grad_i.
     *
     * @param lengths lengths_i per feature
     * @param presence presence_i per feature
     * @param valuesGrad the gradient of the merged values.values
     * @return values_grad_i per feature
     */
    public static List<Column> mergeSingleRunsGradient(List<Column> lengths, List<Column> presence,
                                                       Column valuesGrad) {
        int batch = lengths.get(0).size();
        List<List<Object>> grads = emptyLists(lengths.size());
        int next = 0;
        for (int e = 0; e < batch; e++) {
            for (int i = 0; i < lengths.size(); i++) {
                if (presence.get(i).boolAt(e)) {
                    for (int t = 0; t < lengths.get(i).intAt(e); t++) {
                        grads.get(i).add(valuesGrad.get(next++));
                    }
                }
            }
        }
        return columns(valuesGrad.dtype(), grads);
    }

    /**
     * MergeMultiScalarFeatureTensorsGradient: for each e, each j: move the next lengths_j[e]
     * elements into values_grad_j.
     *
     * @param lengths lengths_j per input
     * @param valuesGrad the gradient of the merged values
     * @return values_grad_j per input
     */
    public static List<Column> mergeMultiScalarGradient(List<Column> lengths, Column valuesGrad) {
        int batch = lengths.get(0).size();
        List<List<Object>> grads = emptyLists(lengths.size());
        int next = 0;
        for (int e = 0; e < batch; e++) {
            for (int j = 0; j < lengths.size(); j++) {
                for (int t = 0; t < lengths.get(j).intAt(e); t++) {
                    grads.get(j).add(valuesGrad.get(next++));
                }
            }
        }
        return columns(valuesGrad.dtype(), grads);
    }

    /**
     * MergeMultiListFeatureTensorsGradient and MergeMultiMapFeatureTensorsGradient: for each e,
     * each j: the run covering j's next lengths_j[e] features (the sum of their values.lengths)
     * moves into values.values_grad_j.
     *
     * @param lengths lengths_j per input
     * @param valuesLengths values.lengths_j per input
     * @param valuesGrad the gradient of the merged values.values
     * @return values.values_grad_j per input
     */
    public static List<Column> mergeMultiRunsGradient(List<Column> lengths, List<Column> valuesLengths,
                                                      Column valuesGrad) {
        int batch = lengths.get(0).size();
        List<List<Object>> grads = emptyLists(lengths.size());
        int[] nextFeature = new int[lengths.size()];
        int next = 0;
        for (int e = 0; e < batch; e++) {
            for (int j = 0; j < lengths.size(); j++) {
                int run = 0;
                for (int t = 0; t < lengths.get(j).intAt(e); t++) {
                    run += valuesLengths.get(j).intAt(nextFeature[j]++);
                }
                for (int u = 0; u < run; u++) {
                    grads.get(j).add(valuesGrad.get(next++));
                }
            }
        }
        return columns(valuesGrad.dtype(), grads);
    }

    // ---------------------------------------------------------------- key-major and padded dense

    /**
     * A key-major batch.
     *
     * @param lengths int32[K·B]
     * @param values the runs (a map's keys)
     * @param weights a map's value runs, or {@code null}
     */
    public record KeyMajor(Column lengths, Column values, Column weights) {
        /** @return the outputs in operator order */
        public List<Column> columns() {
            return weights == null ? List.of(lengths, values) : List.of(lengths, values, weights);
        }
    }

    /** For each key k, each example e, each entry of e in order whose id is keys[k]: visits it. */
    private interface EntryVisitor {
        void visit(int k, int e, int entry);
    }

    private static void keyMajorOrder(Column lengths, Column ids, long[] keys, EntryVisitor v) {
        int batch = lengths.size();
        int[] first = new int[batch + 1];
        for (int e = 0; e < batch; e++) {
            first[e + 1] = first[e] + lengths.intAt(e);
        }
        for (int k = 0; k < keys.length; k++) {
            for (int e = 0; e < batch; e++) {
                for (int f = first[e]; f < first[e + 1]; f++) {
                    if ((Long) ids.get(f) == keys[k]) {
                        v.visit(k, e, f);
                    }
                }
            }
        }
    }

    private static int[] runStarts(Column runLengths) {
        int[] starts = new int[runLengths.size() + 1];
        for (int f = 0; f < runLengths.size(); f++) {
            starts[f + 1] = starts[f] + runLengths.intAt(f);
        }
        return starts;
    }

    /**
     * {@code MultiScalarFeatureTensorsToKeyMajor}.
     *
     * @param in an example-major batch
     * @param keys the ids to keep, in output order
     * @return lengths int32[K·B] and values
     */
    public static KeyMajor multiScalarToKeyMajor(MultiScalar in, long[] keys) {
        int batch = in.lengths().size();
        int[] counts = new int[keys.length * batch];
        List<Object> values = new ArrayList<>();
        keyMajorOrder(in.lengths(), in.keys(), keys, (k, e, f) -> {
            counts[k * batch + e]++;
            values.add(in.values().get(f));
        });
        return new KeyMajor(Column.ints(counts), new Column(in.values().dtype(), values), null);
    }

    /**
     * {@code MultiListFeatureTensorsToKeyMajor}.
     *
     * @param in an example-major batch
     * @param keys the ids to keep, in output order
     * @return lengths int32[K·B] (summed run lengths) and the runs
     */
    public static KeyMajor multiListToKeyMajor(MultiList in, long[] keys) {
        KeyMajor km = runsToKeyMajor(in.lengths(), in.keys(), in.valuesLengths(), in.valuesValues(), null, keys);
        return new KeyMajor(km.lengths(), km.values(), null);
    }

    /**
     * {@code MultiMapFeatureTensorsToKeyMajor}.
     *
     * @param in an example-major batch
     * @param keys the ids to keep, in output order
     * @return lengths int32[K·B], the runs of values.keys and, as weights, those of values.values
     */
    public static KeyMajor multiMapToKeyMajor(MultiMap in, long[] keys) {
        return runsToKeyMajor(in.lengths(), in.keys(), in.valuesLengths(), in.valuesKeys(), in.valuesValues(), keys);
    }

    private static KeyMajor runsToKeyMajor(Column lengths, Column ids, Column runLengths, Column first,
                                           Column second, long[] keys) {
        int batch = lengths.size();
        int[] starts = runStarts(runLengths);
        int[] counts = new int[keys.length * batch];
        List<Object> a = new ArrayList<>();
        List<Object> b = new ArrayList<>();
        keyMajorOrder(lengths, ids, keys, (k, e, f) -> {
            counts[k * batch + e] += runLengths.intAt(f);
            for (int t = starts[f]; t < starts[f + 1]; t++) {
                a.add(first.get(t));
                if (second != null) {
                    b.add(second.get(t));
                }
            }
        });
        return new KeyMajor(Column.ints(counts), new Column(first.dtype(), a),
                second == null ? null : new Column(second.dtype(), b));
    }

    /**
     * {@code Multi{Scalar,List,Map}FeatureTensorsToKeyMajorGradient}.
     *
     * @param lengths the forward's lengths
     * @param ids the forward's keys input (feature id per entry)
     * @param runLengths the forward's values.lengths, or {@code null} for scalar features
     * @param keys the forward's keys argument
     * @param grad the gradient of the key-major values (weights for maps)
     * @return the gradient of the example-major values, the default where an entry was dropped
     */
    public static Column toKeyMajorGradient(Column lengths, Column ids, Column runLengths, long[] keys, Column grad) {
        int[] ones = new int[ids.size()];
        for (int f = 0; f < ones.length; f++) {
            ones[f] = 1;
        }
        Column runs = runLengths != null ? runLengths : Column.ints(ones);
        int[] starts = runStarts(runs);
        List<Object> out = new ArrayList<>();
        for (int t = 0; t < starts[ids.size()]; t++) {
            out.add(Column.defaultValue(grad.dtype()));
        }
        int[] next = {0};
        keyMajorOrder(lengths, ids, keys, (k, e, f) -> {
            for (int t = starts[f]; t < starts[f + 1]; t++) {
                out.set(t, grad.get(next[0]++));
            }
        });
        return new Column(grad.dtype(), out);
    }

    /**
     * The element {@code padding_value} stands for in a tensor of {@code type}.
     *
     * @param type the element type
     * @param paddingValue the argument
     * @return the element
     */
    public static Object paddingElement(DType type, double paddingValue) {
        return switch (type) {
            case BOOL -> paddingValue == 1;
            case INT32 -> (int) paddingValue;
            case INT64 -> (long) paddingValue;
            case FLOAT -> (float) paddingValue;
            case DOUBLE -> paddingValue;
            case STRING -> "";
        };
    }

    /**
     * {@code JaggedToPaddedDense}.
     *
     * @param lengths int32[B]
     * @param values the runs
     * @param maxLength cells per row
     * @param padding the padding element
     * @return the matrix, row-major
     */
    public static Column jaggedToPaddedDense(Column lengths, Column values, int maxLength, Object padding) {
        List<Object> out = new ArrayList<>();
        int from = 0;
        for (int e = 0; e < lengths.size(); e++) {
            int len = lengths.intAt(e);
            for (int c = 0; c < maxLength; c++) {
                out.add(c < len ? values.get(from + c) : padding);
            }
            from += len;
        }
        return new Column(values.dtype(), out);
    }

    /**
     * {@code PaddedDenseToJagged} (lengths at most the columns) and {@code
     * JaggedToPaddedDenseGradient} (the default for cells a row cut off).
     *
     * @param dense the matrix, row-major
     * @param columns its columns
     * @param lengths int32[rows]
     * @return the runs
     */
    public static Column paddedDenseToJagged(Column dense, int columns, Column lengths) {
        List<Object> out = new ArrayList<>();
        for (int e = 0; e < lengths.size(); e++) {
            for (int c = 0; c < lengths.intAt(e); c++) {
                out.add(c < columns ? dense.get(e * columns + c) : Column.defaultValue(dense.dtype()));
            }
        }
        return new Column(dense.dtype(), out);
    }

    private static List<List<Object>> emptyLists(int n) {
        List<List<Object>> lists = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    private static List<Column> columns(DType type, List<List<Object>> lists) {
        List<Column> out = new ArrayList<>();
        for (List<Object> l : lists) {
            out.add(new Column(type, l));
        }
        return out;
    }
}
