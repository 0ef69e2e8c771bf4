package dev.featuremaps.kernels;

import java.lang.foreign.MemorySegment;

/**
 * The kernel family every operator is built from: validation sums, prefix sums that turn lengths
 * into offsets, compaction by presence, and copies of many runs between segments by offset tables.
 *
 * <p>Implementations: {@link ScalarFeatureKernels}, always available, and a Vector API one that
 * {@link KernelProvider} loads when the JVM allows. Callers (the operators) validate every
 * argument once; kernels assume valid input and do no checks beyond the segments' own bounds.
 *
 * <p>Segment conventions: presence is one byte per element, 0 or 1; lengths and counts are int32;
 * offset tables ({@code bounds}, {@code starts}) are int64 element indices. A {@code bounds} table
 * of {@code n} runs has {@code n + 1} entries and run {@code e} is {@code [bounds[e],
 * bounds[e+1])}; a {@code starts} table has {@code n} entries, the first index of each run. All
 * indices count elements of {@code width} bytes, never bytes.
 */
public interface FeatureKernels {

    /**
     * Counts set presence bytes and checks that every byte is 0 or 1.
     *
     * @param presence bool elements
     * @param from first element
     * @param n number of elements
     * @return the number of 1 bytes, or -1 if some byte is neither 0 nor 1
     */
    long countPresent(MemorySegment presence, long from, long n);

    /**
     * Sums int32 lengths.
     *
     * @param lengths int32 elements
     * @param n number of elements
     * @return the sum, or -1 if some length is negative
     */
    long sumLengths(MemorySegment lengths, long n);

    /**
     * Sums the lengths of present examples; absent examples' lengths are ignored, whatever they
     * hold.
     *
     * @param lengths int32 elements
     * @param presence 0/1 bytes
     * @param n number of examples
     * @return the sum, or -1 if some present length is negative
     */
    long sumPresentLengths(MemorySegment lengths, MemorySegment presence, long n);

    /**
     * Exclusive prefix sum of int32 lengths into int64 offsets, skipping absent examples when a
     * presence segment is given: {@code bounds[0] = 0}, {@code bounds[e+1] = bounds[e] +
     * (presence[e] ? lengths[e] : 0)}.
     *
     * @param lengths int32 elements
     * @param presence 0/1 bytes, or {@code null} when every example is present
     * @param n number of examples
     * @param bounds int64 table of {@code n + 1} entries, written
     * @return {@code bounds[n]}, the total
     */
    long prefixSum(MemorySegment lengths, MemorySegment presence, long n, MemorySegment bounds);

    /**
     * Offsets of segments of runs: segment {@code e} holds the next {@code segmentLengths[e]}
     * runs, and {@code bounds[e]} is the sum of the lengths of all runs in segments before it.
     * Turns (features per example, values per feature) into values per example.
     *
     * @param runLengths int32 lengths of all runs, back to back
     * @param segmentLengths int32 runs per segment
     * @param n number of segments
     * @param bounds int64 table of {@code n + 1} entries, written
     * @return {@code bounds[n]}, the total length of all runs
     */
    long segmentedPrefixSum(MemorySegment runLengths, MemorySegment segmentLengths, long n,
                            MemorySegment bounds);

    /**
     * {@code counts[e] += presence[e]} for int32 counts.
     *
     * @param presence 0/1 bytes
     * @param n number of examples
     * @param counts int32 elements, updated
     */
    void addPresence(MemorySegment presence, long n, MemorySegment counts);

    /**
     * {@code counts[e] += lengths[e]} for int32 counts, only where present when a presence
     * segment is given.
     *
     * @param lengths int32 elements
     * @param presence 0/1 bytes, or {@code null} when every example is present
     * @param n number of examples
     * @param counts int32 elements, updated
     */
    void addLengths(MemorySegment lengths, MemorySegment presence, long n, MemorySegment counts);

    /**
     * In-place exclusive prefix sum of int64 values: {@code values[e]} becomes the sum of the
     * values before it.
     *
     * @param values int64 elements, updated
     * @param n number of elements
     * @return the sum of all {@code n} values
     */
    long exclusiveScan(MemorySegment values, long n);

