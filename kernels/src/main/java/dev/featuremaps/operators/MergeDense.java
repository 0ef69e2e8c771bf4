package dev.featuremaps.operators;

import dev.featuremaps.kernels.FeatureKernels;
import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * {@code MergeDenseFeatureTensors}: inputs dense T[B, N] and presence bool[B, N], argument
 * feature_ids[N]; outputs lengths, keys, values: each example's present columns in order. The
 * values are the compaction of the row-major matrix by its presence; the keys, the compaction of
 * the feature ids by each row's presence. T is any element type; a string matrix's present cells
 * are copied in the same order, by scalar code (string features are rare on hot paths).
 */
final class MergeDense extends AbstractOperator {
    static final String NAME = "MergeDenseFeatureTensors";

    MergeDense(FeatureKernels kernels) {
        super(NAME, kernels, new String[] {"dense", "presence"}, null, "lengths", "keys", "values");
    }

    @Override
    void validate(Check check, Plan plan) {
        Tensor[] in = plan.inputs;
        if (in == null || in.length != 2) {
            throw check.fail((in == null ? 0 : in.length) + " inputs, expected exactly 2 (dense, presence)");
        }
        for (int i = 0; i < 2; i++) {
            if (in[i] == null) {
                throw check.fail("input " + i + " is missing");
            }
        }
        Tensor dense = in[0];
        Tensor presence = in[1];
        if (dense.rank() != 2) {
            throw check.fail(0, "dense", "has rank " + dense.rank() + ", expected a 2-D [B, N] tensor");
        }
        check.dtype(1, "presence", DType.BOOL);
        if (presence.rank() != 2 || presence.dim(0) != dense.dim(0) || presence.dim(1) != dense.dim(1)) {
            throw check.fail(1, "presence", "has shape " + java.util.Arrays.toString(presence.shape())
                    + ", expected " + java.util.Arrays.toString(dense.shape()) + " (the shape of input 0)");
        }
        long batch = dense.dim(0);
        int columns = Math.toIntExact(dense.dim(1));
        check.featureIds(plan.featureIds, columns, "column of input 0 (dense)");
        long total = kernels.countPresent(presence.data(), 0, presence.count());
        if (total < 0) {
            throw check.badPresence(1, 0, presence.count());
        }
        check.total(total, "features", 1);
        long bytes = 0;
        if (dense.dtype() == DType.STRING) {
            check.strings(0, "dense");
            bytes = MergeSingleScalar.presentStringBytes(dense, presence);
        }
        plan.batch = batch;
        plan.groups = columns;
        plan.valueType = dense.dtype();
        plan.featureIdsAsSegment();
        plan.addOutput(DType.INT32, batch, 0);
        plan.addOutput(DType.INT64, total, 0);
        plan.addOutput(plan.valueType, total, bytes);
    }

    @Override
    void compute(Plan plan, Tensor[] in, Tensor[] out) {
        long batch = plan.batch;
        int columns = plan.groups;
        MemorySegment presence = in[1].data();
        MemorySegment ids = plan.featureIdSegment();
        MemorySegment keys = out[1].data();
        long k = 0;
        for (long e = 0; e < batch; e++) {
            long c = kernels.compact(ids, 0, presence, e * columns, columns, keys, k, Long.BYTES);
            out[0].setInt(e, (int) c);
            k += c;
        }
        if (plan.valueType == DType.STRING) {
            StringValues.compact(in[0], presence, out[2]);
        } else {
            kernels.compact(in[0].data(), 0, presence, 0, batch * columns, out[2].data(), 0, width(in[0]));
        }
    }
}
