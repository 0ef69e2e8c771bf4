package dev.featuremaps.kernels;

/** Prints what {@link KernelProvider} chose in a fresh JVM, for {@link KernelProviderTest}. */
public final class KernelChoiceMain {
    private KernelChoiceMain() {
    }

    /**
     * Asks for the kernels twice and prints {@code kernels=}, {@code same=} and {@code reason=}
     * lines, or one {@code error=} line when the choice failed.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try {
            FeatureKernels first = KernelProvider.kernels();
            FeatureKernels second = KernelProvider.kernels();
            System.out.println("kernels=" + first.name());
            System.out.println("same=" + (first == second));
            System.out.println("reason=" + KernelProvider.panamaUnavailableReason());
        } catch (ExceptionInInitializerError e) {
            System.out.println("error=" + e.getCause());
        }
    }
}