    /**
     * Moves cursors past runs: {@code cursors[e] += bounds[e+1] - bounds[e]}.
     *
     * @param cursors int64 elements, updated
     * @param bounds int64 table of {@code n + 1} entries
     * @param n number of runs
     */
    void advance(MemorySegment cursors, MemorySegment bounds, long n);

    /**
     * Moves cursors past present elements: {@code cursors[e] += presence[e]}.
     *
     * @param cursors int64 elements, updated
     * @param presence 0/1 bytes
     * @param n number of examples
     */
    void advancePresent(MemorySegment cursors, MemorySegment presence, long n);

    /**
     * Compaction by presence: copies the present elements of {@code src}, in order, to {@code
     * dst} from element {@code dstIndex} on.
     *
     * @param src elements
     * @param srcIndex first element of {@code src} to read
     * @param presence 0/1 bytes
     * @param presenceIndex first presence byte to read
     * @param n number of elements
     * @param dst destination
     * @param dstIndex first destination element
     * @param width element width in bytes: 1, 4 or 8
     * @return the number of elements written
     */
    long compact(MemorySegment src, long srcIndex, MemorySegment presence, long presenceIndex, long n,
                 MemorySegment dst, long dstIndex, int width);

    /**
     * Writes one int64 value at the destination of every present element: {@code
     * dst[starts[e]] = value}.
     *
     * @param value the value (a feature id)
     * @param presence 0/1 bytes
     * @param n number of elements
     * @param dst int64 destination
     * @param starts int64 destination index per element
     */
    void scatterConstant(long value, MemorySegment presence, long n, MemorySegment dst,
                         MemorySegment starts);

    /**
     * Copies runs that lie back to back in {@code src} to scattered places in {@code dst}: run
     * {@code e}, {@code src[bounds[e] .. bounds[e+1])}, goes to {@code dst[starts[e] ..]}.
     *
     * @param src source
     * @param bounds int64 table of {@code n + 1} entries
     * @param n number of runs
     * @param dst destination
     * @param starts int64 destination index per run
     * @param width element width in bytes: 1, 4 or 8
     */
    void scatterRuns(MemorySegment src, MemorySegment bounds, long n, MemorySegment dst,
                     MemorySegment starts, int width);

    /**
     * Transposes a block of columns into a row-major tile: {@code tile[r * count + i] =
     * columns[i][from + r]} for {@code r < rows}, {@code i < count}. Writes exactly
     * {@code rows * count} elements.
     *
     * @param columns per column, its elements
     * @param count number of columns used from the array
     * @param from first row read from every column
     * @param rows number of rows
     * @param tile destination, {@code rows * count} elements
     * @param width element width in bytes: 1, 4 or 8
     */
    void transposeColumns(MemorySegment[] columns, int count, long from, int rows, MemorySegment tile,
                          int width);

    /**
     * The inverse of {@link #transposeColumns}: {@code columns[i][from + r] = tile[r * count + i]}
     * for {@code r < rows}, {@code i < count}. Writes exactly those elements.
     *
     * @param tile source, {@code rows * count} elements
     * @param rows number of rows
     * @param count number of columns used from the array
     * @param columns per column, its destination
     * @param from first row written in every column
     * @param width element width in bytes: 1, 4 or 8
     */
    void transposeRows(MemorySegment tile, int rows, int count, MemorySegment[] columns, long from, int width);

    /**
     * The inverse of {@link #compact}: {@code dst[dstIndex + x] = presence[presenceIndex + x] ?
     * src[srcIndex + (number of present bytes before x)] : 0} for {@code x < n}.
     *
     * @param src source, read up to the last present element (and within its segment)
     * @param srcIndex first element of {@code src} to read
     * @param presence 0/1 bytes
     * @param presenceIndex first presence byte to read
     * @param n number of elements written
     * @param dst destination
     * @param dstIndex first destination element
     * @param width element width in bytes: 1, 4 or 8
     * @return the number of elements read from {@code src}
     */
    long expand(MemorySegment src, long srcIndex, MemorySegment presence, long presenceIndex, long n,
                MemorySegment dst, long dstIndex, int width);

