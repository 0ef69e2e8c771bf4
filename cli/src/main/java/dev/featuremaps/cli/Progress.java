package dev.featuremaps.cli;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Progress of a long run, on stderr: at most one line every {@value #INTERVAL_SECONDS} s with
 * what is done, the rate and the time left, and the time taken at the end. Silent when off, so
 * that the counting costs a branch.
 */
final class Progress {
    static final int INTERVAL_SECONDS = 2;
    private static final long INTERVAL_NANOS = INTERVAL_SECONDS * 1_000_000_000L;

    private final PrintStream err;
    private final String command;
    private final String unit;
    private final long total;
    private final boolean on;
    private final LongSupplier nanos;
    private final long start;
    private long last;

    Progress(PrintStream err, String command, String unit, long total, boolean on, LongSupplier nanos) {
        this.err = err;
        this.command = command;
        this.unit = unit;
        this.total = total;
        this.on = on;
        this.nanos = nanos;
        this.start = on ? nanos.getAsLong() : 0;
        this.last = start;
    }

    Progress(Io io, String command, String unit, long total, boolean on) {
        this(io.err(), command, unit, total, on, System::nanoTime);
    }

    /** @param done how many are done so far */
    void update(long done) {
        if (!on) {
            return;
        }
        long now = nanos.getAsLong();
        if (now - last < INTERVAL_NANOS) {
            return;
        }
        last = now;
        double seconds = (now - start) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        String left = rate > 0 ? "about " + duration((total - done) / rate) + " left" : "time left unknown";
        err.println(command + ": " + done + " of " + total + " " + unit + " (" + percent(done) + " %), "
                + Math.round(rate) + " " + unit + "/s, " + left);
    }

    /** @param done how many were done in all */
    void finish(long done) {
        if (!on) {
            return;
        }
        double seconds = (nanos.getAsLong() - start) / 1e9;
        err.println(command + ": " + done + " " + unit + " in " + duration(seconds) + " ("
                + Math.round(done / Math.max(seconds, 1e-9)) + " " + unit + "/s)");
    }

    private long percent(long done) {
        return total == 0 ? 100 : done * 100 / total;
    }

    static String duration(double seconds) {
        if (seconds < 10) {
            return String.format(java.util.Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
}
