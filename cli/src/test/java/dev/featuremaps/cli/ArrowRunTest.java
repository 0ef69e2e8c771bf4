package dev.featuremaps.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --arrow-in/--arrow-out}: Arrow IPC files in and out, and malformed files refused. */
class ArrowRunTest {
    /** Merges the two list columns of the input file into the feature prefix {@code m}. */
    private static final String NET = """
            {"ops": [{"type": "MergeSingleListFeatureTensors",
                      "inputs": ["clicked.lengths", "clicked.values", "clicked.presence",
                                 "viewed.lengths", "viewed.values", "viewed.presence"],
                      "outputs": ["m.lengths", "m.keys", "m.values.lengths", "m.values.values"],
                      "args": {"feature_ids": [21, 22]}}],
             "fetch": %s}
            """;

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new Io(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Field floatList(String name) {
        return new Field(name, FieldType.nullable(ArrowType.List.INSTANCE), List.of(new Field("$data$",
                FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), null)));
    }

    /** clicked: [1, 2], null, [3]; viewed: [], [4, 5], null. */
    private static void writeLists(ListVector clicked, ListVector viewed) {
        float[][] c = {{1, 2}, null, {3}};
        float[][] v = {{}, {4, 5}, null};
        fill(clicked, c);
        fill(viewed, v);
    }

    private static void fill(ListVector list, float[][] rows) {
        Float4Vector values = (Float4Vector) list.getDataVector();
        for (int e = 0; e < rows.length; e++) {
            if (rows[e] == null) {
                list.setNull(e);
                continue;
            }
            int start = list.startNewValue(e);
            for (int k = 0; k < rows[e].length; k++) {
                values.setSafe(start + k, rows[e][k]);
            }
            list.endValue(e, rows[e].length);
        }
        list.setValueCount(rows.length);
    }

    private Path writeInput(String name, java.util.function.BiConsumer<ListVector, ListVector> fill) throws IOException {
        Path file = dir.resolve(name);
        try (BufferAllocator a = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(
                     new org.apache.arrow.vector.types.pojo.Schema(List.of(floatList("clicked"), floatList("viewed"))), a);
             FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
            w.start();
            fill.accept((ListVector) root.getVector(0), (ListVector) root.getVector(1));
            root.setRowCount(3);
            w.writeBatch();
            w.end();
        }
        return file;
    }

    private Path net(String fetch) throws IOException {
        Path file = dir.resolve("net.json");
        Files.writeString(file, NET.formatted(fetch));
        return file;
    }

    @Test
    void mergesTheColumnsOfAnArrowFileIntoAnArrowFile() throws IOException {
        Path in = writeInput("in.arrow", ArrowRunTest::writeLists);
        Path out = dir.resolve("out.arrow");
        Result r = run("run", "--arrow-in", in.toString(), "--arrow-out", out.toString(), net("[\"m\"]").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out());
        try (BufferAllocator a = new RootAllocator();
             FileChannel ch = FileChannel.open(out, StandardOpenOption.READ);
             ArrowFileReader reader = new ArrowFileReader(ch, a)) {
            assertTrue(reader.loadNextBatch());
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertEquals(3, root.getRowCount());
            MapVector m = (MapVector) root.getVector("m");
            assertEquals("[{\"key\":21,\"value\":[1.0,2.0]},{\"key\":22,\"value\":[]}]", m.getObject(0).toString());
            assertEquals("[{\"key\":22,\"value\":[4.0,5.0]}]", m.getObject(1).toString());
            assertEquals("[{\"key\":21,\"value\":[3.0]}]", m.getObject(2).toString());
            assertFalse(reader.loadNextBatch());
        }
    }

