package dev.featuremaps.kernels;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link FeatureKernels}, which every implementation extends: each primitive
 * against a plain expectation computed on Java arrays, exactly.
 *
 * <p>Sizes straddle every lane count in use (2, 4, 8, 16 and 32 lanes: {@code L-1, L, L+1,
 * 2L+3}), plus primes and 4099. Every segment sits between guard bytes, and every destination's
 * whole content is compared, so a kernel that writes one byte outside its range fails. In
 * {@code exact} cases each segment ends where its content does, so reading or writing past it
 * throws; otherwise the segment runs on into the guard bytes, where over-reads are allowed and
 * over-writes are caught by the comparison.
 */
public abstract class FeatureKernelsContractTest {
    private static final int[] SIZES = {0, 1, 2, 3, 4, 5, 7, 8, 9, 11, 13, 15, 16, 17, 19, 31, 32, 33, 35, 37,
        63, 64, 65, 67, 101, 257, 1021, 4099};
    private static final double[] DENSITIES = {0, 0.05, 0.5, 0.95, 1};
    private static final int[] WIDTHS = {1, 4, 8};
    /** Bytes after every segment; more than any kernel may over-read. */
    private static final int GUARD_BYTES = 512;
    /** Bytes before every segment; odd, so no segment is aligned. */
    private static final int SKEW_BYTES = 67;
    /** Guard byte: not a valid presence byte, and negative as a length. */
    private static final byte GUARD = (byte) 0xA5;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final int MAX_RUN = 70;

    private Arena arena;

    /** @return the implementation under test */
    protected abstract FeatureKernels kernels();

    @BeforeEach
    void openArena() {
        arena = Arena.ofConfined();
    }

    @AfterEach
    void closeArena() {
        arena.close();
    }

    // ------------------------------------------------------------------ arguments

    static Stream<Arguments> sizes() {
        return Arrays.stream(SIZES).boxed().flatMap(n -> Stream.of(Arguments.of(n, true), Arguments.of(n, false)));
    }

    static Stream<Arguments> sizesAndDensities() {
        return Arrays.stream(SIZES).boxed().flatMap(n -> Arrays.stream(DENSITIES).boxed()
                .flatMap(d -> Stream.of(Arguments.of(n, d, true), Arguments.of(n, d, false))));
    }

    /** Densities, with -1 for "no presence segment". */
    static Stream<Arguments> sizesAndOptionalDensities() {
        return Stream.concat(sizesAndDensities(),
                Arrays.stream(SIZES).boxed().flatMap(n -> Stream.of(Arguments.of(n, -1.0, true),
                        Arguments.of(n, -1.0, false))));
    }

    static Stream<Arguments> sizesDensitiesAndWidths() {
        return sizesAndDensities().flatMap(a -> Arrays.stream(WIDTHS).mapToObj(w -> {
            Object[] g = a.get();
            return Arguments.of(g[0], g[1], w, g[2]);
        }));
    }

    static Stream<Arguments> runCountsAndWidths() {
        return sizes().flatMap(a -> Arrays.stream(WIDTHS).mapToObj(w -> {
            Object[] g = a.get();
            return Arguments.of(g[0], w, g[1]);
        }));
    }

    private static Random random(Object... key) {
        return new Random(Objects.hash(key) * 0x9E3779B97F4A7C15L);
    }

    // ------------------------------------------------------------------ countPresent

