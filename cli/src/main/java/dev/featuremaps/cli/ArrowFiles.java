package dev.featuremaps.cli;

import dev.featuremaps.arrow.ArrowExport;
import dev.featuremaps.arrow.ArrowFeatures;
import dev.featuremaps.arrow.ArrowView;
import dev.featuremaps.features.MultiListFeatures;
import dev.featuremaps.features.MultiMapFeatures;
import dev.featuremaps.features.MultiScalarFeatures;
import dev.featuremaps.operators.FeatureTensorException;
import dev.featuremaps.ops.Workspace;
import dev.featuremaps.tensors.Tensor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Arrow IPC files for {@code run --arrow-in/--arrow-out}: each column of a record batch becomes
 * blobs named as Caffe2 names a feature's tensors, and each fetched feature prefix becomes one
 * column of the output batch.
 */
final class ArrowFiles {
    private ArrowFiles() {
    }

    /** How a column's type maps onto a feature structure. */
    enum Kind {
        /** A nullable primitive or utf8: {@code c}, {@code c.presence}. */
        SCALAR("", ".presence"),
        /** {@code list<T>}. */
        LIST(".lengths", ".values", ".presence"),
        /** {@code map<K,V>}. */
        MAP(".lengths", ".keys", ".values", ".presence"),
        /** {@code map<int64,list<T>>}. */
        MULTI_LIST(".lengths", ".keys", ".values.lengths", ".values.values"),
        /** {@code map<int64,map<K,V>>}. */
        MULTI_MAP(".lengths", ".keys", ".values.lengths", ".values.keys", ".values.values");

        private final List<String> suffixes;

        Kind(String... suffixes) {
            this.suffixes = List.of(suffixes);
        }

        static Kind of(Field f) {
            ArrowType t = f.getType();
            if (t instanceof ArrowType.Map) {
                ArrowType value = f.getChildren().get(0).getChildren().get(1).getType();
                return value instanceof ArrowType.Map ? MULTI_MAP : value instanceof ArrowType.List ? MULTI_LIST : MAP;
            }
            if (t instanceof ArrowType.List) {
                return LIST;
            }
            if (f.getChildren().isEmpty()) {
                return SCALAR;
            }
            throw new FeatureTensorException("Arrow column '" + f.getName() + "'", FeatureTensorException.NO_INPUT,
                    null, "type " + t + " is no feature layout (a primitive, list<T>, map<K,V>, map<int64,list<T>>"
                    + " or map<int64,map<K,V>>)");
        }

        List<String> names(String column) {
            return suffixes.stream().map(s -> column + s).toList();
        }
    }

    /** The blobs an input file's columns give, in column order. */
    static Set<String> blobNames(Schema schema) {
        Set<String> names = new LinkedHashSet<>();
        for (Field f : schema.getFields()) {
            names.addAll(Kind.of(f).names(f.getName()));
        }
        return names;
    }

    /** An input file, read batch by batch. */
    static final class Input implements AutoCloseable {
        private final FileChannel channel;
        private final ArrowFileReader reader;

        Input(Path path, BufferAllocator allocator) throws IOException {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            reader = new ArrowFileReader(channel, allocator);
        }

        Schema schema() throws IOException {
            return reader.getVectorSchemaRoot().getSchema();
        }

        boolean next() throws IOException {
            return reader.loadNextBatch();
        }

        /** Feeds the current batch's columns into the workspace (which copies them). */
        void feed(Workspace ws) throws IOException {
            for (FieldVector v : reader.getVectorSchemaRoot().getFieldVectors()) {
                String c = v.getName();
                List<String> names = Kind.of(v.getField()).names(c);
                try (ArrowView<?> view = open(Kind.of(v.getField()), v)) {
                    Tensor[] tensors = tensors(view.features());
                    for (int i = 0; i < tensors.length; i++) {
                        ws.feed(names.get(i), tensors[i]);
                    }
                }
            }
        }

        private static ArrowView<?> open(Kind kind, FieldVector v) {
            return switch (kind) {
                case SCALAR -> ArrowFeatures.singleScalar(v);
                case LIST -> ArrowFeatures.singleList(v);
                case MAP -> ArrowFeatures.singleMap(v);
                case MULTI_LIST -> ArrowFeatures.multiList(v);
                case MULTI_MAP -> ArrowFeatures.multiMap(v);
            };
        }

        private static Tensor[] tensors(Object features) {
            return switch (features) {
                case dev.featuremaps.features.SingleScalarFeature f -> f.tensors();
                case dev.featuremaps.features.SingleListFeature f -> f.tensors();
                case dev.featuremaps.features.SingleMapFeature f -> f.tensors();
                case MultiListFeatures f -> f.tensors();
                case MultiMapFeatures f -> f.tensors();
                default -> throw new IllegalStateException(features.getClass().getName());
            };
        }