    /**
     * Merges runs of several inputs example-major: for each example {@code e < n}, for each
     * input {@code j < inputs} in order, run {@code sources[j][bounds[j][e] .. bounds[j][e+1])}
     * is appended to {@code dst} from {@code dstIndex} on. Writes exactly the merged range.
     *
     * @param sources per input, its elements
     * @param bounds per input, an int64 table of {@code n + 1} nondecreasing entries
     * @param inputs number of inputs used from the arrays
     * @param n number of examples
     * @param dst destination
     * @param dstIndex where the first run goes
     * @param width element width in bytes: 1, 4 or 8
     * @return the index after the last element written
     */
    long interleaveRuns(MemorySegment[] sources, MemorySegment[] bounds, int inputs, long n,
                        MemorySegment dst, long dstIndex, int width);

    /**
     * {@link #interleaveRuns} of two run sets with the same bounds at once, as a map merge has
     * them (each entry's keys run and values run are the same length): for each example
     * {@code e < n}, for each input {@code j < inputs}, run
     * {@code keys[j][bounds[j][e] .. bounds[j][e+1])} is appended to {@code dstKeys} and the same
     * range of {@code values[j]} to {@code dstValues}, both from index 0 on. One pass reads each
     * bound once, where two passes read every table twice. Writes exactly the merged ranges.
     *
     * @param keys per input, its first run set
     * @param values per input, its second run set
     * @param bounds per input, an int64 table of {@code n + 1} nondecreasing entries
     * @param inputs number of inputs used from the arrays
     * @param n number of examples
     * @param dstKeys destination of the first run set
     * @param keyWidth its element width in bytes: 1, 4 or 8
     * @param dstValues destination of the second run set
     * @param valueWidth its element width in bytes: 1, 4 or 8
     * @return the number of elements written to each destination
     */
    long interleaveRunPairs(MemorySegment[] keys, MemorySegment[] values, MemorySegment[] bounds, int inputs,
                            long n, MemorySegment dstKeys, int keyWidth, MemorySegment dstValues, int valueWidth);

    /**
     * Appends runs chosen entry by entry: for each entry {@code t < count} in order, the next
     * {@code lengths[t]} elements of {@code sources[columns[t]]}, from that source's cursor, go
     * to {@code dst}, back to back from {@code dstIndex} on; the cursor advances past them.
     * The entries are the present (example, input) pairs of a merge in output order, so only
     * present runs cost a step. Writes exactly {@code total} elements.
     *
     * @param sources per input, its elements
     * @param columns int32 per entry: the input its run comes from, {@code < sources.length}
     * @param lengths int32 per entry: its run length
     * @param count number of entries
     * @param cursors int64 per input: where its next run starts; advanced past the runs read
     * @param dst destination
     * @param dstIndex where the first run goes
     * @param total the sum of the {@code count} lengths
     * @param width element width in bytes: 1, 4 or 8
     */
    void gatherEntryRuns(MemorySegment[] sources, MemorySegment columns, MemorySegment lengths, long count,
                         MemorySegment cursors, MemorySegment dst, long dstIndex, long total, int width);

    /**
     * The inverse of {@link #interleaveRuns}: reads {@code src} from {@code srcIndex} on, example
     * by example and input by input, and puts run {@code (e, j)} at
     * {@code destinations[j][bounds[j][e] .. bounds[j][e+1])}. Writes exactly those ranges.
     *
     * @param src source
     * @param srcIndex where the first run is read
     * @param destinations per input, its destination
     * @param bounds per input, an int64 table of {@code n + 1} nondecreasing entries
     * @param inputs number of inputs used from the arrays
     * @param n number of examples
     * @param width element width in bytes: 1, 4 or 8
     * @return the index after the last element read
     */
    long deinterleaveRuns(MemorySegment src, long srcIndex, MemorySegment[] destinations,
                          MemorySegment[] bounds, int inputs, long n, int width);

    /**
     * Gathers scattered runs into back-to-back ones, the inverse of {@link #scatterRuns}: run
     * {@code e}, {@code src[starts[e] .. starts[e] + bounds[e+1] - bounds[e])}, goes to
     * {@code dst[bounds[e] .. bounds[e+1])}. Writes exactly those ranges.
     *
     * @param src source
     * @param starts int64 source index per run
     * @param bounds int64 table of {@code n + 1} nondecreasing entries
     * @param n number of runs
     * @param dst destination
     * @param width element width in bytes: 1, 4 or 8
     */
    void gatherRuns(MemorySegment src, MemorySegment starts, MemorySegment bounds, long n, MemorySegment dst,
                    int width);

