package dev.featuremaps.arrow;

import dev.featuremaps.features.MultiListFeatures;
import dev.featuremaps.features.MultiMapFeatures;
import dev.featuremaps.features.MultiScalarFeatures;
import dev.featuremaps.features.SingleListFeature;
import dev.featuremaps.features.SingleMapFeature;
import dev.featuremaps.features.SingleScalarFeature;
import dev.featuremaps.operators.FeatureTensorException;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;

/**
 * Arrow vectors as featuremaps features, sharing their values and keys.
 *
 * <p>What is shared: fixed-width values and keys (int32, int64, float, double) and the UTF-8 bytes
 * of strings are views of the Arrow buffers, no copy. What is converted, by the library's
 * kernels, into memory of the view: offsets into lengths (an adjacent difference), validity bits
 * into presence bytes, bool bits into bytes, and string offsets into the int64 offsets tensors
 * use. A null entry of a single feature is an absent example and must be empty; null entries of
 * a multi-feature map have no features; null keys, values or map entries are rejected.
 *
 * <p>Every buffer is checked before it is read: a validity, offsets or data buffer shorter than
 * the vector's length needs, offsets that decrease or point past their child, nulls where the
 * operators have none. A failed check throws {@link FeatureTensorException} naming the column (the
 * vector's name, then {@code .values}, {@code .keys} for its children) and the numbers, and
 * nothing is left open.
 *
 * <p>Each method returns an {@link ArrowView}: close it when the features are no longer used; it
 * holds a reference on the shared buffers, so closing the vectors first is safe.
 */
public final class ArrowFeatures {
    private ArrowFeatures() {
    }

    /**
     * A nullable primitive or utf8 vector as a single scalar feature: values, and the validity as
     * presence. Null slots' values are the operators' to ignore.
     *
     * @param vector an {@code int}, {@code bigint}, {@code float4}, {@code float8}, {@code bit} or
     *     {@code varchar} vector
     * @return the feature's view
     * @throws FeatureTensorException if the vector is malformed or of another type
     */
    public static ArrowView<SingleScalarFeature> singleScalar(FieldVector vector) {
        return open(im -> singleScalar(im, vector));
    }

    /**
     * Columns as {@link #singleScalar(FieldVector)}, all in one view: one arena and one set of buffer
     * references for the batch, which keeps a request of many features cheap to import.
     *
     * @param vectors the columns
     * @return the features' view, one per column in their order
     * @throws FeatureTensorException if a column is malformed or of another type; nothing is left
     *     open
     */
    public static ArrowView<List<SingleScalarFeature>> singleScalars(List<? extends FieldVector> vectors) {
        return open(im -> each(im, vectors, ArrowFeatures::singleScalar));
    }

    private static SingleScalarFeature singleScalar(Importer im, FieldVector vector) {
        String c = vector.getName();
        long n = vector.getValueCount();
        MemorySegment presence = im.presence(vector, c, n);
        Tensor values = im.elements(vector, c, 0, n, true);
        return new SingleScalarFeature(values, Tensor.wrap(DType.BOOL, presence, n));
    }

    /**
     * A {@code list<T>} vector as a single list feature: null lists are absent examples.
     *
     * @param vector the list vector
     * @return the feature's view
     * @throws FeatureTensorException if the vector is malformed or of another type
     */
    public static ArrowView<SingleListFeature> singleList(FieldVector vector) {
        return open(im -> singleList(im, vector));
    }

    /**
     * Columns as {@link #singleList(FieldVector)}, all in one view: one arena and one set of buffer
     * references for the batch, which keeps a request of many features cheap to import.
     *
     * @param vectors the columns
     * @return the features' view, one per column in their order
     * @throws FeatureTensorException if a column is malformed or of another type; nothing is left
     *     open
     */
    public static ArrowView<List<SingleListFeature>> singleLists(List<? extends FieldVector> vectors) {
        return open(im -> each(im, vectors, ArrowFeatures::singleList));
    }

    private static SingleListFeature singleList(Importer im, FieldVector vector) {
        String c = vector.getName();
        ListVector list = Importer.asList(vector, c, "list<T>");
        long n = list.getValueCount();
        MemorySegment presence = im.presence(list, c, n);
        Importer.Runs runs = im.runs(list.getOffsetBuffer(), c, 0, n, Importer.childCount(list), c + ".values");
        im.requireEmptyNulls(c, runs, presence, n);
        Tensor values = im.elements(list.getDataVector(), c + ".values", runs.first(), runs.total(), false);
        return new SingleListFeature(im.lengthsTensor(runs, n), values, Tensor.wrap(DType.BOOL, presence, n));
    }

