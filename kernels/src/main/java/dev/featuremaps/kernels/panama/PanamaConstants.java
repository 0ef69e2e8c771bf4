package dev.featuremaps.kernels.panama;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species and lookup tables of {@link PanamaFeatureKernels}, in one place so that they
 * are {@code static final} constants C2 can fold, and so that loading the kernel class alone never
 * touches the incubator module.
 *
 * <p>The vector size is the smaller of the platform's preferred size and 256 bits: the compaction
 * tables index 8 presence bits at a time, which is 8 int lanes at most. The system property
 * {@value #BITS_PROPERTY} ({@code 128} or {@code 256}) overrides it, so tests can run both shapes
 * on one machine; species are fixed per JVM, so each shape needs a JVM of its own.
 */
final class PanamaConstants {
    /** System property that forces the vector size in bits, for tests: {@code 128} or {@code 256}. */
    static final String BITS_PROPERTY = "featuremaps.vector.bits";

    /** The platform's preferred vector size, before capping. */
    static final int PREFERRED_BITS = VectorShape.preferredShape().vectorBitSize();
    /**
     * The widest integer vector this CPU level offers C2: below AVX2 x86 has 128-bit integer
     * vectors only, whatever its float vectors are.
     */
    static final int PREFERRED_INT_BITS = IntVector.SPECIES_PREFERRED.vectorBitSize();
    /** The vector size every species below uses. */
    static final int VECTOR_BITS = vectorBits();
    static final VectorShape SHAPE = VectorShape.forBitSize(VECTOR_BITS);

    static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, SHAPE);
    static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SHAPE);
    static final VectorSpecies<Long> LONGS = VectorSpecies.of(long.class, SHAPE);
    /** Eight presence bytes, the narrowest byte vector; widened to int or long lanes. */
    static final VectorSpecies<Byte> PRESENCE = ByteVector.SPECIES_64;

    static final int INT_LANES = INTS.length();
    static final int LONG_LANES = LONGS.length();

    /** Tensors are in native order, as the scalar kernels read them. */
    static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Eight presence bytes as one word, byte {@code k} in bits {@code 8k..8k+7} on every platform. */
    static final ValueLayout.OfLong PRESENCE_WORD =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * Multiplier that gathers the low bits of eight 0/1 bytes into the top byte of the product:
     * byte {@code k} is shifted by {@code 56 - 7k} onto bit {@code 56 + k}, and no two partial
     * products share a bit, so nothing carries.
     */
    static final long BYTE_BITS_MAGIC = 0x0102040810204080L;

    /** Bitmap bits expanded per step of {@code expandBits}: one per byte lane. */
    static final int BIT_LANES = BYTES.length();
    /**
     * Rearranges a vector whose first {@code BIT_LANES / 8} bytes are bitmap bytes so that byte
     * lane {@code i} holds the bitmap byte of bit {@code i}.
     */
    static final VectorShuffle<Byte> BIT_SPREAD = VectorShuffle.fromOp(BYTES, i -> i >>> 3);
    /** Byte lane {@code i} holds {@code 1 << (i % 8)}: the bit of lane {@code i} in its byte. */
    static final ByteVector BIT_SELECT = ByteVector.fromArray(BYTES, bitSelect(BIT_LANES), 0);
    /**
     * Bool bytes packed per step of {@code packBits}: one long of bits, put together from the
     * masks of whole byte vectors (two of 256 bits, four of 128), so that every vector length
     * writes the bitmap in the same whole words.
     */
    static final int PACK_BYTES = Long.SIZE;

    /**
     * Compaction rows for 4-byte elements: row {@code m} (a mask of {@link #INT_LANES} bits)
     * lists the lanes whose bit is set, in order, padded with zeros.
     */
    static final int[] COMPACT_INTS = compactRows(INT_LANES, 1);
    /**
     * Compaction rows for 8-byte elements viewed as pairs of int lanes, because AVX2 permutes
     * 32-bit lanes by a vector of indices but 64-bit lanes only by an immediate.
     */
    static final int[] COMPACT_LONGS = compactRows(INT_LANES / 2, 2);
    /** Compaction rows for 1-byte elements, eight lanes of {@link #PRESENCE}. */
    static final byte[] COMPACT_BYTES = toBytes(compactRows(PRESENCE.length(), 1));

    private PanamaConstants() {
    }

    /** @return why the Vector API kernels should not run on this JVM, or {@code null} */
    static String unsupportedReason() {
        return unsupportedReason(PREFERRED_BITS);
    }

    /** The rule of {@link #unsupportedReason()}, for a platform's preferred vector size. */
    static String unsupportedReason(int preferredBits) {
        if (preferredBits < 128) {
            return "the platform's preferred vector size is " + preferredBits
                    + " bits; the Vector API kernels need at least 128";
        }
        return null;
    }

    /**
     * Why the kernels load but should not be chosen by default: on x86 below 256-bit integer
     * vectors (SSE, AVX1, or {@code -XX:MaxVectorSize=16}) the byte compares, lane permutes and
     * mask conversions the compaction and count kernels are built of run as 128-bit sequences or
     * not as intrinsics at all, and lose to the scalar loops.
     *
     * @return a sentence, or {@code null} when the kernels should be chosen
     */
    static String unprofitableReason() {
        return unprofitableReason(System.getProperty("os.arch", ""), PREFERRED_INT_BITS);
    }

    /** The rule of {@link #unprofitableReason()}, for an {@code os.arch} and integer vector size. */
    static String unprofitableReason(String arch, int preferredIntBits) {
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86") || arch.equals("i386");
        if (x86 && preferredIntBits < 256) {
            return "this CPU level offers " + preferredIntBits + "-bit integer vectors (AVX2 or later "
                    + "gives 256), where the Vector API kernels do not beat the scalar ones";
        }
        return null;
    }

    private static int vectorBits() {
        String forced = System.getProperty(BITS_PROPERTY);
        if (forced == null || forced.isBlank()) {
            return Math.max(128, Math.min(256, PREFERRED_BITS));
        }
        return switch (forced.trim()) {
            case "128" -> 128;
            case "256" -> 256;
            default -> throw new IllegalArgumentException(
                    "-D" + BITS_PROPERTY + "=" + forced + ": expected 128 or 256");
        };
    }

    /**
     * One row per mask of {@code elements} bits, {@code elements * lanesPerElement} int entries
     * each: for every set bit, in order, the lanes of that element; then zeros.
     */
    private static int[] compactRows(int elements, int lanesPerElement) {
        int rowLength = elements * lanesPerElement;
        int[] rows = new int[(1 << elements) * rowLength];
        for (int mask = 0; mask < 1 << elements; mask++) {
            int at = mask * rowLength;
            for (int element = 0; element < elements; element++) {
                if ((mask & 1 << element) != 0) {
                    for (int lane = 0; lane < lanesPerElement; lane++) {
                        rows[at++] = element * lanesPerElement + lane;
                    }
                }
            }
        }
        return rows;
    }

    private static byte[] bitSelect(int lanes) {
        byte[] select = new byte[lanes];
        for (int i = 0; i < lanes; i++) {
            select[i] = (byte) (1 << (i & 7));
        }
        return select;
    }

    private static byte[] toBytes(int[] values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
