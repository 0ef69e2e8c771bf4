package dev.featuremaps.testkit.model;

import dev.featuremaps.tensors.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random, valid operator inputs from a {@link Shape} and a seed: shared by the jqwik properties
 * (which draw the shapes) and the fuzzer (which draws them from a plain random source), so both
 * exercise the same value space. Free of test-framework types, so tools can run it.
 */
public final class Cases {
    private Cases() {
    }

    /** How many examples of an input have a value (single features) or any features (multi). */
    public enum Density {
        /** None. */
        NONE,
        /** Each with a probability drawn per input. */
        MIXED,
        /** All. */
        ALL
    }

    /**
     * The drawn parameters of one case.
     *
     * @param batch B, 0..300, mostly small
     * @param densities one per input (feature, multi-feature tensor or dense column): 1..12 inputs
     * @param valueType the element type of the values
     * @param secondType a different type: of map keys, and of the random gradients
     * @param maxRun the longest run (and, for multi inputs, the most features of an example)
     * @param shift bytes by which input tensors are placed past an aligned address
     * @param seed fills the elements
     */
    public record Shape(int batch, List<Density> densities, DType valueType, DType secondType, int maxRun,
                 int shift, long seed) {
        public int inputs() {
            return densities.size();
        }

        @Override
        public String toString() {
            return "Shape[B=" + batch + ", inputs=" + densities + ", " + valueType.label() + "/"
                    + secondType.label() + ", maxRun=" + maxRun + ", shift=" + shift + ", seed=" + seed + "]";
        }
    }

