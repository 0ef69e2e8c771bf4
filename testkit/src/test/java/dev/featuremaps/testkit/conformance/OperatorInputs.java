package dev.featuremaps.testkit.conformance;

import dev.featuremaps.operators.OperatorArguments;
import dev.featuremaps.operators.OperatorType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorAllocator;
import dev.featuremaps.testkit.fuzz.Fuzzer;
import dev.featuremaps.testkit.model.Cases;
import dev.featuremaps.testkit.model.Cases.Fill;
import dev.featuremaps.testkit.model.Cases.Shape;
import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.Model;
import dev.featuremaps.testkit.model.ModelTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Valid inputs of any operator for a {@link Shape}: the columns {@link OperatorChecks} feeds each
 * operator, as tensors, with the feature ids, keys or padding arguments where the operator takes
 * them. Merge gradients get a random gradient of the size their structure inputs imply, of the
 * shape's second type; the key-major and padded-dense operators get the fuzzer's valid calls.
 *
 * @param tensors makes the input tensors, {@code shift} bytes past aligned memory
 * @param arguments the ids or the other arguments
 */
record OperatorInputs(Function<TensorAllocator, Tensor[]> tensors, OperatorArguments arguments) {

    static OperatorInputs of(OperatorType type, Shape s) {
        Fill f = new Fill(s.seed());
        return switch (type) {
            case MULTI_SCALAR_TO_KEY_MAJOR, MULTI_LIST_TO_KEY_MAJOR, MULTI_MAP_TO_KEY_MAJOR, JAGGED_TO_PADDED_DENSE,
                 PADDED_DENSE_TO_JAGGED, MULTI_SCALAR_TO_KEY_MAJOR_GRADIENT, MULTI_LIST_TO_KEY_MAJOR_GRADIENT,
                 MULTI_MAP_TO_KEY_MAJOR_GRADIENT, JAGGED_TO_PADDED_DENSE_GRADIENT -> {
                Fuzzer.ValidCall call = Fuzzer.validCall(type.typeName(), s, f);
                yield new OperatorInputs(a -> call.tensors(a, s.shift()), call.arguments());
            }
            case MERGE_SINGLE_SCALAR -> forward(s, flatten(Cases.singleScalars(s, f), Model.SingleScalar::columns),
                    f.featureIds(s.inputs()));
            case MERGE_SINGLE_LIST -> forward(s, flatten(Cases.singleLists(s, f), Model.SingleList::columns),
                    f.featureIds(s.inputs()));
            case MERGE_SINGLE_MAP -> forward(s, flatten(Cases.singleMaps(s, f), Model.SingleMap::columns),
                    f.featureIds(s.inputs()));
            case MERGE_MULTI_SCALAR -> forward(s, flatten(Cases.multiScalars(s, f), Model.MultiScalar::columns), null);
            case MERGE_MULTI_LIST -> forward(s, flatten(Cases.multiLists(s, f), Model.MultiList::columns), null);
            case MERGE_MULTI_MAP -> forward(s, flatten(Cases.multiMaps(s, f), Model.MultiMap::columns), null);
            case MERGE_DENSE -> {
                Model.Dense dense = Cases.dense(s, f);
                long[] ids = f.featureIds(dense.columns());
                yield new OperatorInputs(a -> new Tensor[] {
                    ModelTensors.toMatrix(a, dense.dense(), s.batch(), dense.columns(), s.shift()),
                    ModelTensors.toMatrix(a, dense.presence(), s.batch(), dense.columns(), s.shift())},
                    OperatorArguments.ids(ids));
            }
            case MERGE_SINGLE_SCALAR_GRADIENT -> {
                List<Column> in = new ArrayList<>();
                long present = 0;
                for (Model.SingleScalar feature : Cases.singleScalars(s, f)) {
                    in.add(feature.presence());
                    present += feature.presence().values().stream().filter(Boolean.TRUE::equals).count();
                }
                in.add(f.values(s.secondType(), present));
                yield forward(s, in, null);
            }
            case MERGE_SINGLE_LIST_GRADIENT, MERGE_SINGLE_MAP_GRADIENT -> {
                List<Column> in = new ArrayList<>();
                long total = 0;
                for (Model.SingleList feature : Cases.singleLists(s, f)) {
                    in.add(feature.lengths());
                    in.add(feature.presence());
                    total += Cases.presentSum(feature.lengths(), feature.presence());
                }
                in.add(f.values(s.secondType(), total));
                yield forward(s, in, null);
            }
            case MERGE_MULTI_SCALAR_GRADIENT -> {
                List<Column> in = new ArrayList<>();
                long total = 0;
                for (Model.MultiScalar input : Cases.multiScalars(s, f)) {
                    in.add(input.lengths());
                    total += input.lengths().sum();
                }
                in.add(f.values(s.secondType(), total));
                yield forward(s, in, null);
            }
            case MERGE_MULTI_LIST_GRADIENT, MERGE_MULTI_MAP_GRADIENT -> {
                List<Column> in = new ArrayList<>();
                long total = 0;
                for (Model.MultiList input : Cases.multiLists(s, f)) {
                    in.add(input.lengths());
                    in.add(input.valuesLengths());
                    total += input.valuesLengths().sum();
                }
                in.add(f.values(s.secondType(), total));
                yield forward(s, in, null);
            }
        };
    }

    private static OperatorInputs forward(Shape s, List<Column> columns, long[] ids) {
        return new OperatorInputs(a -> ModelTensors.toTensors(a, columns, s.shift()), OperatorArguments.ids(ids));
    }

    private static <F> List<Column> flatten(List<F> groups, Function<F, List<Column>> columns) {
        List<Column> out = new ArrayList<>();
        groups.forEach(g -> out.addAll(columns.apply(g)));
        return out;
    }
}
