package dev.featuremaps.arrow;

import org.apache.arrow.c.ArrowArray;
import org.apache.arrow.c.ArrowSchema;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * Features through Arrow's C Data Interface ({@code ArrowArray} and {@code ArrowSchema}), the
 * structs native engines (DuckDB, PyArrow, Velox, ...) exchange columns through, without a copy
 * either way.
 *
 * <p>Exporting hands the consumer the vector's buffers: the consumer's {@code release} callback
 * gives them back, which for vectors of {@link ArrowExport} closes the merge's owner once nothing
 * else holds them. Importing makes a vector over the producer's buffers, to be viewed with {@link
 * ArrowFeatures}; the producer's memory is released when the vector and every view of it are
 * closed.
 */
public final class ArrowCData {
    private ArrowCData() {
    }

    /**
     * Moves a vector into C structs: afterwards the structs own its buffers and the Java vector is
     * closed.
     *
     * @param vector a vector, for example of {@link ArrowExport}
     * @param allocator allocates the structs' private data
     * @param array filled; its {@code release} frees the buffers
     * @param schema filled with the vector's field
     */
    public static void export(FieldVector vector, BufferAllocator allocator, ArrowArray array, ArrowSchema schema) {
        try {
            Data.exportVector(allocator, vector, null, array, schema);
        } finally {
            vector.close();
        }
    }

    /**
     * Takes a vector out of C structs filled by a producer; the structs are released (their data
     * now belongs to the vector) and can be closed.
     *
     * @param array a producer's array
     * @param schema a producer's schema
     * @param allocator accounts for the imported buffers
     * @return a vector over the producer's memory
     */
    public static FieldVector importVector(ArrowArray array, ArrowSchema schema, BufferAllocator allocator) {
        return Data.importVector(allocator, array, schema, null);
    }
}
