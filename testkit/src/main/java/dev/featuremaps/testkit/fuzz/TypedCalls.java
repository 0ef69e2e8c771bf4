package dev.featuremaps.testkit.fuzz;

import dev.featuremaps.features.KeyMajorFeatures;
import dev.featuremaps.features.MultiListFeatures;
import dev.featuremaps.features.MultiMapFeatures;
import dev.featuremaps.features.MultiScalarFeatures;
import dev.featuremaps.features.SingleListFeature;
import dev.featuremaps.features.SingleMapFeature;
import dev.featuremaps.features.SingleScalarFeature;
import dev.featuremaps.operators.FeatureGradients;
import dev.featuremaps.operators.FeatureMerge;
import dev.featuremaps.operators.OperatorArguments;
import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.tensors.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Calls of {@link FeatureMerge}'s typed methods made from inputs in Caffe2's order, the form the
 * model, the fuzzer and the benchmark workloads produce: the inputs are grouped into feature
 * structures once, and the returned call then only calls the method, so that what it allocates
 * is what the typed API allocates.
 */
public final class TypedCalls {
    private TypedCalls() {
    }

    /**
     * @param merge the merge to call
     * @param type the operation
     * @param in its inputs in Caffe2's order
     * @param ids the feature ids, where the operation takes them
     * @return a call of the typed method; it returns the typed result
     */
    public static Supplier<Object> of(FeatureMerge merge, OperatorType type, Tensor[] in, long[] ids) {
        return of(merge, type, in, OperatorArguments.ids(ids));
    }