    @ParameterizedTest(name = "n={0} density={1} exact={2}")
    @MethodSource("sizesAndDensities")
    void countPresentCountsOnesInItsRangeOnly(int n, double density, boolean exact) {
        Random rnd = random("count", n, density, exact);
        int from = n % 5;
        byte[] presence = presence(rnd, n, density);
        byte[] content = new byte[from + n];
        Arrays.fill(content, 0, from, (byte) 3); // invalid bytes before the range must not count
        System.arraycopy(presence, 0, content, from, n);
        Region r = region(content, exact);
        assertEquals(count(presence), kernels().countPresent(r.segment, from, n));
        r.assertUnchanged(content, 1);
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void countPresentReturnsMinusOneForAnyOtherByte(int n, boolean exact) {
        Random rnd = random("countBad", n, exact);
        byte[] presence = presence(rnd, n, exact ? 1.0 : 0.5);
        Region r = region(presence, exact);
        for (int at : positions(rnd, n)) {
            for (byte bad : new byte[] {2, 3, -1, -128, 127, 0x10, (byte) 0x81, (byte) 0xFE}) {
                r.segment.set(JAVA_BYTE, at, bad);
                assertEquals(-1, kernels().countPresent(r.segment, 0, n), "byte " + bad + " at " + at);
            }
            r.segment.set(JAVA_BYTE, at, presence[at]);
        }
        assertEquals(count(presence), kernels().countPresent(r.segment, 0, n));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("largeCounts")
    void countPresentCountsPastWhatAByteLaneHolds(int n) {
        byte[] ones = new byte[n];
        Arrays.fill(ones, (byte) 1);
        Region r = region(ones, true);
        assertEquals(n, kernels().countPresent(r.segment, 0, n));
        byte[] half = presence(random("large", n), n, 0.5);
        Region h = region(half, true);
        assertEquals(count(half), kernels().countPresent(h.segment, 0, n));
    }

    static IntStream largeCounts() {
        return IntStream.of(255 * 16, 255 * 16 + 1, 255 * 32, 255 * 32 + 1, 16411, 300_007);
    }

    // ------------------------------------------------------------------ sumLengths

    @ParameterizedTest(name = "n={0} exact={1}")
    @MethodSource("sizes")
    void sumLengthsSumsExactly(int n, boolean exact) {
        Random rnd = random("sum", n, exact);
        for (int max : new int[] {MAX_RUN, Integer.MAX_VALUE}) {
            int[] lengths = lengths(rnd, n, max);
            Region r = region(ints(lengths), exact);
            assertEquals(Arrays.stream(lengths).asLongStream().sum(), kernels().sumLengths(r.segment, n));
        }
    }

    /** Zero is a sum like any other: not the -1 of a negative length, in any chunk. */
    @ParameterizedTest(name = "n={0} exact={1}")
    @MethodSource("sizes")
    void zeroLengthsSumToZero(int n, boolean exact) {
        Region r = region(ints(new int[n]), exact);
        assertEquals(0, kernels().sumLengths(r.segment, n));
        byte[] all = new byte[n];
        Arrays.fill(all, (byte) 1);
        Region p = region(all, exact);
        assertEquals(0, kernels().sumPresentLengths(r.segment, p.segment, n));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("largeCounts")
    void sumLengthsOfLargeLengthsDoesNotOverflow(int n) {
        int[] lengths = new int[n];
        Arrays.fill(lengths, Integer.MAX_VALUE);
        Region r = region(ints(lengths), true);
        assertEquals((long) n * Integer.MAX_VALUE, kernels().sumLengths(r.segment, n));
        byte[] presence = presence(random("largeSum", n), n, 0.5);
        Region p = region(presence, true);
        assertEquals(count(presence) * Integer.MAX_VALUE, kernels().sumPresentLengths(r.segment, p.segment, n));
    }

    @ParameterizedTest(name = "n={0} exact={1}")
    @MethodSource("sizes")
    void sumLengthsReturnsMinusOneForANegativeLength(int n, boolean exact) {
        Random rnd = random("sumBad", n, exact);
        int[] lengths = lengths(rnd, n, Integer.MAX_VALUE);
        Region r = region(ints(lengths), exact);
        for (int at : positions(rnd, n)) {
            for (int bad : new int[] {-1, Integer.MIN_VALUE, -MAX_RUN}) {
                r.segment.set(JAVA_INT_UNALIGNED, 4L * at, bad);
                assertEquals(-1, kernels().sumLengths(r.segment, n), bad + " at " + at);
            }
            r.segment.set(JAVA_INT_UNALIGNED, 4L * at, lengths[at]);
        }
    }

    @ParameterizedTest(name = "n={0} density={1} exact={2}")
    @MethodSource("sizesAndDensities")
    void sumPresentLengthsIgnoresAbsentLengths(int n, double density, boolean exact) {
        Random rnd = random("sumPresent", n, density, exact);
        byte[] presence = presence(rnd, n, density);
        for (int max : new int[] {MAX_RUN, Integer.MAX_VALUE}) {
            int[] lengths = lengths(rnd, n, max);
            long expected = 0;
            for (int e = 0; e < n; e++) {
                if (presence[e] == 1) {
                    expected += lengths[e];
                } else {
                    lengths[e] = rnd.nextInt(); // absent lengths may hold anything, negative too
                }
            }
            Region l = region(ints(lengths), exact);
            Region p = region(presence, exact);
            assertEquals(expected, kernels().sumPresentLengths(l.segment, p.segment, n));
        }
    }

    @ParameterizedTest(name = "n={0} exact={1}")
    @MethodSource("sizes")
    void sumPresentLengthsReturnsMinusOneForANegativePresentLength(int n, boolean exact) {
        Random rnd = random("sumPresentBad", n, exact);
        byte[] presence = presence(rnd, n, 1.0);
        int[] lengths = lengths(rnd, n, Integer.MAX_VALUE);
        Region l = region(ints(lengths), exact);
        Region p = region(presence, exact);
        for (int at : positions(rnd, n)) {
            l.segment.set(JAVA_INT_UNALIGNED, 4L * at, Integer.MIN_VALUE + at);
            assertEquals(-1, kernels().sumPresentLengths(l.segment, p.segment, n), "at " + at);
            p.segment.set(JAVA_BYTE, at, (byte) 0);
            assertNotEquals(-1, kernels().sumPresentLengths(l.segment, p.segment, n), "absent at " + at);
            p.segment.set(JAVA_BYTE, at, (byte) 1);
            l.segment.set(JAVA_INT_UNALIGNED, 4L * at, lengths[at]);
        }
    }

    // ------------------------------------------------------------------ prefix sums

    @ParameterizedTest(name = "n={0} density={1} exact={2}")
    @MethodSource("sizesAndOptionalDensities")
    void prefixSumWritesNPlusOneBounds(int n, double density, boolean exact) {
        Random rnd = random("prefix", n, density, exact);
        for (int max : new int[] {MAX_RUN, Integer.MAX_VALUE}) {
            int[] lengths = lengths(rnd, n, max);
            byte[] presence = density < 0 ? null : presence(rnd, n, density);
            long[] expected = new long[n + 1];
            for (int e = 0; e < n; e++) {
                boolean present = presence == null || presence[e] == 1;
                if (!present) {
                    lengths[e] = rnd.nextInt();
                }
                expected[e + 1] = expected[e] + (present ? lengths[e] : 0);
            }
            Region l = region(ints(lengths), exact);
            Region p = presence == null ? null : region(presence, exact);
            byte[] before = randomBytes(rnd, 8 * (n + 1));
            Region b = region(before, exact);
            assertEquals(expected[n], kernels().prefixSum(l.segment, p == null ? null : p.segment, n, b.segment));
            b.assertContent(longs(expected), 8);
        }
    }

    @ParameterizedTest(name = "n={0} exact={1}")
    @MethodSource("sizes")
    void segmentedPrefixSumSumsWholeSegments(int n, boolean exact) {
        Random rnd = random("segmented", n, exact);
        int[] segments = lengths(rnd, n, 5);
        int runs = Arrays.stream(segments).sum();
        int[] runLengths = lengths(rnd, runs, MAX_RUN);
        long[] expected = new long[n + 1];
        int run = 0;
        for (int e = 0; e < n; e++) {
            expected[e + 1] = expected[e];
            for (int k = 0; k < segments[e]; k++) {
                expected[e + 1] += runLengths[run++];
            }
        }
        Region r = region(ints(runLengths), exact);
        Region s = region(ints(segments), exact);
        Region b = region(randomBytes(rnd, 8 * (n + 1)), exact);
        assertEquals(expected[n], kernels().segmentedPrefixSum(r.segment, s.segment, n, b.segment));
        b.assertContent(longs(expected), 8);
    }

    @ParameterizedTest(name = "n={0} exact={1}")
    @MethodSource("sizes")
    void exclusiveScanReplacesValuesByTheSumBefore(int n, boolean exact) {
        Random rnd = random("scan", n, exact);
        long[] values = new long[n];
        long[] expected = new long[n];
        long sum = 0;
        for (int e = 0; e < n; e++) {
            values[e] = e % 3 == 0 ? rnd.nextLong() : rnd.nextInt(MAX_RUN + 1);
            expected[e] = sum;
            sum += values[e];
        }
        Region v = region(longs(values), exact);
        assertEquals(sum, kernels().exclusiveScan(v.segment, n));
        v.assertContent(longs(expected), 8);
    }

    // ------------------------------------------------------------------ lane-wise updates

    @ParameterizedTest(name = "n={0} density={1} exact={2}")
    @MethodSource("sizesAndDensities")
    void addPresenceAddsOneWherePresent(int n, double density, boolean exact) {
        Random rnd = random("addPresence", n, density, exact);
        byte[] presence = presence(rnd, n, density);
        int[] counts = IntStream.range(0, n).map(e -> rnd.nextInt()).toArray();
        int[] expected = new int[n];
        Arrays.setAll(expected, e -> counts[e] + presence[e]);
        Region p = region(presence, exact);
        Region c = region(ints(counts), exact);
        kernels().addPresence(p.segment, n, c.segment);
        c.assertContent(ints(expected), 4);
    }

    @ParameterizedTest(name = "n={0} density={1} exact={2}")
    @MethodSource("sizesAndOptionalDensities")
    void addLengthsAddsPresentLengths(int n, double density, boolean exact) {
        Random rnd = random("addLengths", n, density, exact);
        byte[] presence = density < 0 ? null : presence(rnd, n, density);
        int[] lengths = IntStream.range(0, n).map(e -> rnd.nextInt()).toArray();
        int[] counts = IntStream.range(0, n).map(e -> rnd.nextInt()).toArray();
        int[] expected = new int[n];
        Arrays.setAll(expected, e -> counts[e] + (presence == null || presence[e] == 1 ? lengths[e] : 0));
        Region l = region(ints(lengths), exact);
        Region p = presence == null ? null : region(presence, exact);
        Region c = region(ints(counts), exact);
        kernels().addLengths(l.segment, p == null ? null : p.segment, n, c.segment);
        c.assertContent(ints(expected), 4);
    }

    @ParameterizedTest(name = "n={0} exact={1}")
    @MethodSource("sizes")
    void advanceMovesCursorsPastRuns(int n, boolean exact) {
        Random rnd = random("advance", n, exact);
        long[] bounds = bounds(rnd, n, rnd.nextInt(1 << 20));
        long[] cursors = new long[n];
        long[] expected = new long[n];
        for (int e = 0; e < n; e++) {
            cursors[e] = rnd.nextLong() >> 2;
            expected[e] = cursors[e] + bounds[e + 1] - bounds[e];
        }
        Region b = region(longs(bounds), exact);
        Region c = region(longs(cursors), exact);
        kernels().advance(c.segment, b.segment, n);
        c.assertContent(longs(expected), 8);
    }

    @ParameterizedTest(name = "n={0} density={1} exact={2}")
    @MethodSource("sizesAndDensities")
    void advancePresentMovesCursorsPastPresentElements(int n, double density, boolean exact) {
        Random rnd = random("advancePresent", n, density, exact);
        byte[] presence = presence(rnd, n, density);
        long[] cursors = new long[n];
        long[] expected = new long[n];
        for (int e = 0; e < n; e++) {
            cursors[e] = rnd.nextLong() >> 2;
            expected[e] = cursors[e] + presence[e];
        }
        Region p = region(presence, exact);
        Region c = region(longs(cursors), exact);
        kernels().advancePresent(c.segment, p.segment, n);
        c.assertContent(longs(expected), 8);
    }

    // ------------------------------------------------------------------ compaction

    @ParameterizedTest(name = "n={0} density={1} width={2} exact={3}")
    @MethodSource("sizesDensitiesAndWidths")
    void compactCopiesPresentElementsInOrder(int n, double density, int width, boolean exact) {
        Random rnd = random("compact", n, density, width, exact);
        int srcIndex = n % 3;
        int presenceIndex = n % 5;
        int dstIndex = n % 7;
        byte[] presence = presence(rnd, n, density);
        int present = (int) count(presence);
        byte[] presenceContent = new byte[presenceIndex + n];
        Arrays.fill(presenceContent, 0, presenceIndex, (byte) 1);
        System.arraycopy(presence, 0, presenceContent, presenceIndex, n);
        byte[] src = randomBytes(rnd, width * (srcIndex + n));
        byte[] dst = randomBytes(rnd, width * (dstIndex + present + (exact ? 0 : 3)));
        byte[] expected = dst.clone();
        int k = dstIndex;
        for (int i = 0; i < n; i++) {
            if (presence[i] == 1) {
                System.arraycopy(src, width * (srcIndex + i), expected, width * k++, width);
            }
        }
        Region s = region(src, exact);
        Region p = region(presenceContent, exact);
        Region d = region(dst, exact);
        assertEquals(present, kernels().compact(s.segment, srcIndex, p.segment, presenceIndex, n, d.segment,
                dstIndex, width));
        d.assertContent(expected, width);
    }

    /** As the dense merge uses it: row after row appended to one output. */
    @ParameterizedTest(name = "columns={0} density={1} width={2} exact={3}")
    @MethodSource("sizesDensitiesAndWidths")
    void compactAppendsRowAfterRow(int columns, double density, int width, boolean exact) {
        if (columns > 257) {
            columns = columns % 97;
        }
        Random rnd = random("rows", columns, density, width, exact);
        int rows = 11;
        int n = rows * columns;
        byte[] presence = presence(rnd, n, density);
        int present = (int) count(presence);
        byte[] src = randomBytes(rnd, width * n);
        byte[] dst = randomBytes(rnd, width * (present + (exact ? 0 : 2)));
        byte[] expected = dst.clone();
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (presence[i] == 1) {
                System.arraycopy(src, width * i, expected, width * k++, width);
            }
        }
        Region s = region(src, exact);
        Region p = region(presence, exact);
        Region d = region(dst, exact);
        long to = 0;
        for (int row = 0; row < rows; row++) {
            to += kernels().compact(s.segment, (long) row * columns, p.segment, (long) row * columns, columns,
                    d.segment, to, width);
        }
        assertEquals(present, to);
        d.assertContent(expected, width);
    }

    // ------------------------------------------------------------------ scatter and gather by index

    @ParameterizedTest(name = "n={0} density={1} exact={2}")
    @MethodSource("sizesAndDensities")
    void scatterConstantWritesAtPresentElementsOnly(int n, double density, boolean exact) {
        Random rnd = random("constant", n, density, exact);
        byte[] presence = presence(rnd, n, density);
        int present = (int) count(presence);
        int slots = 2 * present + (exact ? 0 : 3);
        long[] starts = slotsFor(rnd, presence, slots);
        long value = rnd.nextLong();
        byte[] dst = randomBytes(rnd, 8 * slots);
        byte[] expected = dst.clone();
        byte[] valueBytes = longs(value);
        for (int e = 0; e < n; e++) {
            if (presence[e] == 1) {
                System.arraycopy(valueBytes, 0, expected, 8 * (int) starts[e], 8);
            }
        }
        Region p = region(presence, exact);
        Region d = region(dst, exact);
        Region st = region(longs(starts), exact);
        kernels().scatterConstant(value, p.segment, n, d.segment, st.segment);
        d.assertContent(expected, 8);
    }

    // ------------------------------------------------------------------ runs

    /**
     * Runs of one input scattered between runs of others, as the multi merges lay them out:
     * the bytes between runs stand for data already written, and must survive.
     */
    @ParameterizedTest(name = "runs={0} width={1} exact={2}")
    @MethodSource("runCountsAndWidths")
    void scatterRunsCopiesEachRunAndNothingElse(int n, int width, boolean exact) {
        Random rnd = random("scatterRuns", n, width, exact);
        for (boolean inOrder : new boolean[] {true, false}) {
            long base = n % 4;
            long[] bounds = runBounds(rnd, n, base);
            int[] lengths = runLengths(bounds);
            Layout layout = layout(rnd, lengths, inOrder, exact);
            byte[] src = randomBytes(rnd, width * (int) bounds[n]);
            byte[] dst = randomBytes(rnd, width * layout.size);
            byte[] expected = dst.clone();
            for (int e = 0; e < n; e++) {
                System.arraycopy(src, width * (int) bounds[e], expected, width * (int) layout.starts[e],
                        width * lengths[e]);
            }
            Region s = region(src, exact);
            Region b = region(longs(bounds), exact);
            Region d = region(dst, exact);
            Region st = region(longs(layout.starts), exact);
            kernels().scatterRuns(s.segment, b.segment, n, d.segment, st.segment, width);
            d.assertContent(expected, width);
        }
    }

    /** The inverse of the scatter: scattered runs, and the bytes between them, read back to back. */
    @ParameterizedTest(name = "runs={0} width={1} exact={2}")
    @MethodSource("runCountsAndWidths")
    void gatherRunsCopiesEachRunAndNothingElse(int n, int width, boolean exact) {
        Random rnd = random("gatherRuns", n, width, exact);
        for (boolean inOrder : new boolean[] {true, false}) {
            long base = n % 4;
            long[] bounds = runBounds(rnd, n, base);
            int[] lengths = runLengths(bounds);
            Layout layout = layout(rnd, lengths, inOrder, exact);
            byte[] src = randomBytes(rnd, width * layout.size);
            byte[] dst = randomBytes(rnd, width * (int) bounds[n]);
            byte[] expected = dst.clone();
            for (int e = 0; e < n; e++) {
                System.arraycopy(src, width * (int) layout.starts[e], expected, width * (int) bounds[e],
                        width * lengths[e]);
            }
            Region s = region(src, exact);
            Region b = region(longs(bounds), exact);
            Region d = region(dst, exact);
            Region st = region(longs(layout.starts), exact);
            kernels().gatherRuns(s.segment, st.segment, b.segment, n, d.segment, width);
            d.assertContent(expected, width);
        }
    }

    /** Row lengths below, at and past the run lengths and the vector widths. */
    private static final long[] ROW_LENGTHS = {1, 2, 3, 7, 8, 9, 33, 70, 71};

    @ParameterizedTest(name = "runs={0} width={1} exact={2}")
    @MethodSource("runCountsAndWidths")
    void padRunsWritesEachRowCutOrPaddedAndNothingElse(int n, int width, boolean exact) {
        Random rnd = random("padRuns", n, width, exact);
        for (long rowLength : ROW_LENGTHS) {
            long base = n % 4;
            long[] bounds = runBounds(rnd, n, base);
            int[] lengths = runLengths(bounds);
            byte[] src = randomBytes(rnd, width * (int) bounds[n]);
            byte[] dst = randomBytes(rnd, width * n * (int) rowLength);
            long padding = rnd.nextLong();
            byte[] pad = Arrays.copyOf(longs(padding), width);
            byte[] expected = new byte[dst.length];
            for (int e = 0; e < n; e++) {
                int kept = (int) Math.min(lengths[e], rowLength);
                int row = width * e * (int) rowLength;
                System.arraycopy(src, width * (int) bounds[e], expected, row, width * kept);
                for (int c = kept; c < rowLength; c++) {
                    System.arraycopy(pad, 0, expected, row + width * c, width);
                }
            }
            Region s = region(src, exact);
            Region b = region(longs(bounds), exact);
            Region d = region(dst, exact);
            kernels().padRuns(s.segment, b.segment, n, d.segment, rowLength, padding, width);
            d.assertContent(expected, width);
            s.assertUnchanged(src, width);
        }
    }

    @ParameterizedTest(name = "runs={0} width={1} exact={2}")
    @MethodSource("runCountsAndWidths")
    void unpadRunsWritesEachRunFromItsRowAndZerosPastIt(int n, int width, boolean exact) {
        Random rnd = random("unpadRuns", n, width, exact);
        for (long rowLength : ROW_LENGTHS) {
            long base = n % 4;
            long[] bounds = runBounds(rnd, n, base);
            int[] lengths = runLengths(bounds);
            byte[] src = randomBytes(rnd, width * n * (int) rowLength);
            byte[] dst = randomBytes(rnd, width * (int) bounds[n]);
            byte[] expected = dst.clone();
            for (int e = 0; e < n; e++) {
                int kept = (int) Math.min(lengths[e], rowLength);
                int to = width * (int) bounds[e];
                System.arraycopy(src, width * e * (int) rowLength, expected, to, width * kept);
                Arrays.fill(expected, to + width * kept, to + width * lengths[e], (byte) 0);
            }
            Region s = region(src, exact);
            Region b = region(longs(bounds), exact);
            Region d = region(dst, exact);
            kernels().unpadRuns(s.segment, rowLength, b.segment, n, d.segment, width);
            d.assertContent(expected, width);
        }
    }

    @ParameterizedTest(name = "rows={0} width={1} exact={2}")
    @MethodSource("runCountsAndWidths")
    void transposeColumnsWritesTheTileAndNothingElse(int rows, int width, boolean exact) {
        Random rnd = random("transposeColumns", rows, width, exact);
        for (int count : new int[] {1, 3, 8, 13}) {
            int from = rnd.nextInt(4);
            byte[][] columns = new byte[count][];
            MemorySegment[] segments = new MemorySegment[count + 1];
            for (int i = 0; i < count; i++) {
                columns[i] = randomBytes(rnd, width * (from + rows + rnd.nextInt(3)));
                segments[i] = region(columns[i], exact).segment;
            }
            segments[count] = MemorySegment.NULL;
            byte[] tile = randomBytes(rnd, width * rows * count);
            byte[] expected = tile.clone();
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < count; i++) {
                    System.arraycopy(columns[i], width * (from + r), expected, width * (r * count + i), width);
                }
            }
            Region t = region(tile, exact);
            kernels().transposeColumns(segments, count, from, rows, t.segment, width);
            t.assertContent(expected, width);
        }
    }

