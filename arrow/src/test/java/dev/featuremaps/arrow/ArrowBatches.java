package dev.featuremaps.arrow;

import dev.featuremaps.testkit.model.Column;
import dev.featuremaps.testkit.model.Model;
import dev.featuremaps.tensors.DType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Model features as Arrow vectors written through Arrow's own vector API ({@code setSafe},
 * {@code startNewValue}/{@code endValue}), and Arrow vectors read back through Arrow's own
 * {@code getObject} into model columns.
 */
final class ArrowBatches {
    private ArrowBatches() {
    }

    // ------------------------------------------------------------------ fields

    static ArrowType type(DType t) {
        return switch (t) {
            case BOOL -> ArrowType.Bool.INSTANCE;
            case INT32 -> new ArrowType.Int(32, true);
            case INT64 -> new ArrowType.Int(64, true);
            case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case STRING -> ArrowType.Utf8.INSTANCE;
        };
    }

    static Field element(String name, DType t, boolean nullable) {
        return new Field(name, nullable ? FieldType.nullable(type(t)) : FieldType.notNullable(type(t)), null);
    }

    static Field list(String name, Field element) {
        return new Field(name, FieldType.nullable(ArrowType.List.INSTANCE), List.of(element));
    }

    static Field map(String name, Field key, Field value) {
        Field entries = new Field(MapVector.DATA_VECTOR_NAME, FieldType.notNullable(ArrowType.Struct.INSTANCE),
                List.of(key, value));
        return new Field(name, FieldType.nullable(new ArrowType.Map(false)), List.of(entries));
    }

    static Field key(DType t) {
        return element(MapVector.KEY_NAME, t, false);
    }

    // ------------------------------------------------------------------ writing

    static void set(FieldVector v, int i, Object o) {
        switch (v) {
            case IntVector x -> x.setSafe(i, (Integer) o);
            case BigIntVector x -> x.setSafe(i, (Long) o);
            case Float4Vector x -> x.setSafe(i, (Float) o);
            case Float8Vector x -> x.setSafe(i, (Double) o);
            case BitVector x -> x.setSafe(i, (Boolean) o ? 1 : 0);
            case VarCharVector x -> x.setSafe(i, ((String) o).getBytes(StandardCharsets.UTF_8));
            default -> throw new IllegalArgumentException(v.getClass().getSimpleName());
        }
    }

    static FieldVector singleScalar(BufferAllocator a, String name, Model.SingleScalar f) {
        FieldVector v = element(name, f.values().dtype(), true).createVector(a);
        int n = f.values().size();
        for (int e = 0; e < n; e++) {
            if (f.presence().boolAt(e)) {
                set(v, e, f.values().get(e));
            } else {
                v.setNull(e); // the value of an absent example means nothing
            }
        }
        v.setValueCount(n);
        return v;
    }

    static ListVector singleList(BufferAllocator a, String name, Model.SingleList f) {
        ListVector v = (ListVector) list(name, element("$data$", f.values().dtype(), true)).createVector(a);
        FieldVector child = v.getDataVector();
        int n = f.lengths().size();
        int at = 0;
        for (int e = 0; e < n; e++) {
            if (f.presence().boolAt(e)) {
                int start = v.startNewValue(e);
                int len = f.lengths().intAt(e);
                for (int k = 0; k < len; k++) {
                    set(child, start + k, f.values().get(at++));
                }
                v.endValue(e, len);
            } else {
                v.setNull(e);
            }
        }
        v.setValueCount(n);
        return v;
    }

    static MapVector singleMap(BufferAllocator a, String name, Model.SingleMap f) {
        MapVector v = (MapVector) map(name, key(f.keys().dtype()), element(MapVector.VALUE_NAME, f.values().dtype(),
                true)).createVector(a);
        StructVector entries = (StructVector) v.getDataVector();
        int n = f.lengths().size();
        int at = 0;
        for (int e = 0; e < n; e++) {
            if (f.presence().boolAt(e)) {
                int start = v.startNewValue(e);
                int len = f.lengths().intAt(e);
                for (int k = 0; k < len; k++, at++) {
                    entries.setIndexDefined(start + k);
                    set(entries.getChildrenFromFields().get(0), start + k, f.keys().get(at));
                    set(entries.getChildrenFromFields().get(1), start + k, f.values().get(at));
                }
                v.endValue(e, len);
            } else {
                v.setNull(e);
            }
        }
        v.setValueCount(n);
        return v;
    }

    static MapVector multiScalar(BufferAllocator a, String name, Model.MultiScalar f) {
        MapVector v = (MapVector) map(name, key(DType.INT64), element(MapVector.VALUE_NAME, f.values().dtype(), true))
                .createVector(a);
        StructVector entries = (StructVector) v.getDataVector();
        int at = 0;
        for (int e = 0; e < f.lengths().size(); e++) {
            int start = v.startNewValue(e);
            int len = f.lengths().intAt(e);
            for (int k = 0; k < len; k++, at++) {
                entries.setIndexDefined(start + k);
                set(entries.getChildrenFromFields().get(0), start + k, f.keys().get(at));
                set(entries.getChildrenFromFields().get(1), start + k, f.values().get(at));
            }
            v.endValue(e, len);
        }
        v.setValueCount(f.lengths().size());
        return v;
    }

