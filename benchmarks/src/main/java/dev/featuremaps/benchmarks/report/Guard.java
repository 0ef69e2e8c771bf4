package dev.featuremaps.benchmarks.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares a fresh, short benchmark run with the recorded floors and fails when a ratio fell
 * below its floor.
 *
 * <pre>
 * java -cp benchmarks.jar dev.featuremaps.benchmarks.report.Guard fresh.json floors.json
 * </pre>
 *
 * <p>Exit status: 0 when every checked ratio is at or above its floor, 1 when one is below or
 * could not be measured (a failed benchmark must not pass the guard), 2 on a usage error or when
 * the fresh run and the floors have no row in common.
 */
public final class Guard {
    private Guard() {
    }

    /** How a checked ratio fared. */
    public enum Status {
        /** At or above the floor. */
        OK,
        /** Below the floor: a regression. */
        BELOW,
        /** The row ran but a side of the ratio is missing, e.g. its benchmark failed. */
        MISSING
    }

    /**
     * One checked ratio.
     *
     * @param operator benchmark method name
     * @param workload workload name
     * @param ratio which ratio
     * @param floor the recorded floor
     * @param measured the fresh ratio, or {@code null}
     * @param status the verdict
     */
    public record Line(String operator, String workload, Ratio ratio, double floor, Double measured, Status status) {
    }

    /**
     * Checks every floor whose operation and workload appear in the fresh rows; rows the fresh run
     * did not include at all are skipped, so a subset can be guarded.
     *
     * @param fresh the fresh comparison
     * @param floors the recorded floors
     * @return one line per checked ratio
     */
    public static List<Line> check(List<Comparison> fresh, Floors floors) {
        List<Line> lines = new ArrayList<>();
        for (Floors.Floor f : floors.floors()) {
            Comparison row = null;
            for (Comparison c : fresh) {
                if (c.operator().equals(f.operator()) && c.workload().equals(f.workload())) {
                    row = c;
                }
            }
            if (row == null) {
                continue;
            }
            for (Ratio ratio : List.of(Ratio.REFERENCE, Ratio.ROOFLINE)) {
                Double floor = f.of(ratio);
                if (floor == null) {
                    continue;
                }
                Double measured = ratio.of(row);
                Status status = measured == null ? Status.MISSING : measured >= floor ? Status.OK : Status.BELOW;
                lines.add(new Line(f.operator(), f.workload(), ratio, floor, measured, status));
            }
        }
        return lines;
    }

    /**
     * @param lines checked ratios
     * @return 0 if all are {@link Status#OK}, 1 if any is not, 2 if there are none
     */
    public static int exitStatus(List<Line> lines) {
        if (lines.isEmpty()) {
            return 2;
        }
        return lines.stream().allMatch(l -> l.status() == Status.OK) ? 0 : 1;
    }

    /**
     * Prints the lines as a table.
     *
     * @param lines checked ratios
     * @param library the implementation the ratios divide by
     * @param out where to print
     */
    public static void print(List<Line> lines, String library, PrintStream out) {
        String format = "%-30s %-9s %-22s %8s %9s  %s%n";
        out.printf(Locale.ROOT, format, "operator", "workload", "ratio", "floor", "measured", "status");
        for (Line l : lines) {
            out.printf(Locale.ROOT, format, l.operator(), l.workload(), l.ratio().label(library),
                    String.format(Locale.ROOT, "%.3f", l.floor()),
                    l.measured() == null ? "-" : String.format(Locale.ROOT, "%.3f", l.measured()),
                    l.status());
        }
    }

    /**
     * Runs the guard.
     *
     * @param args {@code <fresh results.json> <floors.json> [--library IMPL]}
     * @throws IOException if a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        try {
            return guard(args, out, err);
        } catch (IllegalArgumentException | NoSuchFileException e) {
            err.println("guard: " + (e instanceof NoSuchFileException ? "no such file: " : "") + e.getMessage());
            return 2;
        }
    }

    private static int guard(String[] args, PrintStream out, PrintStream err) throws IOException {
        String library = null;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--library") && i + 1 < args.length) {
                library = args[++i];
            } else if (args[i].startsWith("--")) {
                err.println("unknown option " + args[i]);
                return 2;
            } else {
                files.add(args[i]);
            }
        }
        if (files.size() != 2) {
            err.println("usage: Guard <fresh results.json> <floors.json> [--library IMPL]");
            return 2;
        }
        Floors floors = Floors.parse(Files.readString(Path.of(files.get(1))));
        if (library != null && !library.equals(floors.library())) {
            err.println("the floors divide by '" + floors.library() + "', not '" + library
                    + "': record floors for it first (run-suite.sh --library " + library + ")");
            return 2;
        }
        List<Comparison> fresh = Comparison.of(JmhResult.read(Path.of(files.get(0))), floors.library());
        List<Line> lines = check(fresh, floors);
        print(lines, floors.library(), out);
        int status = exitStatus(lines);
        switch (status) {
            case 0 -> out.println("guard: " + lines.size() + " ratios at or above their floors");
            case 1 -> out.println("guard: FAILED, " + lines.stream().filter(l -> l.status() != Status.OK).count()
                    + " of " + lines.size() + " ratios below their floors or not measured");
            default -> out.println("guard: nothing to compare: the fresh run has no operation and workload "
                    + "that the floors cover");
        }
        return status;
    }
}
