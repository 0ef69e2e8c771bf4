package dev.featuremaps.tensors;

/**
 * Element types of feature tensors.
 *
 * <p>Fixed-width types store their elements back to back in native byte order; {@link #BOOL} is one
 * byte per element holding exactly 0 or 1. {@link #STRING} stores UTF-8 bytes back to back plus an
 * {@code int64} offset table of {@code count + 1} entries (see {@link Tensor}).
 */
public enum DType {
    /** One byte per element: 0 is false, 1 is true; any other byte is rejected by the operators. */
    BOOL(1),
    /** 32-bit signed integers. */
    INT32(4),
    /** 64-bit signed integers. */
    INT64(8),
    /** IEEE 754 binary32. */
    FLOAT(4),
    /** IEEE 754 binary64. */
    DOUBLE(8),
    /** UTF-8 strings: element {@code i} is {@code bytes[offsets[i] .. offsets[i+1])}. */
    STRING(0);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /**
     * Bytes per element for fixed-width types.
     *
     * @return the element width in bytes, or 0 for {@link #STRING}, whose elements vary in width
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * Whether every element has the same width.
     *
     * @return true for every type except {@link #STRING}
     */
    public boolean isFixedWidth() {
        return byteSize != 0;
    }

    /**
     * The value a gradient holds where no value was merged: 0, false or the empty string, boxed
     * like {@link Tensor#getObject}.
     *
     * @return the type's default element
     */
    public Object defaultValue() {
        return switch (this) {
            case BOOL -> false;
            case INT32 -> 0;
            case INT64 -> 0L;
            case FLOAT -> 0f;
            case DOUBLE -> 0d;
            case STRING -> "";
        };
    }

    /**
     * The lower-case name used in files and messages ({@code int32}, {@code string}, ...).
     *
     * @return the type's lower-case name
     */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses a lower-case or upper-case type name.
     *
     * @param label a name such as {@code "float"}
     * @return the type
     * @throws IllegalArgumentException if no type has that name
     */
    public static DType fromLabel(String label) {
        for (DType t : values()) {
            if (t.label().equalsIgnoreCase(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + label
                + "': expected one of bool, int32, int64, float, double, string");
    }
}
