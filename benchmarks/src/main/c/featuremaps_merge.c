/*
 * Caffe2's feature-map operators (caffe2/operators/feature_maps_ops.h) as a C++ user of Caffe2
 * gets them from g++ -O3 -march=native: the plain algorithm of SEMANTICS.md, example-major, one
 * element assignment where Caffe2 assigns, one memcpy per run where Caffe2 calls
 * CopyItemsSameDevice. It is a baseline for the JMH suite, so it is deliberately not tuned
 * beyond what the compiler does by itself.
 *
 * Element types are those of the benchmark workloads: float values, int64 keys and feature ids,
 * int32 lengths, bool presence (one byte, 0 or 1). Inputs that come one per feature arrive as a
 * table of pointers. The inputs were validated by the caller, as Caffe2's operators assume.
 *
 * The cursor tables Caffe2 keeps as std::vector members (inValuesOffset_ and the like) are passed
 * in, allocated once by the caller, so that a call allocates nothing, as in the Java reference
 * and the library.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

/* Bumped when a signature changes, so a stale library is refused rather than called wrongly. */
EXPORT int64_t fm_abi_version(void) {
    return 1;
}

/* MergeSingleScalarFeatureTensors. */
EXPORT void fm_merge_single_scalar(int64_t batch, int64_t n, const float *const *values,
                                   const bool *const *presence, const int64_t *ids, int32_t *out_lengths,
                                   int64_t *out_keys, float *out_values) {
    int64_t k = 0;
    for (int64_t e = 0; e < batch; e++) {
        int32_t length = 0;
        for (int64_t i = 0; i < n; i++) {
            if (presence[i][e]) {
                out_keys[k] = ids[i];
                out_values[k] = values[i][e];
                k++;
                length++;
            }
        }
        out_lengths[e] = length;
    }
}

/* MergeSingleScalarFeatureTensorsGradient. */
EXPORT void fm_merge_single_scalar_gradient(int64_t batch, int64_t n, const bool *const *presence,
                                            const float *grad, float *const *out_grads) {
    int64_t k = 0;
    for (int64_t e = 0; e < batch; e++) {
        for (int64_t i = 0; i < n; i++) {
            if (presence[i][e]) {
                out_grads[i][e] = grad[k];
                k++;
            } else {
                out_grads[i][e] = 0.0f;
            }
        }
    }
}

/*
 * MergeSingleListFeatureTensors and MergeSingleMapFeatureTensors. Caffe2 has one operator class
 * for each; a constant `map` makes the compiler emit the two loops separately, as it would for
 * the two classes.
 */
static inline void single_runs(bool map, int64_t batch, int64_t n, const int32_t *const *lengths,
                               const int64_t *const *keys, const float *const *values,
                               const bool *const *presence, const int64_t *ids, int32_t *out_lengths,
                               int64_t *out_keys, int32_t *out_values_lengths, int64_t *out_values_keys,
                               float *out_values, int64_t *in_offset) {
    memset(in_offset, 0, (size_t) n * sizeof *in_offset);
    int64_t k = 0;
    int64_t values_offset = 0;
    for (int64_t e = 0; e < batch; e++) {
        int32_t length = 0;
        for (int64_t i = 0; i < n; i++) {
            if (presence[i][e]) {
                int32_t run = lengths[i][e];
                out_keys[k] = ids[i];
                out_values_lengths[k] = run;
                if (map) {
                    memcpy(out_values_keys + values_offset, keys[i] + in_offset[i], (size_t) run * sizeof(int64_t));
                }
                memcpy(out_values + values_offset, values[i] + in_offset[i], (size_t) run * sizeof(float));
                values_offset += run;
                in_offset[i] += run;
                k++;
                length++;
            }
        }
        out_lengths[e] = length;
    }
}

