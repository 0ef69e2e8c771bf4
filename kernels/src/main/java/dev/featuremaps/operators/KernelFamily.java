package dev.featuremaps.operators;

import java.util.Locale;

/** The two implementations every operator can run on; results are identical byte for byte. */
public enum KernelFamily {
    /** Plain Java loops: always available. */
    SCALAR,
    /**
     * JDK Vector API kernels: need {@code --add-modules jdk.incubator.vector} and the C2 JIT, and
     * are chosen by default only where the CPU's integer vectors make them pay.
     */
    PANAMA;

    /**
     * The family's name as {@code -Dfeaturemaps.kernels} and the command line spell it.
     *
     * @return {@code scalar} or {@code panama}
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The family an id names.
     *
     * @param id {@code scalar} or {@code panama}, in any case
     * @return the family
     * @throws IllegalArgumentException for any other value
     */
    public static KernelFamily of(String id) {
        for (KernelFamily f : values()) {
            if (f.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown kernel family '" + id + "': expected scalar or panama");
    }
}
