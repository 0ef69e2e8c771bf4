package dev.featuremaps.operators;

/**
 * The position of each key of a key-major operator's {@code keys} argument, by open addressing:
 * kept in a plan and rebuilt per call into the same arrays, so looking up every entry of a batch
 * allocates nothing once the table has grown to the largest key count seen.
 */
final class KeyIndex {
    private static final int EMPTY = -1;

    private long[] keys = new long[0];
    private int[] positions = new int[0];
    private int shift = 64;

    /**
     * Indexes {@code ids}.
     *
     * @return -1, or the position of the first id that repeats an earlier one
     */
    int build(long[] ids) {
        int capacity = Math.max(2, Integer.highestOneBit(Math.max(1, ids.length) * 2 - 1) << 1);
        if (keys.length < capacity) {
            keys = new long[capacity];
            positions = new int[capacity];
        }
        int mask = capacity - 1;
        for (int i = 0; i < capacity; i++) {
            positions[i] = EMPTY;
        }
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        for (int k = 0; k < ids.length; k++) {
            long id = ids[k];
            int at = hash(id);
            while (positions[at] != EMPTY) {
                if (keys[at] == id) {
                    return k;
                }
                at = (at + 1) & mask;
            }
            keys[at] = id;
            positions[at] = k;
        }
        return -1;
    }

    /** @return the position of {@code id} in the indexed ids, or -1 */
    int find(long id) {
        int mask = (1 << (64 - shift)) - 1;
        int at = hash(id);
        int p;
        while ((p = positions[at]) != EMPTY) {
            if (keys[at] == id) {
                return p;
            }
            at = (at + 1) & mask;
        }
        return -1;
    }

    /** Fibonacci hashing: the top bits of the product spread sequential ids over the table. */
    private int hash(long id) {
        return (int) ((id * 0x9E37_79B9_7F4A_7C15L) >>> shift);
    }
}
