package dev.featuremaps.testkit.model;

import dev.featuremaps.tensors.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A 1-D tensor on the heap: a dtype and its elements as boxed Java values ({@link Boolean},
 * {@link Integer}, {@link Long}, {@link Float}, {@link Double} or {@link String}).
 *
 * <p>Equality for the model's purposes is {@link #sameBits}: floating-point elements compare by
 * their raw bits, so NaN payloads and the sign of zero count.
 *
 * @param dtype the element type
 * @param values the elements, each of the boxed type of {@code dtype}
 */
public record Column(DType dtype, List<Object> values) {

    /** Checks that every element has the boxed type of {@code dtype}. */
    public Column {
        Objects.requireNonNull(dtype, "dtype");
        values = List.copyOf(values);
        for (int i = 0; i < values.size(); i++) {
            if (!boxedType(dtype).isInstance(values.get(i))) {
                throw new IllegalArgumentException("element " + i + " of a " + dtype.label()
                        + " column is a " + values.get(i).getClass().getSimpleName());
            }
        }
    }

    /** @param dtype element type @return the Java class of its boxed elements */
    public static Class<?> boxedType(DType dtype) {
        return switch (dtype) {
            case BOOL -> Boolean.class;
            case INT32 -> Integer.class;
            case INT64 -> Long.class;
            case FLOAT -> Float.class;
            case DOUBLE -> Double.class;
            case STRING -> String.class;
        };
    }

    /** @param dtype element type @return what a gradient holds where no value was merged */
    public static Object defaultValue(DType dtype) {
        return dtype.defaultValue();
    }

    /** @param dtype element type @param values elements @return the column */
    public static Column of(DType dtype, Object... values) {
        return new Column(dtype, Arrays.asList(values));
    }

    /** @param values elements @return a bool column */
    public static Column bools(boolean... values) {
        List<Object> list = new ArrayList<>();
        for (boolean v : values) {
            list.add(v);
        }
        return new Column(DType.BOOL, list);
    }

    /** @param values 0 or 1 per element @return a bool column, for presence written as digits */
    public static Column presence(int... values) {
        List<Object> list = new ArrayList<>();
        for (int v : values) {
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException("presence is 0 or 1, not " + v);
            }
            list.add(v == 1);
        }
        return new Column(DType.BOOL, list);
    }

    /** @param values elements @return an int32 column */
    public static Column ints(int... values) {
        return new Column(DType.INT32, Arrays.stream(values).boxed().map(Object.class::cast).toList());
    }

    /** @param values elements @return an int64 column */
    public static Column longs(long... values) {
        return new Column(DType.INT64, Arrays.stream(values).boxed().map(Object.class::cast).toList());
    }

    /** @param values elements @return a float column */
    public static Column floats(float... values) {
        List<Object> list = new ArrayList<>();
        for (float v : values) {
            list.add(v);
        }
        return new Column(DType.FLOAT, list);
    }

    /** @param values elements @return a double column */
    public static Column doubles(double... values) {
        return new Column(DType.DOUBLE, Arrays.stream(values).boxed().map(Object.class::cast).toList());
    }

    /** @param values elements @return a string column */
    public static Column strings(String... values) {
        return new Column(DType.STRING, Arrays.asList((Object[]) values));
    }

    /** @return the number of elements */
    public int size() {
        return values.size();
    }

    /** @param i index @return element {@code i} */
    public Object get(int i) {
        return values.get(i);
    }

    /** @param i index @return element {@code i} of an int32 column */
    public int intAt(int i) {
        return (Integer) values.get(i);
    }

    /** @param i index @return element {@code i} of a bool column */
    public boolean boolAt(int i) {
        return (Boolean) values.get(i);
    }

    /** @return the sum of an int32 column, as a long */
    public long sum() {
        long s = 0;
        for (int i = 0; i < size(); i++) {
            s += intAt(i);
        }
        return s;
    }

    /**
     * Same dtype and the same elements, floating-point ones compared by raw bits.
     *
     * @param other another column
     * @return whether the columns are identical
     */
    public boolean sameBits(Column other) {
        return firstDifference(other) == null;
    }

    /**
     * Describes where two columns first differ.
     *
     * @param other the column compared with this one
     * @return {@code null} if they are identical, else a sentence with the index and both elements
     */
    public String firstDifference(Column other) {
        if (dtype != other.dtype) {
            return "dtype " + other.dtype.label() + ", expected " + dtype.label();
        }
        if (size() != other.size()) {
            return other.size() + " elements, expected " + size() + ": got " + other + ", expected " + this;
        }
        for (int i = 0; i < size(); i++) {
            if (!sameElement(get(i), other.get(i))) {
                return "element " + i + " is " + show(other.get(i)) + ", expected " + show(get(i))
                        + ": got " + other + ", expected " + this;
            }
        }
        return null;
    }

    /** @param a an element @param b another @return equality by raw bits for floating point */
    public static boolean sameElement(Object a, Object b) {
        if (a instanceof Float x && b instanceof Float y) {
            return Float.floatToRawIntBits(x) == Float.floatToRawIntBits(y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
        }
        return a.equals(b);
    }

    private static String show(Object v) {
        if (v instanceof Float f && f.isNaN()) {
            return "NaN(0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + ")";
        }
        if (v instanceof Double d && d.isNaN()) {
            return "NaN(0x" + Long.toHexString(Double.doubleToRawLongBits(d)) + ")";
        }
        return v instanceof String s ? '"' + s + '"' : String.valueOf(v);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(dtype.label()).append('[').append(size()).append("] {");
        int n = Math.min(size(), 24);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(show(get(i)));
        }
        return sb.append(size() > n ? ", ...}" : "}").toString();
    }
}