EXPORT void fm_merge_single_list(int64_t batch, int64_t n, const int32_t *const *lengths,
                                 const float *const *values, const bool *const *presence, const int64_t *ids,
                                 int32_t *out_lengths, int64_t *out_keys, int32_t *out_values_lengths,
                                 float *out_values, int64_t *in_offset) {
    single_runs(false, batch, n, lengths, NULL, values, presence, ids, out_lengths, out_keys, out_values_lengths,
                NULL, out_values, in_offset);
}

EXPORT void fm_merge_single_map(int64_t batch, int64_t n, const int32_t *const *lengths,
                                const int64_t *const *keys, const float *const *values, const bool *const *presence,
                                const int64_t *ids, int32_t *out_lengths, int64_t *out_keys,
                                int32_t *out_values_lengths, int64_t *out_values_keys, float *out_values,
                                int64_t *in_offset) {
    single_runs(true, batch, n, lengths, keys, values, presence, ids, out_lengths, out_keys, out_values_lengths,
                out_values_keys, out_values, in_offset);
}

/* MergeSingleListFeatureTensorsGradient, the same computation as the map gradient. */
EXPORT void fm_merge_single_list_or_map_gradient(int64_t batch, int64_t n, const int32_t *const *lengths,
                                                 const bool *const *presence, const float *grad,
                                                 float *const *out_grads, int64_t *out_offset) {
    memset(out_offset, 0, (size_t) n * sizeof *out_offset);
    int64_t in_offset = 0;
    for (int64_t e = 0; e < batch; e++) {
        for (int64_t i = 0; i < n; i++) {
            if (presence[i][e]) {
                int32_t run = lengths[i][e];
                memcpy(out_grads[i] + out_offset[i], grad + in_offset, (size_t) run * sizeof(float));
                out_offset[i] += run;
                in_offset += run;
            }
        }
    }
}

/* MergeMultiScalarFeatureTensors. */
EXPORT void fm_merge_multi_scalar(int64_t batch, int64_t m, const int32_t *const *lengths,
                                  const int64_t *const *keys, const float *const *values, int32_t *out_lengths,
                                  int64_t *out_keys, float *out_values, int64_t *in_offset) {
    memset(in_offset, 0, (size_t) m * sizeof *in_offset);
    int64_t k = 0;
    for (int64_t e = 0; e < batch; e++) {
        int32_t length = 0;
        for (int64_t j = 0; j < m; j++) {
            int32_t features = lengths[j][e];
            length += features;
            for (int32_t f = 0; f < features; f++) {
                int64_t from = in_offset[j];
                out_keys[k] = keys[j][from];
                out_values[k] = values[j][from];
                in_offset[j] = from + 1;
                k++;
            }
        }
        out_lengths[e] = length;
    }
}

/* MergeMultiScalarFeatureTensorsGradient. */
EXPORT void fm_merge_multi_scalar_gradient(int64_t batch, int64_t m, const int32_t *const *lengths,
                                           const float *grad, float *const *out_grads, int64_t *out_offset) {
    memset(out_offset, 0, (size_t) m * sizeof *out_offset);
    int64_t in_offset = 0;
    for (int64_t e = 0; e < batch; e++) {
        for (int64_t j = 0; j < m; j++) {
            int32_t run = lengths[j][e];
            if (run > 0) {
                memcpy(out_grads[j] + out_offset[j], grad + in_offset, (size_t) run * sizeof(float));
                out_offset[j] += run;
                in_offset += run;
            }
        }
    }
}