        @Override
        public void close() throws IOException {
            try {
                reader.close();
            } finally {
                channel.close();
            }
        }
    }

    /**
     * An output file, written batch by batch to a temporary file beside it and moved into place
     * only when every batch is written, so a failed run leaves no file behind.
     */
    static final class Output implements AutoCloseable {
        private final Path target;
        private final Path partial;
        private final BufferAllocator allocator;
        private FileChannel channel;
        private VectorSchemaRoot root;
        private ArrowFileWriter writer;
        private boolean done;

        Output(Path target, BufferAllocator allocator) throws IOException {
            this.target = target;
            this.allocator = allocator;
            // Beside the target, so the final move stays on one file system; created with the
            // usual permissions (a temporary file's would be the owner's only).
            this.partial = target.toAbsolutePath().resolveSibling("." + target.getFileName() + "."
                    + ProcessHandle.current().pid() + ".partial");
            Files.newByteChannel(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        }

        /** Writes one batch: a column per fetched name. */
        void write(List<String> fetch, Workspace ws) throws IOException {
            List<FieldVector> columns = new ArrayList<>();
            try {
                int rows = -1;
                for (int i = 0; i < fetch.size(); i++) {
                    FieldVector v = column(fetch.get(i), ws);
                    columns.add(v);
                    if (rows >= 0 && v.getValueCount() != rows) {
                        throw new BadInputException("fetch[" + i + "] '" + Messages.shorten(fetch.get(i)) + "': "
                                + v.getValueCount() + " rows, but fetch[0] '" + Messages.shorten(fetch.get(0))
                                + "' has " + rows + "; an Arrow batch has one row count", null);
                    }
                    rows = v.getValueCount();
                }
                if (writer == null) {
                    root = VectorSchemaRoot.create(new Schema(columns.stream().map(FieldVector::getField).toList()),
                            allocator);
                    channel = FileChannel.open(partial, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    writer = new ArrowFileWriter(root, null, channel);
                    writer.start();
                }
                for (int i = 0; i < columns.size(); i++) {
                    columns.get(i).makeTransferPair(root.getVector(i)).transfer();
                }
                root.setRowCount(Math.max(rows, 0));
                writer.writeBatch();
            } finally {
                columns.forEach(FieldVector::close);
            }
        }

        private FieldVector column(String name, Workspace ws) {
            if (ws.has(name)) {
                return ArrowExport.values(name, ws.fetch(name), allocator, null);
            }
            if (ws.has(name + ".values.keys")) {
                return ArrowExport.multiMap(name, MultiMapFeatures.of(fetch(ws, name, ".lengths", ".keys",
                        ".values.lengths", ".values.keys", ".values.values")), allocator, null);
            }
            if (ws.has(name + ".values.lengths")) {
                return ArrowExport.multiList(name, MultiListFeatures.of(fetch(ws, name, ".lengths", ".keys",
                        ".values.lengths", ".values.values")), allocator, null);
            }
            return ArrowExport.multiScalar(name, MultiScalarFeatures.of(fetch(ws, name, ".lengths", ".keys",
                    ".values")), allocator, null);
        }

        private static Tensor[] fetch(Workspace ws, String prefix, String... suffixes) {
            Tensor[] t = new Tensor[suffixes.length];
            for (int i = 0; i < suffixes.length; i++) {
                if (!ws.has(prefix + suffixes[i])) {
                    throw new BadInputException("fetch '" + Messages.shorten(prefix) + "': no blob '"
                            + Messages.shorten(prefix + suffixes[i]) + "' to make a column of", null);
                }
                t[i] = ws.fetch(prefix + suffixes[i]);
            }
            return t;
        }

        /** Ends the file and moves it into place. */
        void commit() throws IOException {
            if (writer == null) {
                root = VectorSchemaRoot.create(new Schema(List.of()), allocator);
                channel = FileChannel.open(partial, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                writer = new ArrowFileWriter(root, null, channel);
                writer.start();
            }
            writer.end();
            writer.close();
            channel.close();
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        }

        @Override
        public void close() throws IOException {
            try {
                if (writer != null && !done) {
                    writer.close();
                }
                if (channel != null) {
                    channel.close();
                }
                if (root != null) {
                    root.close();
                }
            } finally {
                if (!done) {
                    Files.deleteIfExists(partial);
                }
            }
        }
    }

    /** Opens a path for reading or writing, as a one-line error naming it when that fails. */
    static BadInputException cannotOpen(String file, IOException e) {
        String name = InputFiles.display(file);
        if (e instanceof NoSuchFileException) {
            return new BadInputException(name + ": no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new BadInputException(name + ": permission denied", e);
        }
        return new BadInputException(name + ": cannot open: " + e.getMessage(), e);
    }
}