    static MapVector multiList(BufferAllocator a, String name, Model.MultiList f) {
        Field value = list(MapVector.VALUE_NAME, element("$data$", f.valuesValues().dtype(), true));
        MapVector v = (MapVector) map(name, key(DType.INT64), value).createVector(a);
        StructVector entries = (StructVector) v.getDataVector();
        ListVector inner = (ListVector) entries.getChildrenFromFields().get(1);
        int feature = 0;
        int at = 0;
        for (int e = 0; e < f.lengths().size(); e++) {
            int start = v.startNewValue(e);
            int len = f.lengths().intAt(e);
            for (int k = 0; k < len; k++, feature++) {
                entries.setIndexDefined(start + k);
                set(entries.getChildrenFromFields().get(0), start + k, f.keys().get(feature));
                int runStart = inner.startNewValue(start + k);
                int run = f.valuesLengths().intAt(feature);
                for (int r = 0; r < run; r++) {
                    set(inner.getDataVector(), runStart + r, f.valuesValues().get(at++));
                }
                inner.endValue(start + k, run);
            }
            v.endValue(e, len);
        }
        v.setValueCount(f.lengths().size());
        return v;
    }

    static MapVector multiMap(BufferAllocator a, String name, Model.MultiMap f) {
        Field value = map(MapVector.VALUE_NAME, key(f.valuesKeys().dtype()),
                element(MapVector.VALUE_NAME, f.valuesValues().dtype(), true));
        MapVector v = (MapVector) map(name, key(DType.INT64), value).createVector(a);
        StructVector entries = (StructVector) v.getDataVector();
        MapVector inner = (MapVector) entries.getChildrenFromFields().get(1);
        StructVector innerEntries = (StructVector) inner.getDataVector();
        int feature = 0;
        int at = 0;
        for (int e = 0; e < f.lengths().size(); e++) {
            int start = v.startNewValue(e);
            int len = f.lengths().intAt(e);
            for (int k = 0; k < len; k++, feature++) {
                entries.setIndexDefined(start + k);
                set(entries.getChildrenFromFields().get(0), start + k, f.keys().get(feature));
                int runStart = inner.startNewValue(start + k);
                int run = f.valuesLengths().intAt(feature);
                for (int r = 0; r < run; r++, at++) {
                    innerEntries.setIndexDefined(runStart + r);
                    set(innerEntries.getChildrenFromFields().get(0), runStart + r, f.valuesKeys().get(at));
                    set(innerEntries.getChildrenFromFields().get(1), runStart + r, f.valuesValues().get(at));
                }
                inner.endValue(start + k, run);
            }
            v.endValue(e, len);
        }
        v.setValueCount(f.lengths().size());
        return v;
    }

    // ------------------------------------------------------------------ reading back

    static Object element(DType t, Object arrow) {
        return switch (t) {
            case STRING -> arrow.toString();
            default -> arrow;
        };
    }

    static Column column(FieldVector v, DType t) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < v.getValueCount(); i++) {
            out.add(element(t, v.getObject(i)));
        }
        return new Column(t, out);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, ?>> entries(MapVector v, int e) {
        Object o = v.getObject(e);
        return o == null ? List.of() : (List<Map<String, ?>>) o;
    }

    static Model.MultiScalar readMultiScalar(MapVector v, DType t) {
        List<Object> lengths = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (int e = 0; e < v.getValueCount(); e++) {
            List<Map<String, ?>> m = entries(v, e);
            lengths.add(m.size());
            for (Map<String, ?> entry : m) {
                keys.add(entry.get(MapVector.KEY_NAME));
                values.add(element(t, entry.get(MapVector.VALUE_NAME)));
            }
        }
        return new Model.MultiScalar(new Column(DType.INT32, lengths), new Column(DType.INT64, keys),
                new Column(t, values));
    }

    static Model.MultiList readMultiList(MapVector v, DType t) {
        List<Object> lengths = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        List<Object> valuesLengths = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (int e = 0; e < v.getValueCount(); e++) {
            List<Map<String, ?>> m = entries(v, e);
            lengths.add(m.size());
            for (Map<String, ?> entry : m) {
                keys.add(entry.get(MapVector.KEY_NAME));
                List<?> run = (List<?>) entry.get(MapVector.VALUE_NAME);
                valuesLengths.add(run.size());
                for (Object o : run) {
                    values.add(element(t, o));
                }
            }
        }
        return new Model.MultiList(new Column(DType.INT32, lengths), new Column(DType.INT64, keys),
                new Column(DType.INT32, valuesLengths), new Column(t, values));
    }

    @SuppressWarnings("unchecked")
    static Model.MultiMap readMultiMap(MapVector v, DType keyType, DType t) {
        List<Object> lengths = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        List<Object> valuesLengths = new ArrayList<>();
        List<Object> valuesKeys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (int e = 0; e < v.getValueCount(); e++) {
            List<Map<String, ?>> m = entries(v, e);
            lengths.add(m.size());
            for (Map<String, ?> entry : m) {
                keys.add(entry.get(MapVector.KEY_NAME));
                List<Map<String, ?>> run = (List<Map<String, ?>>) entry.get(MapVector.VALUE_NAME);
                valuesLengths.add(run.size());
                for (Map<String, ?> inner : run) {
                    valuesKeys.add(element(keyType, inner.get(MapVector.KEY_NAME)));
                    values.add(element(t, inner.get(MapVector.VALUE_NAME)));
                }
            }
        }
        return new Model.MultiMap(new Column(DType.INT32, lengths), new Column(DType.INT64, keys),
                new Column(DType.INT32, valuesLengths), new Column(keyType, valuesKeys), new Column(t, values));
    }
}