/* MergeMultiListFeatureTensors and MergeMultiMapFeatureTensors; see single_runs for `map`. */
static inline void multi_runs(bool map, int64_t batch, int64_t m, const int32_t *const *lengths,
                              const int64_t *const *keys, const int32_t *const *values_lengths,
                              const int64_t *const *values_keys, const float *const *values, int32_t *out_lengths,
                              int64_t *out_keys, int32_t *out_values_lengths, int64_t *out_values_keys,
                              float *out_values, int64_t *feature_offset, int64_t *value_offset) {
    memset(feature_offset, 0, (size_t) m * sizeof *feature_offset);
    memset(value_offset, 0, (size_t) m * sizeof *value_offset);
    int64_t k = 0;
    int64_t out_value_offset = 0;
    for (int64_t e = 0; e < batch; e++) {
        int32_t length = 0;
        for (int64_t j = 0; j < m; j++) {
            int32_t features = lengths[j][e];
            length += features;
            for (int32_t f = 0; f < features; f++) {
                int64_t feature = feature_offset[j];
                int32_t run = values_lengths[j][feature];
                out_keys[k] = keys[j][feature];
                out_values_lengths[k] = run;
                if (map) {
                    memcpy(out_values_keys + out_value_offset, values_keys[j] + value_offset[j],
                           (size_t) run * sizeof(int64_t));
                }
                memcpy(out_values + out_value_offset, values[j] + value_offset[j], (size_t) run * sizeof(float));
                out_value_offset += run;
                value_offset[j] += run;
                feature_offset[j] = feature + 1;
                k++;
            }
        }
        out_lengths[e] = length;
    }
}

EXPORT void fm_merge_multi_list(int64_t batch, int64_t m, const int32_t *const *lengths, const int64_t *const *keys,
                                const int32_t *const *values_lengths, const float *const *values,
                                int32_t *out_lengths, int64_t *out_keys, int32_t *out_values_lengths,
                                float *out_values, int64_t *feature_offset, int64_t *value_offset) {
    multi_runs(false, batch, m, lengths, keys, values_lengths, NULL, values, out_lengths, out_keys,
               out_values_lengths, NULL, out_values, feature_offset, value_offset);
}

EXPORT void fm_merge_multi_map(int64_t batch, int64_t m, const int32_t *const *lengths, const int64_t *const *keys,
                               const int32_t *const *values_lengths, const int64_t *const *values_keys,
                               const float *const *values, int32_t *out_lengths, int64_t *out_keys,
                               int32_t *out_values_lengths, int64_t *out_values_keys, float *out_values,
                               int64_t *feature_offset, int64_t *value_offset) {
    multi_runs(true, batch, m, lengths, keys, values_lengths, values_keys, values, out_lengths, out_keys,
               out_values_lengths, out_values_keys, out_values, feature_offset, value_offset);
}

/* MergeMultiListFeatureTensorsGradient, the same computation as the map gradient. */
EXPORT void fm_merge_multi_list_or_map_gradient(int64_t batch, int64_t m, const int32_t *const *lengths,
                                                const int32_t *const *values_lengths, const float *grad,
                                                float *const *out_grads, int64_t *feature_offset,
                                                int64_t *out_offset) {
    memset(feature_offset, 0, (size_t) m * sizeof *feature_offset);
    memset(out_offset, 0, (size_t) m * sizeof *out_offset);
    int64_t in_offset = 0;
    for (int64_t e = 0; e < batch; e++) {
        for (int64_t j = 0; j < m; j++) {
            int32_t features = lengths[j][e];
            int64_t first = feature_offset[j];
            int64_t run = 0;
            for (int32_t f = 0; f < features; f++) {
                run += values_lengths[j][first + f];
            }
            if (run > 0) {
                memcpy(out_grads[j] + out_offset[j], grad + in_offset, (size_t) run * sizeof(float));
            }
            feature_offset[j] = first + features;
            out_offset[j] += run;
            in_offset += run;
        }
    }
}

/* MergeDenseFeatureTensors: dense and presence are row-major [batch, columns]. */
EXPORT void fm_merge_dense(int64_t batch, int64_t columns, const float *dense, const bool *presence,
                           const int64_t *ids, int32_t *out_lengths, int64_t *out_keys, float *out_values) {
    int64_t k = 0;
    int64_t cell = 0;
    for (int64_t e = 0; e < batch; e++) {
        int32_t length = 0;
        for (int64_t c = 0; c < columns; c++) {
            if (presence[cell]) {
                out_keys[k] = ids[c];
                out_values[k] = dense[cell];
                k++;
                length++;
            }
            cell++;
        }
        out_lengths[e] = length;
    }
}
