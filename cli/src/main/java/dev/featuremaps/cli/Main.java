package dev.featuremaps.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code featuremaps} command: {@code demo}, {@code run}, {@code gradient}, {@code selftest} and {@code soak}.
 *
 * <p>Exit status 0 on success; 2 when the input or the command line is wrong, with exactly one
 * line on stderr starting {@code error:} and nothing on stdout; 1 when the demo's round-trip
 * check fails or on an internal error. {@code --debug} adds the stack trace of an error.
 */
public final class Main {
    /** Exit status of a success. */
    static final int OK = 0;
    /** Exit status of a failed check or an internal error. */
    static final int FAILED = 1;
    /** Exit status of bad input or a bad command line. */
    static final int BAD_INPUT = 2;

    // Held so the level set below is not lost with a collected logger.
    private static final Logger LIBRARY_LOG = Logger.getLogger("dev.featuremaps");

    private final Map<String, Command> commands = new LinkedHashMap<>();

    private Main() {
        for (Command c : List.of(new DemoCommand(), new RunCommand(), new GradientCommand(),
                new SelftestCommand(), new SoakCommand())) {
            commands.put(c.name(), c);
        }
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int status = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Runs the command line.
     *
     * @param args the command line
     * @param out standard output
     * @param err standard error
     * @return the exit status
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean debug = false;
        boolean help = false;
        String name = null;
        List<String> rest = new ArrayList<>();
        boolean options = true;
        for (String a : args) {
            if (options && a.equals("--")) {
                options = false;
            } else if (options && a.equals("--debug")) {
                debug = true;
            } else if (options && (a.equals("--help") || a.equals("-h"))) {
                help = true;
            } else if (name == null && options && a.startsWith("-")) {
                return usageError(err, "unknown option '" + a + "'", null);
            } else if (name == null) {
                name = a;
            } else if (options && a.startsWith("-") && !a.equals("-") && !takesOptions(name)) {
                return usageError(err, "unknown option '" + a + "' for " + name, name);
            } else {
                rest.add(a);
            }
        }
        // The kernel choice logs one line at INFO; stderr is kept for errors unless debugging.
        LIBRARY_LOG.setLevel(debug ? Level.ALL : Level.WARNING);
        Main main = new Main();
        if (name == null) {
            if (help) {
                out.print(main.help());
                return OK;
            }
            return usageError(err, "no command given", null);
        }
        Command command = main.commands.get(name);
        if (command == null) {
            return usageError(err, "unknown command '" + name + "'; commands: "
                    + String.join(", ", main.commands.keySet()), null);
        }
        if (help) {
            out.print(command.help());
            return OK;
        }
        StringBuilder result = new StringBuilder();
        int status;
        try {
            status = command.run(rest, result);
        } catch (UsageException e) {
            return usageError(err, e.getMessage(), name);
        } catch (BadInputException e) {
            return fail(err, BAD_INPUT, e.getMessage(), e, debug);
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            return fail(err, FAILED, "internal error: " + e, e, debug);
        }
        out.print(result);
        out.flush();
        return status;
    }

    private static boolean takesOptions(String name) {
        Command c = new Main().commands.get(name);
        return c != null && c.takesOptions();
    }

    private static int usageError(PrintStream err, String message, String command) {
        err.println("error: " + oneLine(message) + " (see 'featuremaps " + (command == null ? "" : command + " ")
                + "--help')");
        return BAD_INPUT;
    }

    private static int fail(PrintStream err, int status, String message, Throwable e, boolean debug) {
        err.println("error: " + oneLine(message));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    /** Messages quote user data, which may hold line breaks; the contract is one line. */
    static String oneLine(String s) {
        return s == null ? "" : s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    private String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("featuremaps: merge sparse ranking features (Caffe2's feature_maps_ops) on off-heap tensors\n\n");
        sb.append("usage: featuremaps [--debug] COMMAND [ARGS]\n\n");
        sb.append("commands:\n");
        for (Command c : commands.values()) {
            sb.append("  ").append(c.summary()).append('\n');
        }
        sb.append("""

                options:
                  -h, --help   show this help ('featuremaps COMMAND --help': that command's help)
                  --debug      add the stack trace to an error message

                A FILE argument of '-' reads standard input.
                exit status: 0 success, 1 failed check or internal error, 2 bad input or usage
                """);
        return sb.toString();
    }
}
