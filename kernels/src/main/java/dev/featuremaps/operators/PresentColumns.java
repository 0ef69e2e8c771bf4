package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Merges N columns of fixed-width elements with N presence columns example-major, as the
 * single-feature merges need: each example's present elements in column order, with the
 * column's feature id as key and the count per example as length.
 *
 * <p>Blocks of rows are transposed into small row-major tiles (values and presence), which then
 * are one compaction by presence each for values and keys (the keys from a tile of the feature
 * ids repeated per row, made at plan time). Per-column scatters to per-example cursors cost
 * several passes over the batch per column; the tiles stay in the first-level cache.
 */
final class PresentColumns {
    /** Elements per tile: values and the id tile of 8-byte elements fit a 48 KiB L1 together. */
    private static final int TILE_ELEMENTS = 2048;

    // Plan scratch slots and segment arrays used here.
    private static final int VALUE_TILE = 0;
    private static final int PRESENCE_TILE = 1;
    private static final int ID_TILE = 2;
    static final int VALUE_COLUMNS = 6;
    static final int PRESENCE_COLUMNS = 7;

    private PresentColumns() {
    }

    /** Rows per tile for {@code columns} columns. */
    private static int tileRows(int columns) {
        return Math.max(1, TILE_ELEMENTS / columns);
    }

    /**
     * At plan time: the tiles, the id tile, and the column arrays filled from {@code in}.
     *
     * @param valuesInput index of the first column's values; column {@code i} at {@code + stride * i}
     * @param presenceInput likewise for presence
     */
    static void plan(Plan plan, int columns, int valuesInput, int presenceInput, int stride) {
        int rows = tileRows(columns);
        long elements = (long) rows * columns;
        plan.scratch(VALUE_TILE, elements * Long.BYTES);
        plan.scratch(PRESENCE_TILE, elements);
        MemorySegment ids = plan.scratch(ID_TILE, elements * Long.BYTES);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < columns; i++) {
                ids.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, (long) r * columns + i,
                        plan.featureIds[i]);
            }
        }
        MemorySegment[] values = plan.segments(VALUE_COLUMNS, columns);
        MemorySegment[] presence = plan.segments(PRESENCE_COLUMNS, columns);
        for (int i = 0; i < columns; i++) {
            values[i] = plan.inputs[valuesInput + stride * i].data();
            presence[i] = plan.inputs[presenceInput + stride * i].data();
        }
    }

    /**
     * Writes lengths (int32 per example), keys and values (the present elements, example-major).
     */
    static void merge(FeatureKernels kernels, Plan plan, MemorySegment lengths, MemorySegment keys,
                      MemorySegment values, int width) {
        int columns = plan.groups;
        long batch = plan.batch;
        int tileRows = tileRows(columns);
        long elements = (long) tileRows * columns;
        MemorySegment valueTile = plan.scratch(VALUE_TILE, elements * Long.BYTES);
        MemorySegment presenceTile = plan.scratch(PRESENCE_TILE, elements);
        MemorySegment idTile = plan.scratch(ID_TILE, elements * Long.BYTES);
        MemorySegment[] valueColumns = plan.segments(VALUE_COLUMNS, columns);
        MemorySegment[] presenceColumns = plan.segments(PRESENCE_COLUMNS, columns);
        // Counted per column, across examples, in vector lanes: counting each short tile row
        // costs a call per example (and boxed a vector per call).
        lengths.fill((byte) 0);
        for (int i = 0; i < columns; i++) {
            kernels.addPresence(presenceColumns[i], batch, lengths);
        }
        long k = 0;
        for (long e = 0; e < batch; e += tileRows) {
            int rows = (int) Math.min(tileRows, batch - e);
            kernels.transposeColumns(valueColumns, columns, e, rows, valueTile, width);
            kernels.transposeColumns(presenceColumns, columns, e, rows, presenceTile, 1);
            long n = (long) rows * columns;
            kernels.compact(idTile, 0, presenceTile, 0, n, keys, k, Long.BYTES);
            k += kernels.compact(valueTile, 0, presenceTile, 0, n, values, k, width);
        }
    }

    /**
     * At plan time, for {@link #split}: the tiles and the presence columns from {@code in}; the
     * output columns are set on execute.
     */
    static void planSplit(Plan plan, int columns, int presenceInput, int stride) {
        long elements = (long) tileRows(columns) * columns;
        plan.scratch(VALUE_TILE, elements * Long.BYTES);
        plan.scratch(PRESENCE_TILE, elements);
        plan.segments(VALUE_COLUMNS, columns);
        MemorySegment[] presence = plan.segments(PRESENCE_COLUMNS, columns);
        for (int i = 0; i < columns; i++) {
            presence[i] = plan.inputs[presenceInput + stride * i].data();
        }
    }

    /**
     * The inverse of {@link #merge}'s values: column {@code i} of {@code outputs} gets, per
     * example, its present element from {@code merged} or zero.
     */
    static void split(FeatureKernels kernels, Plan plan, MemorySegment merged, Tensor[] outputs, int width) {
        int columns = plan.groups;
        long batch = plan.batch;
        int tileRows = tileRows(columns);
        long elements = (long) tileRows * columns;
        MemorySegment valueTile = plan.scratch(VALUE_TILE, elements * Long.BYTES);
        MemorySegment presenceTile = plan.scratch(PRESENCE_TILE, elements);
        MemorySegment[] valueColumns = plan.segments(VALUE_COLUMNS, columns);
        MemorySegment[] presenceColumns = plan.segments(PRESENCE_COLUMNS, columns);
        AbstractOperator.dataSegments(outputs, valueColumns);
        long k = 0;
        for (long e = 0; e < batch; e += tileRows) {
            int rows = (int) Math.min(tileRows, batch - e);
            kernels.transposeColumns(presenceColumns, columns, e, rows, presenceTile, 1);
            k += kernels.expand(merged, k, presenceTile, 0, (long) rows * columns, valueTile, 0, width);
            kernels.transposeRows(valueTile, rows, columns, valueColumns, e, width);
        }
    }
}