    /**
     * @param merge the merge to call
     * @param type the operation
     * @param in its inputs in the operation's order
     * @param args the arguments, where the operation takes them
     * @return a call of the typed method; it returns the typed result
     */
    public static Supplier<Object> of(FeatureMerge merge, OperatorType type, Tensor[] in, OperatorArguments args) {
        long[] ids = args.ids();
        long maxLength = args.maxLength();
        double padding = args.paddingValue();
        int n = in.length;
        Tensor last = n == 0 ? null : in[n - 1];
        return switch (type) {
            case MERGE_SINGLE_SCALAR -> {
                List<SingleScalarFeature> f = new ArrayList<>();
                for (int i = 0; i + 1 < n; i += 2) {
                    f.add(new SingleScalarFeature(in[i], in[i + 1]));
                }
                yield () -> merge.mergeSingleScalar(f, ids);
            }
            case MERGE_SINGLE_LIST -> {
                List<SingleListFeature> f = new ArrayList<>();
                for (int i = 0; i + 2 < n; i += 3) {
                    f.add(new SingleListFeature(in[i], in[i + 1], in[i + 2]));
                }
                yield () -> merge.mergeSingleList(f, ids);
            }
            case MERGE_SINGLE_MAP -> {
                List<SingleMapFeature> f = new ArrayList<>();
                for (int i = 0; i + 3 < n; i += 4) {
                    f.add(new SingleMapFeature(in[i], in[i + 1], in[i + 2], in[i + 3]));
                }
                yield () -> merge.mergeSingleMap(f, ids);
            }
            case MERGE_MULTI_SCALAR -> {
                List<MultiScalarFeatures> f = new ArrayList<>();
                for (int j = 0; j + 2 < n; j += 3) {
                    f.add(new MultiScalarFeatures(in[j], in[j + 1], in[j + 2]));
                }
                yield () -> merge.mergeMultiScalar(f);
            }
            case MERGE_MULTI_LIST -> {
                List<MultiListFeatures> f = new ArrayList<>();
                for (int j = 0; j + 3 < n; j += 4) {
                    f.add(new MultiListFeatures(in[j], in[j + 1], in[j + 2], in[j + 3]));
                }
                yield () -> merge.mergeMultiList(f);
            }
            case MERGE_MULTI_MAP -> {
                List<MultiMapFeatures> f = new ArrayList<>();
                for (int j = 0; j + 4 < n; j += 5) {
                    f.add(new MultiMapFeatures(in[j], in[j + 1], in[j + 2], in[j + 3], in[j + 4]));
                }
                yield () -> merge.mergeMultiMap(f);
            }
            case MERGE_DENSE -> () -> merge.mergeDense(in[0], in[1], ids);
            // Gradients take the forward structures; the tensors they do not read are stand-ins.
            case MERGE_SINGLE_SCALAR_GRADIENT -> {
                List<SingleScalarFeature> f = new ArrayList<>();
                for (int i = 0; i < n - 1; i++) {
                    f.add(new SingleScalarFeature(in[i], in[i]));
                }
                yield () -> merge.mergeSingleScalarGradient(f, last);
            }
            case MERGE_SINGLE_LIST_GRADIENT -> {
                List<SingleListFeature> f = new ArrayList<>();
                for (int i = 0; i + 1 < n; i += 2) {
                    f.add(new SingleListFeature(in[i], in[i], in[i + 1]));
                }
                yield () -> merge.mergeSingleListGradient(f, last);
            }
            case MERGE_SINGLE_MAP_GRADIENT -> {
                List<SingleMapFeature> f = new ArrayList<>();
                for (int i = 0; i + 1 < n; i += 2) {
                    f.add(new SingleMapFeature(in[i], in[i], in[i], in[i + 1]));
                }
                yield () -> merge.mergeSingleMapGradient(f, last);
            }
            case MERGE_MULTI_SCALAR_GRADIENT -> {
                List<MultiScalarFeatures> f = new ArrayList<>();
                for (int j = 0; j < n - 1; j++) {
                    f.add(new MultiScalarFeatures(in[j], in[j], in[j]));
                }
                yield () -> merge.mergeMultiScalarGradient(f, last);
            }
            case MERGE_MULTI_LIST_GRADIENT -> {
                List<MultiListFeatures> f = new ArrayList<>();
                for (int j = 0; j + 1 < n; j += 2) {
                    f.add(new MultiListFeatures(in[j], in[j], in[j + 1], in[j]));
                }
                yield () -> merge.mergeMultiListGradient(f, last);
            }
            case MERGE_MULTI_MAP_GRADIENT -> {
                List<MultiMapFeatures> f = new ArrayList<>();
                for (int j = 0; j + 1 < n; j += 2) {
                    f.add(new MultiMapFeatures(in[j], in[j], in[j + 1], in[j], in[j]));
                }
                yield () -> merge.mergeMultiMapGradient(f, last);
            }
            case MULTI_SCALAR_TO_KEY_MAJOR -> {
                MultiScalarFeatures f = new MultiScalarFeatures(in[0], in[1], in[2]);
                yield () -> merge.multiScalarToKeyMajor(f, ids);
            }
            case MULTI_LIST_TO_KEY_MAJOR -> {
                MultiListFeatures f = new MultiListFeatures(in[0], in[1], in[2], in[3]);
                yield () -> merge.multiListToKeyMajor(f, ids);
            }
            case MULTI_MAP_TO_KEY_MAJOR -> {
                MultiMapFeatures f = new MultiMapFeatures(in[0], in[1], in[2], in[3], in[4]);
                yield () -> merge.multiMapToKeyMajor(f, ids);
            }
            case MULTI_SCALAR_TO_KEY_MAJOR_GRADIENT -> {
                MultiScalarFeatures f = new MultiScalarFeatures(in[0], in[1], in[1]);
                yield () -> merge.multiScalarToKeyMajorGradient(f, ids, last);
            }
            case MULTI_LIST_TO_KEY_MAJOR_GRADIENT -> {
                MultiListFeatures f = new MultiListFeatures(in[0], in[1], in[2], in[2]);
                yield () -> merge.multiListToKeyMajorGradient(f, ids, last);
            }
            case MULTI_MAP_TO_KEY_MAJOR_GRADIENT -> {
                MultiMapFeatures f = new MultiMapFeatures(in[0], in[1], in[2], in[2], in[2]);
                yield () -> merge.multiMapToKeyMajorGradient(f, ids, last);
            }
            case JAGGED_TO_PADDED_DENSE -> () -> merge.jaggedToPaddedDense(in[0], in[1], maxLength, padding);
            case PADDED_DENSE_TO_JAGGED -> () -> merge.paddedDenseToJagged(in[0], in[1]);
            case JAGGED_TO_PADDED_DENSE_GRADIENT -> () -> merge.jaggedToPaddedDenseGradient(in[0], in[1]);
        };
    }

    /**
     * @param result what a call of {@link #of} returned
     * @return its tensors in Caffe2's output order
     */
    public static Tensor[] tensors(Object result) {
        return switch (result) {
            case MultiScalarFeatures m -> m.tensors();
            case MultiListFeatures m -> m.tensors();
            case MultiMapFeatures m -> m.tensors();
            case FeatureGradients g -> g.toList().toArray(Tensor[]::new);
            case KeyMajorFeatures k -> k.weights() == null ? new Tensor[] {k.lengths(), k.values()}
                    : new Tensor[] {k.lengths(), k.values(), k.weights()};
            case Tensor t -> new Tensor[] {t};
            default -> throw new IllegalArgumentException("not a typed result: " + result);
        };
    }
}