    /** Fills a shape's tensors from its seed. */
    public static final class Fill {
        private static final float[] SPECIAL_FLOATS = {
            0f, -0f, 1f, -1f, Float.NaN, Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc00000),
            Float.intBitsToFloat(0x7f800001), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE};
        private static final double[] SPECIAL_DOUBLES = {
            0d, -0d, 1d, -1d, Double.NaN, Double.longBitsToDouble(0x7ff8000000000001L),
            Double.longBitsToDouble(0xfff8000000000000L), Double.longBitsToDouble(0x7ff0000000000001L),
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE};
        private static final int[] SPECIAL_INTS = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE};
        private static final long[] SPECIAL_LONGS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE,
            Integer.MIN_VALUE, 1L << 32};

        private final SplittableRandom rnd;

        /** @param seed the source of every element */
        public Fill(long seed) {
            this.rnd = new SplittableRandom(seed);
        }

        /** @return a presence column of {@code batch} examples at the given density */
        public Column presence(int batch, Density density) {
            double p = switch (density) {
                case NONE -> 0;
                case MIXED -> rnd.nextDouble();
                case ALL -> 1;
            };
            List<Object> out = new ArrayList<>(batch);
            for (int e = 0; e < batch; e++) {
                out.add(rnd.nextDouble() < p);
            }
            return new Column(DType.BOOL, out);
        }

        /**
         * Run lengths of a single list or map feature: 0..maxRun where present; where absent
         * zero or, as often, junk (negative too), which the operators must ignore.
         */
        public Column runLengths(Column presence, int maxRun) {
            List<Object> out = new ArrayList<>(presence.size());
            for (int e = 0; e < presence.size(); e++) {
                if (presence.boolAt(e)) {
                    out.add(rnd.nextInt(maxRun + 1));
                } else {
                    out.add(rnd.nextBoolean() ? 0 : rnd.nextInt(-20, 31));
                }
            }
            return new Column(DType.INT32, out);
        }

        /** Features per example of a multi input: examples chosen by the density get 1..maxRun. */
        public Column featureCounts(int batch, Density density, int maxRun) {
            Column has = presence(batch, density);
            List<Object> out = new ArrayList<>(batch);
            for (int e = 0; e < batch; e++) {
                out.add(has.boolAt(e) && maxRun > 0 ? 1 + rnd.nextInt(maxRun) : 0);
            }
            return new Column(DType.INT32, out);
        }

        /** @return {@code n} lengths of 0..maxRun */
        public Column lengths(long n, int maxRun) {
            List<Object> out = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                out.add(rnd.nextInt(maxRun + 1));
            }
            return new Column(DType.INT32, out);
        }

        /** @return {@code n} random elements of {@code type}, edge values included */
        public Column values(DType type, long n) {
            List<Object> out = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                out.add(value(type));
            }
            return new Column(type, out);
        }

        /** @return {@code n} feature ids: sometimes small and distinct, sometimes any long */
        public long[] featureIds(int n) {
            long[] ids = new long[n];
            boolean small = rnd.nextBoolean();
            for (int i = 0; i < n; i++) {
                ids[i] = small ? 100 + i : rnd.nextInt(8) == 0 ? SPECIAL_LONGS[rnd.nextInt(SPECIAL_LONGS.length)]
                        : rnd.nextLong();
            }
            return ids;
        }

        /** @param bound exclusive bound @return a random int in {@code [0, bound)} */
        public int nextInt(int bound) {
            return rnd.nextInt(bound);
        }

        /** @return a random long */
        public long nextLong() {
            return rnd.nextLong();
        }

        public Object value(DType type) {
            boolean special = rnd.nextInt(6) == 0;
            return switch (type) {
                case BOOL -> rnd.nextBoolean();
                case INT32 -> special ? SPECIAL_INTS[rnd.nextInt(SPECIAL_INTS.length)] : rnd.nextInt();
                case INT64 -> special ? SPECIAL_LONGS[rnd.nextInt(SPECIAL_LONGS.length)] : rnd.nextLong();
                case FLOAT -> special ? SPECIAL_FLOATS[rnd.nextInt(SPECIAL_FLOATS.length)]
                        : Float.intBitsToFloat(rnd.nextInt());
                case DOUBLE -> special ? SPECIAL_DOUBLES[rnd.nextInt(SPECIAL_DOUBLES.length)]
                        : Double.longBitsToDouble(rnd.nextLong());
                case STRING -> string();
            };
        }

        /** 0..5 code points: ASCII mostly, control characters, 2-, 3- and 4-byte UTF-8. */
        private String string() {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(6);
            for (int i = 0; i < n; i++) {
                int kind = rnd.nextInt(20);
                int cp;
                if (kind == 0) {
                    cp = rnd.nextInt(0x20);
                } else if (kind < 4) {
                    cp = rnd.nextInt(0x80, 0x800);
                } else if (kind < 7) {
                    cp = rnd.nextInt(0x800, 0x10000 - 0x800);
                    if (cp >= 0xd800) {
                        cp += 0x800; // skip the surrogates, which are not characters
                    }
                } else if (kind < 10) {
                    cp = rnd.nextInt(0x10000, 0x110000);
                } else {
                    cp = rnd.nextInt(0x20, 0x7f);
                }
                sb.appendCodePoint(cp);
            }
            return sb.toString();
        }
    }

    // ---------------------------------------------------------------- inputs per operator kind

    /**
     * A batch's feature ids and a key-major {@code keys} argument over them.
     *
     * @param ids the id of each entry
     * @param keys distinct ids to keep, in output order
     */
    public record Keyed(Column ids, long[] keys) {
    }

    /**
     * Ids drawn from a pool of 1..6 ids (small ones or any longs), and keys that mix ids of the
     * pool, in any order, with ids absent from the batch; one draw in eight keeps no key at all
     * and one in eight only absent ones, so that every entry is dropped.
     *
     * @param f the element source
     * @param entries how many ids
     * @return the ids and the keys
     */
    public static Keyed keyed(Fill f, long entries) {
        int poolSize = 1 + f.nextInt(6);
        long[] pool = new long[poolSize];
        boolean small = f.nextInt(2) == 0;
        for (int i = 0; i < poolSize; i++) {
            pool[i] = small ? 100 + i : f.nextLong();
        }
        List<Object> ids = new ArrayList<>();
        for (long e = 0; e < entries; e++) {
            ids.add(pool[f.nextInt(poolSize)]);
        }
        List<Long> keys = new ArrayList<>();
        int mode = f.nextInt(8);
        if (mode != 0) {
            for (long id : pool) {
                if (mode != 1 && f.nextInt(4) != 0 && !keys.contains(id)) {
                    keys.add(id);
                }
            }
            int absent = f.nextInt(3) + (mode == 1 ? 1 : 0);
            for (int i = 0; i < absent; i++) {
                long id = -1_000_000L - i;
                if (!keys.contains(id) && !ids.contains(id)) {
                    keys.add(id);
                }
            }
            for (int i = keys.size() - 1; i > 0; i--) {
                int j = f.nextInt(i + 1);
                keys.set(i, keys.set(j, keys.get(i)));
            }
        }
        return new Keyed(new Column(DType.INT64, ids), keys.stream().mapToLong(Long::longValue).toArray());
    }

    public static List<Model.SingleScalar> singleScalars(Shape s, Fill f) {
        List<Model.SingleScalar> out = new ArrayList<>();
        for (Density d : s.densities()) {
            out.add(new Model.SingleScalar(f.values(s.valueType(), s.batch()), f.presence(s.batch(), d)));
        }
        return out;
    }

    public static List<Model.SingleList> singleLists(Shape s, Fill f) {
        List<Model.SingleList> out = new ArrayList<>();
        for (Density d : s.densities()) {
            Column presence = f.presence(s.batch(), d);
            Column lengths = f.runLengths(presence, s.maxRun());
            out.add(new Model.SingleList(lengths, f.values(s.valueType(), presentSum(lengths, presence)), presence));
        }
        return out;
    }

    public static List<Model.SingleMap> singleMaps(Shape s, Fill f) {
        List<Model.SingleMap> out = new ArrayList<>();
        for (Density d : s.densities()) {
            Column presence = f.presence(s.batch(), d);
            Column lengths = f.runLengths(presence, s.maxRun());
            long run = presentSum(lengths, presence);
            out.add(new Model.SingleMap(lengths, f.values(s.secondType(), run), f.values(s.valueType(), run),
                    presence));
        }
        return out;
    }

    public static List<Model.MultiScalar> multiScalars(Shape s, Fill f) {
        List<Model.MultiScalar> out = new ArrayList<>();
        for (Density d : s.densities()) {
            Column lengths = f.featureCounts(s.batch(), d, s.maxRun());
            out.add(new Model.MultiScalar(lengths, f.values(DType.INT64, lengths.sum()),
                    f.values(s.valueType(), lengths.sum())));
        }
        return out;
    }

    public static List<Model.MultiList> multiLists(Shape s, Fill f) {
        List<Model.MultiList> out = new ArrayList<>();
        for (Density d : s.densities()) {
            Column lengths = f.featureCounts(s.batch(), d, s.maxRun());
            Column valuesLengths = f.lengths(lengths.sum(), s.maxRun());
            out.add(new Model.MultiList(lengths, f.values(DType.INT64, lengths.sum()), valuesLengths,
                    f.values(s.valueType(), valuesLengths.sum())));
        }
        return out;
    }

    public static List<Model.MultiMap> multiMaps(Shape s, Fill f) {
        List<Model.MultiMap> out = new ArrayList<>();
        for (Density d : s.densities()) {
            Column lengths = f.featureCounts(s.batch(), d, s.maxRun());
            Column valuesLengths = f.lengths(lengths.sum(), s.maxRun());
            long v = valuesLengths.sum();
            out.add(new Model.MultiMap(lengths, f.values(DType.INT64, lengths.sum()), valuesLengths,
                    f.values(s.secondType(), v), f.values(s.valueType(), v)));
        }
        return out;
    }

    /** A dense matrix with one column per density. */
    public static Model.Dense dense(Shape s, Fill f) {
        int columns = s.inputs();
        List<Column> presenceByColumn = new ArrayList<>();
        for (Density d : s.densities()) {
            presenceByColumn.add(f.presence(s.batch(), d));
        }
        List<Object> presence = new ArrayList<>();
        for (int e = 0; e < s.batch(); e++) {
            for (int n = 0; n < columns; n++) {
                presence.add(presenceByColumn.get(n).get(e));
            }
        }
        return new Model.Dense(f.values(s.valueType(), (long) s.batch() * columns),
                new Column(DType.BOOL, presence), columns);
    }

    public static long presentSum(Column lengths, Column presence) {
        long sum = 0;
        for (int e = 0; e < lengths.size(); e++) {
            if (presence.boolAt(e)) {
                sum += lengths.intAt(e);
            }
        }
        return sum;
    }
}