    /**
     * A {@code map<K,V>} vector as a single map feature: null maps are absent examples.
     *
     * @param vector the map vector
     * @return the feature's view
     * @throws FeatureTensorException if the vector is malformed or of another type
     */
    public static ArrowView<SingleMapFeature> singleMap(FieldVector vector) {
        return open(im -> singleMap(im, vector));
    }

    /**
     * Columns as {@link #singleMap(FieldVector)}, all in one view: one arena and one set of buffer
     * references for the batch, which keeps a request of many features cheap to import.
     *
     * @param vectors the columns
     * @return the features' view, one per column in their order
     * @throws FeatureTensorException if a column is malformed or of another type; nothing is left
     *     open
     */
    public static ArrowView<List<SingleMapFeature>> singleMaps(List<? extends FieldVector> vectors) {
        return open(im -> each(im, vectors, ArrowFeatures::singleMap));
    }

    private static SingleMapFeature singleMap(Importer im, FieldVector vector) {
        String c = vector.getName();
        MapVector map = Importer.asMap(vector, c, "map<K,V>");
        long n = map.getValueCount();
        MemorySegment presence = im.presence(map, c, n);
        Importer.Runs runs = im.runs(map.getOffsetBuffer(), c, 0, n, Importer.childCount(map), c + ".entries");
        im.requireEmptyNulls(c, runs, presence, n);
        FieldVector[] kv = Importer.entries(map, c, runs.first(), runs.total());
        Tensor keys = im.elements(kv[0], c + ".keys", runs.first(), runs.total(), false);
        Tensor values = im.elements(kv[1], c + ".values", runs.first(), runs.total(), false);
        return new SingleMapFeature(im.lengthsTensor(runs, n), keys, values, Tensor.wrap(DType.BOOL, presence, n));
    }

    /**
     * A {@code map<int64,T>} vector as multi scalar features: per example, feature id to value.
     *
     * @param vector the map vector
     * @return the features' view
     * @throws FeatureTensorException if the vector is malformed or of another type
     */
    public static ArrowView<MultiScalarFeatures> multiScalar(FieldVector vector) {
        return open(im -> multiScalar(im, vector));
    }

    /**
     * Columns as {@link #multiScalar(FieldVector)}, all in one view: one arena and one set of buffer
     * references for the batch, which keeps a request of many features cheap to import.
     *
     * @param vectors the columns
     * @return the features' view, one per column in their order
     * @throws FeatureTensorException if a column is malformed or of another type; nothing is left
     *     open
     */
    public static ArrowView<List<MultiScalarFeatures>> multiScalars(List<? extends FieldVector> vectors) {
        return open(im -> each(im, vectors, ArrowFeatures::multiScalar));
    }

    private static MultiScalarFeatures multiScalar(Importer im, FieldVector vector) {
        Outer o = outer(im, vector, "map<int64,T>");
        Tensor values = im.elements(o.values, o.column + ".values", o.runs.first(), o.runs.total(), false);
        return new MultiScalarFeatures(o.lengths, o.keys, values);
    }

    /**
     * A {@code map<int64,list<T>>} vector as multi list features.
     *
     * @param vector the map vector
     * @return the features' view
     * @throws FeatureTensorException if the vector is malformed or of another type
     */
    public static ArrowView<MultiListFeatures> multiList(FieldVector vector) {
        return open(im -> multiList(im, vector));
    }

    /**
     * Columns as {@link #multiList(FieldVector)}, all in one view: one arena and one set of buffer
     * references for the batch, which keeps a request of many features cheap to import.
     *
     * @param vectors the columns
     * @return the features' view, one per column in their order
     * @throws FeatureTensorException if a column is malformed or of another type; nothing is left
     *     open
     */
    public static ArrowView<List<MultiListFeatures>> multiLists(List<? extends FieldVector> vectors) {
        return open(im -> each(im, vectors, ArrowFeatures::multiList));
    }