    @Test
    void aBoolBlobIsWrittenAsABitColumn() throws IOException {
        Path in = writeInput("in.arrow", ArrowRunTest::writeLists);
        Path out = dir.resolve("out.arrow");
        Result r = run("run", "--arrow-in", in.toString(), "--arrow-out", out.toString(),
                net("[\"m\", \"clicked.presence\"]").toString());
        assertEquals(0, r.status(), r.err());
        try (BufferAllocator a = new RootAllocator();
             FileChannel ch = FileChannel.open(out, StandardOpenOption.READ);
             ArrowFileReader reader = new ArrowFileReader(ch, a)) {
            assertTrue(reader.loadNextBatch());
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertEquals(3, root.getRowCount());
            BitVector presence = (BitVector) root.getVector("clicked.presence");
            assertEquals(List.of(true, false, true), List.of(presence.getObject(0), presence.getObject(1),
                    presence.getObject(2)));
            assertFalse(reader.loadNextBatch());
        }
    }

    @Test
    void withoutArrowOutTheBlobsPrintAsJson() throws IOException {
        Path in = writeInput("in.arrow", ArrowRunTest::writeLists);
        Result r = run("run", "--arrow-in", in.toString(), net("[\"m.lengths\", \"m.keys\", \"clicked.presence\"]")
                .toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("""
                {
                  "m.lengths": {"dtype": "int32", "shape": [3], "data": [2, 1, 1]},
                  "m.keys": {"dtype": "int64", "shape": [4], "data": [21, 22, 22, 21]},
                  "clicked.presence": {"dtype": "bool", "shape": [3], "data": [true, false, true]}
                }
                """, r.out());
    }

    @Test
    void decreasingOffsetsAreAnErrorAndNoOutputIsWritten() throws IOException {
        Path in = writeInput("bad.arrow", (clicked, viewed) -> {
            writeLists(clicked, viewed);
            // Offsets 0, 2, 2, 3 become 0, 2, 1, 3: entry 1 runs backwards.
            ArrowBuf offsets = clicked.getOffsetBuffer();
            offsets.setInt(8, 1);
        });
        Path out = dir.resolve("out.arrow");
        Result r = run("run", "--arrow-in", in.toString(), "--arrow-out", out.toString(), net("[\"m\"]").toString());
        assertEquals(2, r.status());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(r.err().contains("Arrow column 'clicked': offsets decrease at entry 1"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(Files.exists(out));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().contains("partial")).toList());
        }
    }

    @Test
    void aFileThatIsNotArrowIsAnError() throws IOException {
        Path in = dir.resolve("garbage.arrow");
        Files.write(in, "ARROW1 but not really".getBytes(StandardCharsets.US_ASCII));
        Result r = run("run", "--arrow-in", in.toString(), net("[\"m\"]").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(r.err().contains("not a readable Arrow IPC file"), r.err());
    }

    @Test
    void anEmptyValidityBufferIsAnError() throws IOException {
        Path in = writeInput("short.arrow", (clicked, viewed) -> {
            writeLists(clicked, viewed);
            // The same list, reloaded with an empty validity bitmap and one null claimed.
            List<ArrowBuf> buffers = clicked.getFieldBuffers();
            try (ArrowBuf empty = clicked.getAllocator().buffer(0)) {
                buffers.get(0).getReferenceManager().retain();
                buffers.get(1).getReferenceManager().retain();
                clicked.loadFieldBuffers(new ArrowFieldNode(3, 1), List.of(empty, buffers.get(1)));
                buffers.get(0).getReferenceManager().release();
                buffers.get(1).getReferenceManager().release();
            }
        });
        Result r = run("run", "--arrow-in", in.toString(), net("[\"m.lengths\"]").toString());
        assertEquals(2, r.status(), r.err());
        // The file pads every buffer to 8 bytes, so the reader finds a bitmap of zeros: every
        // entry null, yet holding values.
        assertTrue(r.err().contains("Arrow column 'clicked': null entries hold 3 of the 3 child elements"), r.err());
    }

    @Test
    void fetchedColumnsMustShareTheRowCount() throws IOException {
        Path in = writeInput("in.arrow", ArrowRunTest::writeLists);
        Path out = dir.resolve("out.arrow");
        Result r = run("run", "--arrow-in", in.toString(), "--arrow-out", out.toString(),
                net("[\"m\", \"m.keys\"]").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("an Arrow batch has one row count"), r.err());
        assertFalse(Files.exists(out));
    }

}
