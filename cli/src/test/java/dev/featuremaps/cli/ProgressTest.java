package dev.featuremaps.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Long runs say how far they are, at most a line every 2 s, and nothing when off. */
class ProgressTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void atMostOneLineEveryTwoSecondsWithRateAndTimeLeft() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        AtomicLong now = new AtomicLong(5 * SECOND);
        Progress p = new Progress(err, "selftest", "cases", 1000, true, now::get);
        for (int done = 1; done <= 1000; done++) {
            now.addAndGet(SECOND / 100);
            p.update(done);
        }
        p.finish(1000);
        assertEquals("""
                selftest: 200 of 1000 cases (20 %), 100 cases/s, about 8.0 s left
                selftest: 400 of 1000 cases (40 %), 100 cases/s, about 6.0 s left
                selftest: 600 of 1000 cases (60 %), 100 cases/s, about 4.0 s left
                selftest: 800 of 1000 cases (80 %), 100 cases/s, about 2.0 s left
                selftest: 1000 of 1000 cases (100 %), 100 cases/s, about 0.0 s left
                selftest: 1000 cases in 10 s (100 cases/s)
                """, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void offIsSilent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "soak", "calls", 10, false,
                () -> now.addAndGet(10 * SECOND));
        p.update(5);
        p.finish(10);
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void durationsReadAsPeopleSayThem() {
        assertEquals("0.4 s", Progress.duration(0.42));
        assertEquals("42 s", Progress.duration(42.2));
        assertEquals("3 min 5 s", Progress.duration(185));
        assertEquals("2 h 5 min", Progress.duration(7500));
    }
}
