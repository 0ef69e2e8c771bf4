package dev.featuremaps.kernels;

/** Prints what {@link KernelProvider} chose in a fresh JVM, for {@link KernelProviderTest}. */
public final class KernelChoiceMain {
    private KernelChoiceMain() {
    }

    /**
     * Asks for the kernels twice and prints {@code kernels=}, {@code same=}, {@code bits=} and
     * {@code reason=} lines, or, when the choice failed, an {@code error=} line per attempt.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                FeatureKernels first = KernelProvider.kernels();
                FeatureKernels second = KernelProvider.kernels();
                System.out.println("kernels=" + first.name());
                System.out.println("same=" + (first == second));
                System.out.println("bits=" + KernelProvider.choice().vectorBits());
                System.out.println("reason=" + KernelProvider.choice().reason());
                return;
            } catch (RuntimeException | Error e) {
                System.out.println("error=" + e);
            }
        }
    }
}
