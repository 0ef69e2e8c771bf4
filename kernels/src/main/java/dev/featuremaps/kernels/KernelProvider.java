package dev.featuremaps.kernels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Chooses the {@link FeatureKernels} implementation once, at class load.
 *
 * <p>The Vector API family is used when the {@code jdk.incubator.vector} module is in the boot
 * layer and the JIT is C2; otherwise the scalar family runs, and one log line says how to enable
 * the fast path. The system property {@code featuremaps.kernels} ({@code scalar} or {@code
 * panama}) forces a choice; forcing {@code panama} where it cannot load is an error, so a build
 * that requires the fast path never silently runs without it.
 */
public final class KernelProvider {
    /** System property that forces an implementation: {@code scalar} or {@code panama}. */
    public static final String PROPERTY = "featuremaps.kernels";

    private static final Logger LOG = Logger.getLogger(KernelProvider.class.getName());
    private static final String PANAMA_CLASS = "dev.featuremaps.kernels.panama.PanamaFeatureKernels";

    private KernelProvider() {
    }

    private static final class Holder {
        static final FeatureKernels INSTANCE = choose();
    }

    /** @return the implementation chosen for this JVM */
    public static FeatureKernels kernels() {
        return Holder.INSTANCE;
    }

    /** @return the scalar family, whatever this JVM supports */
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
            Class<?> type = Class.forName(PANAMA_CLASS);
            return (FeatureKernels) MethodHandles.lookup()
                    .findStatic(type, "create", MethodType.methodType(FeatureKernels.class)).invoke();
        } catch (Throwable t) {
            throw new UnsupportedOperationException("Vector API kernels failed to load: " + t, t);
        }
    }

    /**
     * Why the Vector API family cannot be used here.
     *
     * @return a sentence, or {@code null} when it can be used
     */
    public static String panamaUnavailableReason() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "module jdk.incubator.vector is not in the boot layer: add the JVM flag "
                    + "--add-modules jdk.incubator.vector";
        }
        if (!c2Enabled()) {
            return "the JIT is not C2 (interpreted or C1-only JVMs run vector code far slower than scalar)";
        }
        return null;
    }

    private static boolean c2Enabled() {
        try {
            var bean = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            if (bean == null) {
                return false;
            }
            if (Boolean.parseBoolean(bean.getVMOption("UseCompiler").getValue()) == false) {
                return false;
            }
            String tiered = bean.getVMOption("TieredStopAtLevel").getValue();
            return Integer.parseInt(tiered) >= 4;
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }

    private static FeatureKernels choose() {
        return choose(System.getProperty(PROPERTY, ""));
    }

    /** The choice for a value of {@value #PROPERTY}; the empty string means the best available. */
    static FeatureKernels choose(String property) {
        String forced = property.trim().toLowerCase(Locale.ROOT);
        switch (forced) {
            case "scalar":
                return scalar();
            case "panama":
                return panama();
            case "":
                break;
            default:
                throw new IllegalStateException("-D" + PROPERTY + "=" + forced
                        + ": expected scalar or panama");
        }
        String why = panamaUnavailableReason();
        if (why == null) {
            try {
                return panama();
            } catch (UnsupportedOperationException e) {
                why = e.getMessage();
            }
        }
        LOG.info("featuremaps: using scalar kernels; " + why);
        return scalar();
    }
}
