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
    /** Rows per tile at least, however many columns. */
    static final int MIN_TILE_ROWS = 16;

    // The operator's scratch in its plan: the tiles, and the column segments handed to the kernels.
    private MemorySegment valueTile = MemorySegment.NULL;
    private MemorySegment presenceTile = MemorySegment.NULL;
    private MemorySegment idTile = MemorySegment.NULL;
    private MemorySegment columnTile = MemorySegment.NULL;
    private MemorySegment[] valueColumns = Segments.NONE;
    private MemorySegment[] presenceColumns = Segments.NONE;

    /** The scratch of a single-feature merge or gradient, kept in its plan. */
    static PresentColumns of(Plan plan) {
        return plan.scratch(PresentColumns.class, PresentColumns::new);
    }

    /**
     * Rows per tile for {@code columns} columns. Never fewer than {@link #MIN_TILE_ROWS}: with
     * hundreds of columns a tile of a few rows made the transposes a few elements per column
     * segment, and a tile in the second-level cache costs less than that.
     */
    private static int tileRows(int columns) {
        return Math.max(MIN_TILE_ROWS, TILE_ELEMENTS / columns);
    }

    /**
     * At plan time: the tiles, the id tile, and the column arrays filled from {@code in}.
     *
     * @param valuesInput index of the first column's values; column {@code i} at {@code + stride * i}
     * @param presenceInput likewise for presence
     */
    void plan(Plan plan, int columns, int valuesInput, int presenceInput, int stride) {
        int rows = tileRows(columns);
        long elements = (long) rows * columns;
        valueTile = Segments.atLeast(valueTile, elements * Long.BYTES);
        presenceTile = Segments.atLeast(presenceTile, elements);
        idTile = Segments.atLeast(idTile, elements * Long.BYTES);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < columns; i++) {
                idTile.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, (long) r * columns + i,
                        plan.featureIds[i]);
            }
        }
        valueColumns = Segments.inputs(valueColumns, plan.inputs, valuesInput, stride, columns);
        presenceColumns = Segments.inputs(presenceColumns, plan.inputs, presenceInput, stride, columns);
    }

    /**
     * At plan time, after {@link #plan}: a tile of column indices, so that {@link #merge} can
     * also write each entry's column, for runs gathered entry by entry.
     */
    void planEntryColumns(int columns) {
        int rows = tileRows(columns);
        columnTile = Segments.atLeast(columnTile, (long) rows * columns * Integer.BYTES);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < columns; i++) {
                columnTile.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, (long) r * columns + i, i);
            }
        }
    }

    /**
     * Writes lengths (int32 per example), keys and values (the present elements, example-major),
     * and, unless it is {@code NULL}, each entry's column (int32, see {@link #planEntryColumns}).
     */
    void merge(FeatureKernels kernels, Plan plan, MemorySegment lengths, MemorySegment keys,
               MemorySegment values, int width, MemorySegment entryColumns) {
        int columns = plan.groups;
        long batch = plan.batch;
        int tileRows = tileRows(columns);
        MemorySegment valueTile = this.valueTile;
        MemorySegment presenceTile = this.presenceTile;
        MemorySegment idTile = this.idTile;
        MemorySegment columnTile = this.columnTile;
        MemorySegment[] valueColumns = this.valueColumns;
        MemorySegment[] presenceColumns = this.presenceColumns;
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
            if (entryColumns != MemorySegment.NULL) {
                kernels.compact(columnTile, 0, presenceTile, 0, n, entryColumns, k, Integer.BYTES);
            }
            k += kernels.compact(valueTile, 0, presenceTile, 0, n, values, k, width);
        }
    }

    /**
     * At plan time, for {@link #split}: the tiles and the presence columns from {@code in}; the
     * output columns are set on execute.
     */
    void planSplit(Plan plan, int columns, int presenceInput, int stride) {
        long elements = (long) tileRows(columns) * columns;
        valueTile = Segments.atLeast(valueTile, elements * Long.BYTES);
        presenceTile = Segments.atLeast(presenceTile, elements);
        valueColumns = Segments.sized(valueColumns, columns);
        presenceColumns = Segments.inputs(presenceColumns, plan.inputs, presenceInput, stride, columns);
    }

    /**
     * The inverse of {@link #merge}'s values: column {@code i} of {@code outputs} gets, per
     * example, its present element from {@code merged} or zero.
     */
    void split(FeatureKernels kernels, Plan plan, MemorySegment merged, Tensor[] outputs, int width) {
        int columns = plan.groups;
        long batch = plan.batch;
        int tileRows = tileRows(columns);
        MemorySegment valueTile = this.valueTile;
        MemorySegment presenceTile = this.presenceTile;
        MemorySegment[] valueColumns = this.valueColumns;
        MemorySegment[] presenceColumns = this.presenceColumns;
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