    /**
     * Jagged runs to the rows of a padded matrix: row {@code e},
     * {@code dst[e * rowLength .. (e + 1) * rowLength)}, holds the first
     * {@code min(bounds[e+1] - bounds[e], rowLength)} elements of run {@code e} of {@code src},
     * {@code src[bounds[e] ..]}, then {@code padding} in every cell after them. Writes exactly
     * {@code n * rowLength} elements.
     *
     * @param src the runs, back to back
     * @param bounds int64 table of {@code n + 1} nondecreasing entries
     * @param n number of runs (rows)
     * @param dst the row-major matrix
     * @param rowLength cells per row, at least 1
     * @param padding the padding element's bits in its low {@code width} bytes (a float's or
     *     double's raw bits, a bool as 0 or 1)
     * @param width element width in bytes: 1, 4 or 8
     */
    void padRuns(MemorySegment src, MemorySegment bounds, long n, MemorySegment dst, long rowLength,
                 long padding, int width);

    /**
     * The inverse of {@link #padRuns}: run {@code e} of {@code dst},
     * {@code dst[bounds[e] .. bounds[e+1])}, gets the first cells of row {@code e} of the
     * row-major matrix {@code src}, and zero bits in the elements past {@code rowLength} (the
     * values a padded row cut off). Writes exactly {@code dst[bounds[0] .. bounds[n])}.
     *
     * @param src the matrix, {@code n} rows of {@code rowLength} cells
     * @param rowLength cells per row
     * @param bounds int64 table of {@code n + 1} nondecreasing entries
     * @param n number of rows (runs)
     * @param dst the runs, back to back
     * @param width element width in bytes: 1, 4 or 8
     */
    void unpadRuns(MemorySegment src, long rowLength, MemorySegment bounds, long n, MemorySegment dst, int width);

    /**
     * Lengths from an int32 offset table, the adjacent difference Arrow's list, map and string
     * offsets need to become Caffe2 lengths: {@code lengths[e] = offsets[from + e + 1] -
     * offsets[from + e]} in int32 arithmetic (a decreasing pair gives a negative length, which
     * {@link #sumLengths} reports). Writes exactly {@code n} lengths.
     *
     * @param offsets int32 elements, {@code from + n + 1} of them
     * @param from first offset read
     * @param n number of lengths
     * @param lengths int32 destination
     */
    void lengthsFromOffsets(MemorySegment offsets, long from, long n, MemorySegment lengths);

    /**
     * Expands a bitmap into presence bytes, as Arrow's validity bitmaps become presence:
     * {@code presence[e] = bit (bitIndex + e)} of {@code bits}, bit {@code k} being bit
     * {@code k % 8} (least significant first) of byte {@code k / 8}. Writes exactly {@code n}
     * bytes, each 0 or 1.
     *
     * @param bits the bitmap, at least {@code ceil((bitIndex + n) / 8)} bytes
     * @param bitIndex first bit read
     * @param n number of bits
     * @param presence 0/1 bytes, destination
     */
    void expandBits(MemorySegment bits, long bitIndex, long n, MemorySegment presence);

    /**
     * Packs bool bytes into a bitmap, the inverse of {@link #expandBits}, as bool tensors become
     * Arrow's bit-packed bool vectors: bit {@code k} of {@code bits}, bit {@code k % 8} (least
     * significant first) of byte {@code k / 8}, is set when {@code bytes[k] != 0}. Any nonzero
     * byte is true, so that a byte other than 0/1 cannot make a bit depend on the kernel. Writes
     * exactly {@code ceil(n / 8)} bytes; the unused high bits of the last one are 0.
     *
     * @param bytes bool elements, {@code n} of them
     * @param n number of elements
     * @param bits the bitmap, destination, at least {@code ceil(n / 8)} bytes
     */
    void packBits(MemorySegment bytes, long n, MemorySegment bits);

    /** @return a short name for logs and benchmarks: {@code scalar} or {@code panama} */
    String name();
}
