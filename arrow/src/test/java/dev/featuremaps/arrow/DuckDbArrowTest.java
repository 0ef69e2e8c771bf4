package dev.featuremaps.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.featuremaps.features.MultiListFeatures;
import dev.featuremaps.features.MultiMapFeatures;
import dev.featuremaps.features.SingleListFeature;
import dev.featuremaps.features.SingleMapFeature;
import dev.featuremaps.operators.FeatureMerge;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.Model;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;
import org.junit.jupiter.api.Test;

/**
 * A producer nobody here wrote: DuckDB builds a ranking batch in SQL, with {@code LIST} and
 * {@code MAP} columns (a map of lists too) and NULLs, and exports it through the C Data Interface as an Arrow stream.
 * featuremaps views DuckDB's buffers without a copy, merges them, and the result, read back by
 * Arrow's readers, equals the model's merge of the same batch as Arrow's readers see it.
 */
class DuckDbArrowTest {
    /** 97 candidates: lists and maps of varying length, NULL in a pattern per column. */
    private static final String BATCH = """
            SELECT
              CASE WHEN i % 4 = 1 THEN NULL
                   ELSE [(x * 1.5 + i)::FLOAT FOR x IN range(i % 5)] END AS clicked,
              CASE WHEN i % 5 = 2 THEN NULL
                   ELSE [(x - i)::FLOAT FOR x IN range(i % 3)] END AS viewed,
              CASE WHEN i % 3 = 0 THEN NULL
                   ELSE map_from_entries([{'k': x * 7 + i, 'v': ((x * i) % 11 * 0.25)::DOUBLE} FOR x IN range(i % 4)])
                   END AS category_scores,
              CASE WHEN i % 6 = 5 THEN NULL
                   ELSE map_from_entries([{'k': 1000 + x, 'v': (-x * 0.5)::DOUBLE} FOR x IN range(i % 2 + 1)])
                   END AS topic_scores,
              map_from_entries([{'k': 500 + f, 'v': [(f * 10 + x)::INTEGER FOR x IN range((i + f) % 4)]}
                                FOR f IN range(i % 3)]) AS history,
              map_from_entries([{'k': 600 + f, 'v': [(-x)::INTEGER FOR x IN range(f)]}
                                FOR f IN range(i % 2)]) AS session
            FROM range(97) t(i)
            """;

    @Test
    void duckDbListsAndMapsMergeZeroCopyToTheModel() throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
             Connection db = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = db.createStatement();
             DuckDBResultSet rs = (DuckDBResultSet) st.executeQuery(BATCH);
             ArrowReader reader = (ArrowReader) rs.arrowExportStream(allocator, 4096)) {
            int batches = 0;
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                mergeLists(root.getVector("clicked"), root.getVector("viewed"));
                mergeMaps(root.getVector("category_scores"), root.getVector("topic_scores"));
                mergeMultiLists(root.getVector("history"), root.getVector("session"));
                batches++;
            }
            assertTrue(batches > 0);
        }
    }

    private static void mergeLists(FieldVector clicked, FieldVector viewed) {
        long[] ids = {21, 22};
        List<Model.SingleList> model = List.of(singleList((ListVector) clicked), singleList((ListVector) viewed));
        assertTrue(model.get(0).presence().values().contains(false), "no NULL in the batch");
        try (TensorArena arena = TensorArena.confined();
             ArrowView<SingleListFeature> a = ArrowFeatures.singleList(clicked);
             ArrowView<SingleListFeature> b = ArrowFeatures.singleList(viewed)) {
            assertEquals(((ListVector) clicked).getDataVector().getDataBuffer().memoryAddress(),
                    a.features().values().data().address(), "DuckDB's values were copied");
            MultiListFeatures merged = FeatureMerge.allocating(arena)
                    .mergeSingleList(List.of(a.features(), b.features()), ids);
            try (BufferAllocator out = new RootAllocator();
                 MapVector back = ArrowExport.multiList("merged", merged, out, null)) {
                assertColumns(Model.mergeSingleList(model, ids).columns(),
                        ArrowBatches.readMultiList(back, DType.FLOAT).columns());
            }
        }
    }

    private static void mergeMaps(FieldVector categories, FieldVector topics) {
        long[] ids = {31, 32};
        List<Model.SingleMap> model = List.of(singleMap((MapVector) categories), singleMap((MapVector) topics));
        try (TensorArena arena = TensorArena.confined();
             ArrowView<SingleMapFeature> a = ArrowFeatures.singleMap(categories);
             ArrowView<SingleMapFeature> b = ArrowFeatures.singleMap(topics)) {
            MultiMapFeatures merged = FeatureMerge.allocating(arena)
                    .mergeSingleMap(List.of(a.features(), b.features()), ids);
            try (BufferAllocator out = new RootAllocator();
                 MapVector back = ArrowExport.multiMap("merged", merged, out, null)) {
                assertColumns(Model.mergeSingleMap(model, ids).columns(),
                        ArrowBatches.readMultiMap(back, DType.INT64, DType.DOUBLE).columns());
            }
        }
    }

    private static void mergeMultiLists(FieldVector history, FieldVector session) {
        List<Model.MultiList> model = List.of(ArrowBatches.readMultiList((MapVector) history, DType.INT32),
                ArrowBatches.readMultiList((MapVector) session, DType.INT32));
        try (TensorArena arena = TensorArena.confined();
             ArrowView<MultiListFeatures> a = ArrowFeatures.multiList(history);
             ArrowView<MultiListFeatures> b = ArrowFeatures.multiList(session)) {
            MultiListFeatures merged = FeatureMerge.allocating(arena)
                    .mergeMultiList(List.of(a.features(), b.features()));
            try (BufferAllocator out = new RootAllocator();
                 MapVector back = ArrowExport.multiList("merged", merged, out, null)) {
                assertColumns(Model.mergeMultiList(model).columns(),
                        ArrowBatches.readMultiList(back, DType.INT32).columns());
            }
        }
    }

    private static void assertColumns(List<Column> expected, List<Column> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(expected.get(i).sameBits(actual.get(i)), "column " + i + ": "
                    + expected.get(i).firstDifference(actual.get(i)));
        }
    }

    /** A list column as Arrow's reader sees it, in the model's terms. */
    private static Model.SingleList singleList(ListVector v) {
        List<Object> lengths = new ArrayList<>();
        List<Object> presence = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (int e = 0; e < v.getValueCount(); e++) {
            List<?> run = v.getObject(e);
            presence.add(run != null);
            lengths.add(run == null ? 0 : run.size());
            if (run != null) {
                values.addAll(run);
            }
        }
        return new Model.SingleList(new Column(DType.INT32, lengths), new Column(DType.FLOAT, values),
                new Column(DType.BOOL, presence));
    }

    @SuppressWarnings("unchecked")
    private static Model.SingleMap singleMap(MapVector v) {
        List<Object> lengths = new ArrayList<>();
        List<Object> presence = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (int e = 0; e < v.getValueCount(); e++) {
            List<Map<String, ?>> run = (List<Map<String, ?>>) v.getObject(e);
            presence.add(run != null);
            lengths.add(run == null ? 0 : run.size());
            if (run != null) {
                for (Map<String, ?> entry : run) {
                    keys.add(entry.get(MapVector.KEY_NAME));
                    values.add(entry.get(MapVector.VALUE_NAME));
                }
            }
        }
        return new Model.SingleMap(new Column(DType.INT32, lengths), new Column(DType.INT64, keys),
                new Column(DType.DOUBLE, values), new Column(DType.BOOL, presence));
    }
}
