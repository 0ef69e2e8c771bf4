package dev.featuremaps.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Merge, then gradient with the merged values fed back as their own gradient: every family's
 * gradient, made by its gradient maker and run through the workspace, gives back the values of
 * each input (for scalar features: where present; the type's default where absent).
 */
class MergeGradientRoundTripTest {

    enum Family {
        SINGLE_SCALAR("MergeSingleScalarFeatureTensors", true),
        SINGLE_LIST("MergeSingleListFeatureTensors", true),
        SINGLE_MAP("MergeSingleMapFeatureTensors", true),
        MULTI_SCALAR("MergeMultiScalarFeatureTensors", false),
        MULTI_LIST("MergeMultiListFeatureTensors", false),
        MULTI_MAP("MergeMultiMapFeatureTensors", false);

        final String type;
        final boolean single;

        Family(String type, boolean single) {
            this.type = type;
            this.single = single;
        }
    }

    @Property(tries = 300)
    void gradientGivesBackEachInputsValues(@ForAll Family family, @ForAll DType dtype, @ForAll long seed) {
        Random rnd = new Random(seed);
        int batch = rnd.nextInt(7);
        int groups = 1 + rnd.nextInt(3);
        try (Workspace ws = new Workspace()) {
            List<String> inputs = new ArrayList<>();
            List<String> valuesBlobs = new ArrayList<>();
            long[] ids = new long[groups];
            for (int g = 0; g < groups; g++) {
                ids[g] = rnd.nextLong();
                String p = "f" + g + "_";
                switch (family) {
                    case SINGLE_SCALAR -> {
                        ws.feed(p + "values", dtype, values(dtype, batch, rnd));
                        ws.feed(p + "presence", DType.BOOL, presence(batch, rnd));
                        inputs.addAll(List.of(p + "values", p + "presence"));
                    }
                    case SINGLE_LIST, SINGLE_MAP -> {
                        boolean[] present = presence(batch, rnd);
                        int[] lengths = lengths(batch, rnd);
                        int run = 0;
                        for (int e = 0; e < batch; e++) {
                            run += present[e] ? lengths[e] : 0;
                        }
                        ws.feed(p + "lengths", DType.INT32, lengths);
                        inputs.add(p + "lengths");
                        if (family == Family.SINGLE_MAP) {
                            ws.feed(p + "keys", DType.INT64, values(DType.INT64, run, rnd));
                            inputs.add(p + "keys");
                        }
                        ws.feed(p + "values", dtype, values(dtype, run, rnd));
                        ws.feed(p + "presence", DType.BOOL, present);
                        inputs.addAll(List.of(p + "values", p + "presence"));
                    }
                    case MULTI_SCALAR -> {
                        int[] lengths = lengths(batch, rnd);
                        int features = sum(lengths);
                        ws.feed(p + "lengths", DType.INT32, lengths);
                        ws.feed(p + "keys", DType.INT64, values(DType.INT64, features, rnd));
                        ws.feed(p + "values", dtype, values(dtype, features, rnd));
                        inputs.addAll(List.of(p + "lengths", p + "keys", p + "values"));
                    }
                    case MULTI_LIST, MULTI_MAP -> {
                        int[] lengths = lengths(batch, rnd);
                        int[] valuesLengths = lengths(sum(lengths), rnd);
                        int total = sum(valuesLengths);
                        ws.feed(p + "lengths", DType.INT32, lengths);
                        ws.feed(p + "keys", DType.INT64, values(DType.INT64, sum(lengths), rnd));
                        ws.feed(p + "values_lengths", DType.INT32, valuesLengths);
                        inputs.addAll(List.of(p + "lengths", p + "keys", p + "values_lengths"));
                        if (family == Family.MULTI_MAP) {
                            ws.feed(p + "values_keys", DType.INT32, values(DType.INT32, total, rnd));
                            inputs.add(p + "values_keys");
                        }
                        ws.feed(p + "values", dtype, values(dtype, total, rnd));
                        inputs.add(p + "values");
                    }
                    default -> throw new AssertionError(family);
                }
                valuesBlobs.add(p + "values");
            }
            int outputs = OperatorRegistry.schema(family.type).outputCount(groups);
            List<String> outs = new ArrayList<>();
            for (int o = 0; o < outputs; o++) {
                outs.add("merged_" + o);
            }
            OperatorDef forward = family.single ? OperatorDef.of(family.type, inputs, outs, ids)
                    : OperatorDef.of(family.type, inputs, outs);
            ws.runNet(List.of(forward));

            String merged = outs.get(outs.size() - 1);
            ws.feed(OperatorRegistry.gradientName(merged), ws.fetch(merged));
            ws.runNet(OperatorRegistry.gradient(forward));

            for (int g = 0; g < groups; g++) {
                Tensor values = ws.fetch(valuesBlobs.get(g));
                Tensor grad = ws.fetch(OperatorRegistry.gradientName(valuesBlobs.get(g)));
                Tensor presence = family == Family.SINGLE_SCALAR ? ws.fetch("f" + g + "_presence") : null;
                assertEquals(dtype, grad.dtype());
                assertEquals(values.count(), grad.count(), "gradient size of feature " + g);
                for (long e = 0; e < values.count(); e++) {
                    Object want = presence == null || presence.getBoolean(e) ? values.getObject(e) : dtype.defaultValue();
                    assertEquals(want, grad.getObject(e), "feature " + g + " element " + e);
                }
            }
        }
    }

    private static int sum(int[] a) {
        int s = 0;
        for (int v : a) {
            s += v;
        }
        return s;
    }

    private static int[] lengths(int n, Random rnd) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = rnd.nextInt(4);
        }
        return l;
    }

    private static boolean[] presence(int n, Random rnd) {
        boolean[] p = new boolean[n];
        for (int i = 0; i < n; i++) {
            p[i] = rnd.nextInt(3) != 0;
        }
        return p;
    }

    private static final String[] WORDS = {"", "a", "shoes", "red shoes", "caf\u00e9", "\u65e5\u672c", "\uD83D\uDE00"};

    static Object values(DType dtype, int n, Random rnd) {
        return switch (dtype) {
            case BOOL -> presence(n, rnd);
            case INT32 -> rnd.ints(n).toArray();
            case INT64 -> rnd.longs(n).toArray();
            case FLOAT -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (rnd.nextFloat() - 0.5f) * 1000;
                }
                yield f;
            }
            case DOUBLE -> rnd.doubles(n, -1e6, 1e6).toArray();
            case STRING -> {
                String[] s = new String[n];
                for (int i = 0; i < n; i++) {
                    s[i] = WORDS[rnd.nextInt(WORDS.length)] + i;
                }
                yield s;
            }
        };
    }

}
