package dev.featuremaps.ops.json;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A JSON number kept as its source text, so that each reader converts it exactly once, to the
 * type it needs: an int64 never passes through a double, a float is rounded once from the decimal
 * text.
 *
 * @param text the number as written, valid JSON number syntax
 */
public record JsonNumber(String text) {
    /** Checks the text is present; the reader guarantees its syntax. */
    public JsonNumber {
        Objects.requireNonNull(text, "text");
    }

    /** @return whether the number is written without a fraction or exponent */
    public boolean isInteger() {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                return false;
            }
        }
        return true;
    }

    /**
     * The exact value of an integer literal.
     *
     * @return the value
     * @throws ArithmeticException if the number has a fraction or exponent, or does not fit a long
     */
    public long longValueExact() {
        if (!isInteger()) {
            throw new ArithmeticException(text + " is not an integer");
        }
        return new BigInteger(text).longValueExact();
    }

    /**
     * The nearest float (IEEE round to nearest even, from the decimal text).
     *
     * @return the value, infinite if the number is beyond float's range
     */
    public float floatValue() {
        return Float.parseFloat(text);
    }

    /**
     * The nearest double (IEEE round to nearest even, from the decimal text).
     *
     * @return the value, infinite if the number is beyond double's range
     */
    public double doubleValue() {
        return Double.parseDouble(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
