package dev.featuremaps.kernels;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Chooses the {@link FeatureKernels} implementation once per JVM, and says which in one log line.
 *
 * <p>The Vector API family is used when the {@code jdk.incubator.vector} module is in the boot
 * layer, the JIT is C2, and the CPU's integer vectors are wide enough to beat the scalar loops
 * (on x86, 256 bits: with SSE or AVX1 only, or {@code -XX:MaxVectorSize=16}, the integer
 * shuffles and compares the kernels rely on are narrow or not intrinsified, and vector code run
 * outside C2 allocates). Otherwise the scalar family runs, and the log line gives the reason.
 * The system property {@value #PROPERTY} ({@code scalar} or {@code panama}) forces a choice;
 * forcing {@code panama} where it cannot load is an error, so a build that requires the fast path
 * never silently runs without it. Forcing it where it loads but does not pay is allowed, which is
 * how the tests run the 128-bit shape.
 *
 * <p>A bad value of the property is reported by an {@link IllegalArgumentException} at every
 * call, never by a failed class initialisation that would poison the operators for the life of
 * the JVM.
 */
public final class KernelProvider {
    /** System property that forces an implementation: {@code scalar} or {@code panama}. */
    public static final String PROPERTY = "featuremaps.kernels";

    private static final Logger LOG = Logger.getLogger(KernelProvider.class.getName());
    private static final String PANAMA_CLASS = "dev.featuremaps.kernels.panama.PanamaFeatureKernels";

    private KernelProvider() {
    }

    /**
     * What was chosen and why.
     *
     * @param kernels the chosen family, or {@code null} when {@code error} is set
     * @param vectorBits the vector size the family uses, 0 for the scalar family
     * @param reason why this family: the forcing property, or why the other one was not chosen
     * @param error a bad {@value #PROPERTY} value, described, or {@code null}
     */
    public record Choice(FeatureKernels kernels, int vectorBits, String reason, String error) {
        /**
         * The chosen family.
         *
         * @return the kernels
         * @throws IllegalArgumentException when {@value #PROPERTY} has a bad value
         */
        public FeatureKernels kernelsOrThrow() {
            if (error != null) {
                throw new IllegalArgumentException(error);
            }
            return kernels;
        }
    }

    private static final class Holder {
        static final Choice CHOICE = logged(choose(System.getProperty(PROPERTY, "")));
    }

    /**
     * The implementation chosen for this JVM.
     *
     * @return the kernels
     * @throws IllegalArgumentException when {@value #PROPERTY} has a bad value
     */
    public static FeatureKernels kernels() {
        return Holder.CHOICE.kernelsOrThrow();
    }

    /**
     * The choice made for this JVM, with its reason; never throws.
     *
     * @return the choice
     */
    public static Choice choice() {
        return Holder.CHOICE;
    }

    /**
     * The scalar family, whatever this JVM supports.
     *
     * @return the scalar implementation
     */
    public static FeatureKernels scalar() {
        return ScalarFeatureKernels.INSTANCE;
    }

    /**
     * The Vector API family.
     *
     * @return the Panama implementation
     * @throws UnsupportedOperationException with the reason, if it cannot load on this JVM
     */
    public static FeatureKernels panama() {
        String why = panamaUnavailableReason();
        if (why != null) {
            throw new UnsupportedOperationException("Vector API kernels unavailable: " + why);
        }
        try {
            return (FeatureKernels) panamaMethod("create", FeatureKernels.class).invoke();
        } catch (Throwable t) {
            throw new UnsupportedOperationException("Vector API kernels failed to load: " + t, t);
        }
    }

    /**
     * Why the Vector API family cannot be used here at all.
     *
     * @return a sentence, or {@code null} when it can be used
     */
    public static String panamaUnavailableReason() {
        return unavailableReason(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                c2Enabled(KernelProvider::vmOption));
    }

    /** The rule of {@link #panamaUnavailableReason()}, for a JVM with or without the module and C2. */
    static String unavailableReason(boolean vectorModule, boolean c2) {
        if (!vectorModule) {
            return "module jdk.incubator.vector is not in the boot layer: add the JVM flag "
                    + "--add-modules jdk.incubator.vector";
        }
        if (!c2) {
            return "the JIT is not C2 (interpreted or C1-only JVMs run vector code far slower than scalar)";
        }
        return null;
    }

    /** The value of this JVM's option {@code name}, from HotSpot's diagnostic bean; package-private for its test. */
    static String vmOption(String name) {
        return java.lang.management.ManagementFactory
                .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
    }

    /**
     * Whether C2 compiles, reading the JVM options through {@code vmOption}. A JVM without
     * HotSpot's diagnostic bean (another VM; the bean is null or its class absent) is taken to
     * compile: nothing says otherwise, and the family's own checks still apply.
     */
    static boolean c2Enabled(Function<String, String> vmOption) {
        String useCompiler;
        String tieredStopAtLevel;
        try {
            useCompiler = vmOption.apply("UseCompiler");
            tieredStopAtLevel = vmOption.apply("TieredStopAtLevel");
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
        return c2Enabled(useCompiler, tieredStopAtLevel);
    }

    /** Whether C2 compiles, from the values of {@code -XX:UseCompiler} and {@code -XX:TieredStopAtLevel}. */
    static boolean c2Enabled(String useCompiler, String tieredStopAtLevel) {
        return Boolean.parseBoolean(useCompiler) && Integer.parseInt(tieredStopAtLevel) >= 4;
    }

    private static MethodHandle panamaMethod(String name, Class<?> returns) throws ReflectiveOperationException {
        return MethodHandles.lookup().findStatic(Class.forName(PANAMA_CLASS), name, MethodType.methodType(returns));
    }

    /** Logs the choice once, as the holder makes it; package-private for its test. */
    static Choice logged(Choice choice) {
        if (choice.error() != null) {
            LOG.warning("featuremaps: " + choice.error());
        } else if (choice.vectorBits() > 0) {
            LOG.info("featuremaps: using " + choice.kernels().name() + " kernels, " + choice.vectorBits()
                    + "-bit vectors" + (choice.reason() == null ? "" : "; " + choice.reason()));
        } else {
            LOG.info("featuremaps: using scalar kernels; " + choice.reason());
        }
        return choice;
    }

    /**
     * The choice for a value of {@value #PROPERTY}; the empty string means the best available.
     * Nothing is logged.
     */
    static Choice choose(String property) {
        return choose(property, panamaUnavailableReason());
    }

    /** The choice, given why the Vector API family cannot run here ({@code null}: it can). */
    static Choice choose(String property, String unavailable) {
        String forced = property.trim().toLowerCase(Locale.ROOT);
        switch (forced) {
            case "scalar":
                return new Choice(scalar(), 0, "-D" + PROPERTY + "=scalar", null);
            case "panama":
                String failure = unavailable == null ? null : "Vector API kernels unavailable: " + unavailable;
                if (failure == null) {
                    try {
                        return new Choice(panama(), vectorBits(), "-D" + PROPERTY + "=panama", null);
                    } catch (UnsupportedOperationException e) {
                        failure = e.getMessage();
                    }
                }
                return new Choice(null, 0, null, "-D" + PROPERTY + "=panama: " + failure);
            case "":
                break;
            default:
                return new Choice(null, 0, null, "-D" + PROPERTY + "=" + property.trim()
                        + ": expected scalar or panama");
        }
        String why = unavailable;
        if (why == null) {
            try {
                why = (String) panamaMethod("unprofitableReason", String.class).invoke();
                if (why == null) {
                    return new Choice(panama(), vectorBits(), null, null);
                }
            } catch (Throwable t) {
                why = "Vector API kernels failed to load: " + t;
            }
        }
        return new Choice(scalar(), 0, why, null);
    }

    private static int vectorBits() {
        try {
            return (int) panamaMethod("vectorBitSize", int.class).invoke();
        } catch (Throwable t) {
            throw new UnsupportedOperationException("Vector API kernels failed to load: " + t, t);
        }
    }
}
