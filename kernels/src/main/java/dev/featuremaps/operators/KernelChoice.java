package dev.featuremaps.operators;

/**
 * Which kernels the default operators of this JVM run on, and why.
 *
 * @param family the kernel family
 * @param vectorBits the vector size the family uses, 0 for {@link KernelFamily#SCALAR}
 * @param reason why this family was chosen (a forcing property, or why the vector family was
 *     not), or {@code null} when the vector family was chosen because it pays here
 */
public record KernelChoice(KernelFamily family, int vectorBits, String reason) {
    @Override
    public String toString() {
        String what = family.id() + (vectorBits > 0 ? " (" + vectorBits + "-bit vectors)" : "");
        return reason == null ? what : what + "; " + reason;
    }
}
