package dev.featuremaps.cli;

import dev.featuremaps.operators.KernelChoice;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What {@code featuremaps --version} prints: the release, the JVM and the kernels it selects. */
final class Version {
    /** Written by the build (resource filtering), so the jar and the classes agree. */
    private static final String RESOURCE = "version.properties";

    private Version() {
    }

    static String text() {
        KernelChoice k = Options.defaultChoice();
        String kernels = k.family().id() + (k.vectorBits() > 0 ? ", " + k.vectorBits() + "-bit vectors" : "")
                + (k.reason() == null ? "" : " (" + k.reason() + ")");
        return "featuremaps " + release() + "\n"
                + "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + "\n"
                + "kernels: " + kernels + "\n";
    }

    static String release() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "(unknown version)" : v;
    }
}