    @ParameterizedTest(name = "rows={0} width={1} exact={2}")
    @MethodSource("runCountsAndWidths")
    void transposeRowsWritesTheColumnsAndNothingElse(int rows, int width, boolean exact) {
        Random rnd = random("transposeRows", rows, width, exact);
        for (int count : new int[] {1, 3, 8, 13}) {
            int from = rnd.nextInt(4);
            byte[] tile = randomBytes(rnd, width * rows * count);
            byte[][] columns = new byte[count][];
            byte[][] expected = new byte[count][];
            Region[] regions = new Region[count];
            MemorySegment[] segments = new MemorySegment[count + 1];
            for (int i = 0; i < count; i++) {
                columns[i] = randomBytes(rnd, width * (from + rows + rnd.nextInt(3)));
                expected[i] = columns[i].clone();
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(tile, width * (r * count + i), expected[i], width * (from + r), width);
                }
                regions[i] = region(columns[i], exact);
                segments[i] = regions[i].segment;
            }
            segments[count] = MemorySegment.NULL;
            Region t = region(tile, exact);
            kernels().transposeRows(t.segment, rows, count, segments, from, width);
            for (int i = 0; i < count; i++) {
                regions[i].assertContent(expected[i], width);
            }
            t.assertUnchanged(tile, width);
        }
    }

    @ParameterizedTest(name = "n={0} density={1} width={2} exact={3}")
    @MethodSource("sizesDensitiesAndWidths")
    void expandPutsPresentElementsBackAndZeroesTheRest(int n, double density, int width, boolean exact) {
        Random rnd = random("expand", n, density, width, exact);
        byte[] presence = presence(rnd, n, density);
        int present = (int) count(presence);
        int srcIndex = n % 3;
        int presenceIndex = n % 5;
        int dstIndex = n % 4;
        byte[] src = randomBytes(rnd, width * (srcIndex + present));
        byte[] allPresence = new byte[presenceIndex + n];
        System.arraycopy(presence, 0, allPresence, presenceIndex, n);
        byte[] dst = randomBytes(rnd, width * (dstIndex + n + (exact ? 0 : 2)));
        byte[] expected = dst.clone();
        int j = srcIndex;
        for (int x = 0; x < n; x++) {
            if (presence[x] != 0) {
                System.arraycopy(src, width * j++, expected, width * (dstIndex + x), width);
            } else {
                Arrays.fill(expected, width * (dstIndex + x), width * (dstIndex + x + 1), (byte) 0);
            }
        }
        Region s = region(src, exact);
        Region p = region(allPresence, exact);
        Region d = region(dst, exact);
        long read = kernels().expand(s.segment, srcIndex, p.segment, presenceIndex, n, d.segment, dstIndex, width);
        assertEquals(present, read, "elements read");
        d.assertContent(expected, width);
    }

    /**
     * One to three inputs, their runs merged example-major after {@code dstIndex} elements that
     * stand for data already written; the elements after the merged range must survive too.
     */
    @ParameterizedTest(name = "runs={0} width={1} exact={2}")
    @MethodSource("runCountsAndWidths")
    void interleaveRunsMergesExampleMajorAndNothingElse(int n, int width, boolean exact) {
        Random rnd = random("interleaveRuns", n, width, exact);
        for (int inputs = 1; inputs <= 3; inputs++) {
            long[][] bounds = new long[inputs][];
            byte[][] src = new byte[inputs][];
            int total = 0;
            for (int j = 0; j < inputs; j++) {
                bounds[j] = runBounds(rnd, n, (n + j) % 4);
                src[j] = randomBytes(rnd, width * (int) bounds[j][n]);
                total += (int) (bounds[j][n] - bounds[j][0]);
            }
            int dstIndex = n % 3;
            byte[] dst = randomBytes(rnd, width * (dstIndex + total + (exact ? 0 : 3)));
            byte[] expected = dst.clone();
            int at = dstIndex;
            for (int e = 0; e < n; e++) {
                for (int j = 0; j < inputs; j++) {
                    int length = (int) (bounds[j][e + 1] - bounds[j][e]);
                    System.arraycopy(src[j], width * (int) bounds[j][e], expected, width * at, width * length);
                    at += length;
                }
            }
            MemorySegment[] sources = new MemorySegment[inputs + 1];
            MemorySegment[] tables = new MemorySegment[inputs + 1];
            Region[] regions = new Region[inputs];
            for (int j = 0; j < inputs; j++) {
                regions[j] = region(src[j], exact);
                sources[j] = regions[j].segment;
                tables[j] = region(longs(bounds[j]), exact).segment;
            }
            // one more element than used, which the kernel must ignore
            sources[inputs] = MemorySegment.NULL;
            tables[inputs] = MemorySegment.NULL;
            Region d = region(dst, exact);
            long end = kernels().interleaveRuns(sources, tables, inputs, n, d.segment, dstIndex, width);
            assertEquals(at, end, "index after the merged runs");
            d.assertContent(expected, width);
            for (int j = 0; j < inputs; j++) {
                regions[j].assertUnchanged(src[j], width);
            }
        }
    }

    /**
     * Two run sets of different widths under the same bounds, as a map merge's keys and values:
     * each merged as {@code interleaveRuns} would, in one call; past the merged ranges the
     * destinations, and the sources, must survive.
     */
    @ParameterizedTest(name = "runs={0} width={1} exact={2}")
    @MethodSource("runCountsAndWidths")
    void interleaveRunPairsMergesBothSetsExampleMajorAndNothingElse(int n, int width, boolean exact) {
        Random rnd = random("interleaveRunPairs", n, width, exact);
        int valueWidth = width == 8 ? 4 : 8;
        for (int inputs = 1; inputs <= 3; inputs++) {
            long[][] bounds = new long[inputs][];
            byte[][] keys = new byte[inputs][];
            byte[][] values = new byte[inputs][];
            int total = 0;
            for (int j = 0; j < inputs; j++) {
                bounds[j] = runBounds(rnd, n, (n + j) % 4);
                keys[j] = randomBytes(rnd, width * (int) bounds[j][n]);
                values[j] = randomBytes(rnd, valueWidth * (int) bounds[j][n]);
                total += (int) (bounds[j][n] - bounds[j][0]);
            }
            int spare = exact ? 0 : 3;
            byte[] dstKeys = randomBytes(rnd, width * (total + spare));
            byte[] dstValues = randomBytes(rnd, valueWidth * (total + spare));
            byte[] expectedKeys = dstKeys.clone();
            byte[] expectedValues = dstValues.clone();
            int at = 0;
            for (int e = 0; e < n; e++) {
                for (int j = 0; j < inputs; j++) {
                    int from = (int) bounds[j][e];
                    int length = (int) (bounds[j][e + 1] - from);
                    System.arraycopy(keys[j], width * from, expectedKeys, width * at, width * length);
                    System.arraycopy(values[j], valueWidth * from, expectedValues, valueWidth * at,
                            valueWidth * length);
                    at += length;
                }
            }
            MemorySegment[] keySources = new MemorySegment[inputs + 1];
            MemorySegment[] valueSources = new MemorySegment[inputs + 1];
            MemorySegment[] tables = new MemorySegment[inputs + 1];
            Region[] keyRegions = new Region[inputs];
            Region[] valueRegions = new Region[inputs];
            for (int j = 0; j < inputs; j++) {
                keyRegions[j] = region(keys[j], exact);
                valueRegions[j] = region(values[j], exact);
                keySources[j] = keyRegions[j].segment;
                valueSources[j] = valueRegions[j].segment;
                tables[j] = region(longs(bounds[j]), exact).segment;
            }
            // one more element than used, which the kernel must ignore
            keySources[inputs] = MemorySegment.NULL;
            valueSources[inputs] = MemorySegment.NULL;
            tables[inputs] = MemorySegment.NULL;
            Region dk = region(dstKeys, exact);
            Region dv = region(dstValues, exact);
            long end = kernels().interleaveRunPairs(keySources, valueSources, tables, inputs, n, dk.segment, width,
                    dv.segment, valueWidth);
            assertEquals(at, end, "elements written to each destination");
            dk.assertContent(expectedKeys, width);
            dv.assertContent(expectedValues, valueWidth);
            for (int j = 0; j < inputs; j++) {
                keyRegions[j].assertUnchanged(keys[j], width);
                valueRegions[j].assertUnchanged(values[j], valueWidth);
            }
        }
    }

    /**
     * {@code n} entries drawn from one to three inputs in random order (as a sparse merge's
     * present entries are): each takes its input's next run, and the cursors end past the
     * runs read. The destination after the gathered range, and the sources, must survive.
     */
    @ParameterizedTest(name = "entries={0} width={1} exact={2}")
    @MethodSource("runCountsAndWidths")
    void gatherEntryRunsTakesEachInputsNextRunAndNothingElse(int n, int width, boolean exact) {
        Random rnd = random("gatherEntryRuns", n, width, exact);
        for (int inputs = 1; inputs <= 3; inputs++) {
            int[] columns = new int[n];
            int[] lengths = new int[n];
            long[] start = new long[inputs];
            long[] used = new long[inputs];
            for (int j = 0; j < inputs; j++) {
                start[j] = rnd.nextInt(4);
                used[j] = start[j];
            }
            int total = 0;
            for (int t = 0; t < n; t++) {
                columns[t] = rnd.nextInt(inputs);
                lengths[t] = rnd.nextInt(8) == 0 ? rnd.nextInt(401) : rnd.nextInt(MAX_RUN + 1);
                used[columns[t]] += lengths[t];
                total += lengths[t];
            }
            byte[][] src = new byte[inputs][];
            for (int j = 0; j < inputs; j++) {
                src[j] = randomBytes(rnd, width * ((int) used[j] + (exact ? 0 : rnd.nextInt(3))));
            }
            int dstIndex = n % 3;
            byte[] dst = randomBytes(rnd, width * (dstIndex + total + (exact ? 0 : 3)));
            byte[] expected = dst.clone();
            long[] cursor = start.clone();
            int at = dstIndex;
            for (int t = 0; t < n; t++) {
                int j = columns[t];
                System.arraycopy(src[j], width * (int) cursor[j], expected, width * at, width * lengths[t]);
                cursor[j] += lengths[t];
                at += lengths[t];
            }
            MemorySegment[] sources = new MemorySegment[inputs + 1];
            Region[] regions = new Region[inputs];
            for (int j = 0; j < inputs; j++) {
                regions[j] = region(src[j], exact);
                sources[j] = regions[j].segment;
            }
            sources[inputs] = MemorySegment.NULL;
            Region c = region(longs(start), exact);
            Region d = region(dst, exact);
            kernels().gatherEntryRuns(sources, region(ints(columns), exact).segment,
                    region(ints(lengths), exact).segment, n, c.segment, d.segment, dstIndex, total, width);
            d.assertContent(expected, width);
            c.assertContent(longs(used), Long.BYTES);
            for (int j = 0; j < inputs; j++) {
                regions[j].assertUnchanged(src[j], width);
            }
        }
    }

    @ParameterizedTest(name = "runs={0} width={1} exact={2}")
    @MethodSource("runCountsAndWidths")
    void deinterleaveRunsSplitsExampleMajorAndNothingElse(int n, int width, boolean exact) {
        Random rnd = random("deinterleaveRuns", n, width, exact);
        for (int inputs = 1; inputs <= 3; inputs++) {
            long[][] bounds = new long[inputs][];
            byte[][] dst = new byte[inputs][];
            byte[][] expected = new byte[inputs][];
            int total = 0;
            for (int j = 0; j < inputs; j++) {
                bounds[j] = runBounds(rnd, n, (n + j) % 4);
                dst[j] = randomBytes(rnd, width * ((int) bounds[j][n] + (exact ? 0 : 3)));
                expected[j] = dst[j].clone();
                total += (int) (bounds[j][n] - bounds[j][0]);
            }
            int srcIndex = n % 3;
            byte[] src = randomBytes(rnd, width * (srcIndex + total + (exact ? 0 : 3)));
            int at = srcIndex;
            for (int e = 0; e < n; e++) {
                for (int j = 0; j < inputs; j++) {
                    int length = (int) (bounds[j][e + 1] - bounds[j][e]);
                    System.arraycopy(src, width * at, expected[j], width * (int) bounds[j][e], width * length);
                    at += length;
                }
            }
            MemorySegment[] destinations = new MemorySegment[inputs + 1];
            MemorySegment[] tables = new MemorySegment[inputs + 1];
            Region[] regions = new Region[inputs];
            for (int j = 0; j < inputs; j++) {
                regions[j] = region(dst[j], exact);
                destinations[j] = regions[j].segment;
                tables[j] = region(longs(bounds[j]), exact).segment;
            }
            destinations[inputs] = MemorySegment.NULL;
            tables[inputs] = MemorySegment.NULL;
            Region s = region(src, exact);
            long end = kernels().deinterleaveRuns(s.segment, srcIndex, destinations, tables, inputs, n, width);
            assertEquals(at, end, "index after the runs read");
            for (int j = 0; j < inputs; j++) {
                regions[j].assertContent(expected[j], width);
            }
            s.assertUnchanged(src, width);
        }
    }

    /** Where the runs go: in run order or shuffled, 0 to 3 elements apart. */
    private record Layout(long[] starts, int size) {
    }

    private static Layout layout(Random rnd, int[] lengths, boolean inOrder, boolean exact) {
        int n = lengths.length;
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        if (!inOrder) {
            Collections.shuffle(order, rnd);
        }
        long[] starts = new long[n];
        int at = 0;
        for (int k = 0; k < n; k++) {
            // mostly touching, so that a run written past its end hits its neighbor
            at += rnd.nextInt(4) == 0 ? rnd.nextInt(4) : 0;
            int e = order.get(k);
            starts[e] = at;
            at += lengths[e];
        }
        return new Layout(starts, at + (exact ? 0 : 1 + rnd.nextInt(3)));
    }

    /** Back-to-back runs from {@code base}: mostly 0 to 70 elements, some up to 400. */
    private static long[] runBounds(Random rnd, int n, long base) {
        long[] bounds = new long[n + 1];
        bounds[0] = base;
        for (int e = 0; e < n; e++) {
            int length = rnd.nextInt(8) == 0 ? rnd.nextInt(401) : rnd.nextInt(MAX_RUN + 1);
            bounds[e + 1] = bounds[e] + length;
        }
        return bounds;
    }

    private static int[] runLengths(long[] bounds) {
        int[] lengths = new int[bounds.length - 1];
        Arrays.setAll(lengths, e -> (int) (bounds[e + 1] - bounds[e]));
        return lengths;
    }

    // ------------------------------------------------------------------ Arrow layouts

    @ParameterizedTest(name = "n={0} exact={1}")
    @MethodSource("sizes")
    void lengthsFromOffsetsTakesAdjacentDifferences(int n, boolean exact) {
        Random rnd = random("lengthsFromOffsets", n, exact);
        int from = n % 3;
        int[] offsets = new int[from + n + 1];
        offsets[0] = rnd.nextInt(1000) - 500;
        for (int i = 1; i < offsets.length; i++) {
            // Decreasing and wrapping pairs too: the kernel subtracts, its callers judge.
            offsets[i] = i % 7 == 0 ? rnd.nextInt() : offsets[i - 1] + rnd.nextInt(MAX_RUN + 1);
        }
        int[] expected = new int[n];
        Arrays.setAll(expected, e -> offsets[from + e + 1] - offsets[from + e]);
        Region o = region(ints(offsets), exact);
        Region l = region(randomBytes(rnd, 4 * n), exact);
        kernels().lengthsFromOffsets(o.segment, from, n, l.segment);
        l.assertContent(ints(expected), 4);
        o.assertUnchanged(ints(offsets), 4);
    }

    @ParameterizedTest(name = "n={0} density={1} exact={2}")
    @MethodSource("sizesAndDensities")
    void expandBitsWritesOneBytePerBitFromAnyBitIndex(int n, double density, boolean exact) {
        for (int bitIndex : new int[] {0, 1, 7, 8, 13, 64}) {
            Random rnd = random("expandBits", n, density, bitIndex, exact);
            byte[] expected = presence(rnd, n, density);
            byte[] bitmap = new byte[(bitIndex + n + 7) / 8];
            rnd.nextBytes(bitmap); // bits outside the range are garbage and must not be read as ours
            for (int e = 0; e < n; e++) {
                int k = bitIndex + e;
                bitmap[k >>> 3] = (byte) (bitmap[k >>> 3] & ~(1 << (k & 7)) | expected[e] << (k & 7));
            }
            Region b = region(bitmap, exact);
            Region p = region(randomBytes(rnd, n), exact);
            kernels().expandBits(b.segment, bitIndex, n, p.segment);
            p.assertContent(expected, 1);
            b.assertUnchanged(bitmap, 1);
        }
    }

    /** Sizes around every word and vector step of {@code packBits} (8, 16, 32, 64 bytes). */
    static Stream<Arguments> packSizesAndDensities() {
        int[] more = {127, 128, 129, 191, 192, 193, 255, 256, 511, 512, 513, 3001};
        return IntStream.concat(Arrays.stream(SIZES), Arrays.stream(more)).boxed()
                .flatMap(n -> Arrays.stream(DENSITIES).boxed()
                        .flatMap(d -> Stream.of(Arguments.of(n, d, true), Arguments.of(n, d, false))));
    }

    @ParameterizedTest(name = "n={0} density={1} exact={2}")
    @MethodSource("packSizesAndDensities")
    void packBitsSetsOneBitPerNonzeroByteAndZerosTheRestOfTheLastByte(int n, double density, boolean exact) {
        Random rnd = random("packBits", n, density, exact);
        byte[] bytes = new byte[n];
        for (int e = 0; e < n; e++) {
            if (rnd.nextDouble() < density) {
                // Mostly 1, as bool tensors hold, but any nonzero byte is true: the sign bit too.
                bytes[e] = switch (rnd.nextInt(4)) {
                    case 0 -> (byte) 0x80;
                    case 1 -> (byte) (1 + rnd.nextInt(255));
                    default -> 1;
                };
            }
        }
        byte[] expected = new byte[(n + 7) / 8];
        for (int e = 0; e < n; e++) {
            if (bytes[e] != 0) {
                expected[e >>> 3] |= (byte) (1 << (e & 7));
            }
        }
        Region in = region(bytes, exact);
        byte[] stale = new byte[expected.length];
        Arrays.fill(stale, (byte) 0xFF); // the high bits of the last byte must be cleared, not kept
        Region out = region(stale, exact);
        kernels().packBits(in.segment, n, out.segment);
        out.assertContent(expected, 1); // past the last byte the guard bytes are intact
        in.assertUnchanged(bytes, 1);

        byte[] back = new byte[n];
        for (int e = 0; e < n; e++) {
            back[e] = (byte) (bytes[e] != 0 ? 1 : 0);
        }
        Region p = region(randomBytes(rnd, n), exact);
        kernels().expandBits(out.segment, 0, n, p.segment);
        p.assertContent(back, 1);
    }

    @Test
    void packBitsPutsTheFirstByteInTheLeastSignificantBit() {
        byte[] bytes = new byte[70];
        bytes[0] = 1;
        bytes[9] = 1;
        bytes[63] = 2;
        bytes[64] = 1;
        bytes[69] = -1;
        Region in = region(bytes, true);
        Region out = region(new byte[9], true);
        kernels().packBits(in.segment, 70, out.segment);
        out.assertContent(new byte[] {1, 2, 0, 0, 0, 0, 0, (byte) 0x80, 0x21}, 1);
    }

    // ------------------------------------------------------------------ name

    @Test
    void nameIsShortAndKnown() {
        String name = kernels().name();
        assertTrue(name.equals("scalar") || name.equals("panama"), name);
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] presence(Random rnd, int n, double density) {
        byte[] presence = new byte[n];
        for (int e = 0; e < n; e++) {
            presence[e] = (byte) (rnd.nextDouble() < density ? 1 : 0);
        }
        return presence;
    }

    private static long count(byte[] presence) {
        long c = 0;
        for (byte b : presence) {
            c += b;
        }
        return c;
    }

    private static int[] lengths(Random rnd, int n, int max) {
        int[] lengths = new int[n];
        for (int e = 0; e < n; e++) {
            lengths[e] = max == Integer.MAX_VALUE ? rnd.nextInt() & Integer.MAX_VALUE : rnd.nextInt(max + 1);
        }
        return lengths;
    }

    private static long[] bounds(Random rnd, int n, long base) {
        long[] bounds = new long[n + 1];
        bounds[0] = base;
        for (int e = 0; e < n; e++) {
            bounds[e + 1] = bounds[e] + rnd.nextInt(MAX_RUN + 1);
        }
        return bounds;
    }

    /** Distinct slots below {@code slots} for present elements, garbage for absent ones. */
    private static long[] slotsFor(Random rnd, byte[] presence, int slots) {
        List<Integer> free = new ArrayList<>(IntStream.range(0, slots).boxed().toList());
        Collections.shuffle(free, rnd);
        long[] starts = new long[presence.length];
        int k = 0;
        for (int e = 0; e < presence.length; e++) {
            starts[e] = presence[e] == 1 ? free.get(k++) : garbageIndex(rnd);
        }
        return starts;
    }

    /** What an absent element's index may hold: anything, in range or not. */
    private static long garbageIndex(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> -1;
            case 1 -> Long.MAX_VALUE;
            case 2 -> rnd.nextLong();
            default -> rnd.nextInt(8);
        };
    }

    /** Positions to corrupt: all of a short range, else its ends, middle and random ones. */
    private static int[] positions(Random rnd, int n) {
        if (n <= 80) {
            return IntStream.range(0, n).toArray();
        }
        return IntStream.concat(IntStream.of(0, 1, n / 2, n - 33, n - 9, n - 2, n - 1),
                IntStream.generate(() -> rnd.nextInt(n)).limit(9)).toArray();
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] bytes = new byte[n];
        rnd.nextBytes(bytes);
        return bytes;
    }

    static byte[] ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ORDER);
        b.asIntBuffer().put(values);
        return b.array();
    }

    static byte[] longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ORDER);
        b.asLongBuffer().put(values);
        return b.array();
    }

    private Region region(byte[] content, boolean exact) {
        return new Region(arena, content, exact);
    }

    /** A segment between guard bytes, and the means to check that nothing around it changed. */
    private static final class Region {
        final MemorySegment whole;
        final MemorySegment segment;
        final int length;

        Region(Arena arena, byte[] content, boolean exact) {
            length = content.length;
            whole = arena.allocate(SKEW_BYTES + length + GUARD_BYTES, 64);
            whole.fill(GUARD);
            MemorySegment.copy(content, 0, whole, JAVA_BYTE, SKEW_BYTES, length);
            segment = whole.asSlice(SKEW_BYTES, exact ? length : length + GUARD_BYTES);
        }

        void assertUnchanged(byte[] content, int width) {
            assertContent(content, width);
        }

        /** Asserts the content is {@code expected} and every guard byte is intact. */
        void assertContent(byte[] expected, int width) {
            assertEquals(length, expected.length, "expected content length");
            byte[] all = whole.toArray(JAVA_BYTE);
            for (int i = 0; i < all.length; i++) {
                int at = i - SKEW_BYTES;
                boolean inside = at >= 0 && at < length;
                byte want = inside ? expected[at] : GUARD;
                if (all[i] != want) {
                    fail(inside
                            ? "element " + at / width + " (byte " + at + ") is " + all[i] + ", expected " + want
                            : "byte " + (at < 0 ? at : at - length) + (at < 0 ? " before" : " after")
                                    + " the content was written: " + all[i]);
                }
            }
        }
    }
}
