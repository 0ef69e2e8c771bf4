package dev.featuremaps.benchmarks.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The JMH results fixture: a few entries of the suite in JMH 1.37's JSON format. */
final class Fixture {
    private Fixture() {
    }

    static String json() {
        try (InputStream in = Fixture.class.getResourceAsStream("fixture.json")) {
            if (in == null) {
                throw new IllegalStateException("fixture.json is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