    private static MultiListFeatures multiList(Importer im, FieldVector vector) {
        Outer o = outer(im, vector, "map<int64,list<T>>");
        String c = o.column + ".values";
        ListVector inner = Importer.asList(o.values, c, "list<T>");
        Importer.Runs runs = inner(im, inner, c, o.runs);
        Tensor values = im.elements(inner.getDataVector(), c + ".values", runs.first(), runs.total(), false);
        return new MultiListFeatures(o.lengths, o.keys, im.lengthsTensor(runs, o.runs.total()), values);
    }

    /**
     * A {@code map<int64,map<K,V>>} vector as multi map features.
     *
     * @param vector the map vector
     * @return the features' view
     * @throws FeatureTensorException if the vector is malformed or of another type
     */
    public static ArrowView<MultiMapFeatures> multiMap(FieldVector vector) {
        return open(im -> multiMap(im, vector));
    }

    /**
     * Columns as {@link #multiMap(FieldVector)}, all in one view: one arena and one set of buffer
     * references for the batch, which keeps a request of many features cheap to import.
     *
     * @param vectors the columns
     * @return the features' view, one per column in their order
     * @throws FeatureTensorException if a column is malformed or of another type; nothing is left
     *     open
     */
    public static ArrowView<List<MultiMapFeatures>> multiMaps(List<? extends FieldVector> vectors) {
        return open(im -> each(im, vectors, ArrowFeatures::multiMap));
    }

    private static MultiMapFeatures multiMap(Importer im, FieldVector vector) {
        Outer o = outer(im, vector, "map<int64,map<K,V>>");
        String c = o.column + ".values";
        MapVector inner = Importer.asMap(o.values, c, "map<K,V>");
        Importer.Runs runs = inner(im, inner, c, o.runs);
        FieldVector[] kv = Importer.entries(inner, c, runs.first(), runs.total());
        Tensor keys = im.elements(kv[0], c + ".keys", runs.first(), runs.total(), false);
        Tensor values = im.elements(kv[1], c + ".values", runs.first(), runs.total(), false);
        return new MultiMapFeatures(o.lengths, o.keys, im.lengthsTensor(runs, o.runs.total()), keys, values);
    }

    /** The outer map of a multi-feature column: lengths, feature ids, and the value vector. */
    private record Outer(String column, Importer.Runs runs, Tensor lengths, Tensor keys, FieldVector values) {
    }

    private static Outer outer(Importer im, FieldVector vector, String type) {
        String c = vector.getName();
        MapVector map = Importer.asMap(vector, c, type);
        long n = map.getValueCount();
        Importer.Runs runs = im.runs(map.getOffsetBuffer(), c, 0, n, Importer.childCount(map), c + ".entries");
        // No presence in the multi layouts: a null map is no features, so it must hold none.
        im.requireEmptyNulls(map, c, runs, 0, n);
        FieldVector[] kv = Importer.entries(map, c, runs.first(), runs.total());
        if (Importer.dtype(kv[0], c + ".keys") != DType.INT64) {
            throw Importer.fail(c + ".keys", "feature ids are " + kv[0].getField().getType() + ", expected int64");
        }
        Tensor keys = im.elements(kv[0], c + ".keys", runs.first(), runs.total(), false);
        return new Outer(c, runs, im.lengthsTensor(runs, n), keys, kv[1]);
    }

    /** Runs of the inner lists or maps of a multi-feature column's entries. */
    private static Importer.Runs inner(Importer im, ListVector inner, String c, Importer.Runs outer) {
        long n = outer.total();
        if (outer.first() + n > inner.getValueCount()) {
            throw Importer.fail(c, "has " + inner.getValueCount() + " entries, " + (outer.first() + n) + " needed");
        }
        Importer.Runs runs = im.runs(inner.getOffsetBuffer(), c, outer.first(), n, Importer.childCount(inner),
                c + (inner instanceof MapVector ? ".entries" : ".values"));
        im.requireEmptyNulls(inner, c, runs, outer.first(), n);
        return runs;
    }

    private static <F> List<F> each(Importer im, List<? extends FieldVector> vectors,
                                    BiFunction<Importer, FieldVector, F> column) {
        List<F> features = new ArrayList<>(vectors.size());
        for (FieldVector v : vectors) {
            features.add(column.apply(im, v));
        }
        return Collections.unmodifiableList(features);
    }

    private static <F> ArrowView<F> open(Function<Importer, F> body) {
        Importer im = new Importer();
        try {
            return im.view(body.apply(im));
        } catch (RuntimeException | Error e) {
            im.abort();
            throw e;
        }
    }
}
