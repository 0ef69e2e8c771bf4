package dev.featuremaps.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code featuremaps} command: {@code demo}, {@code run}, {@code gradient}, {@code selftest}
 * and {@code soak}.
 *
 * <p>Exit status 0 on success; 2 when the input or the command line is wrong, with exactly one
 * line on stderr starting {@code error:} and nothing on stdout; 1 when a check fails (the demo's
 * round trip, a selftest case, the soak's memory) or on an internal error. {@code --debug} adds
 * the stack trace of an error and the library's log.
 */
@Command(name = "featuremaps",
        header = "featuremaps: merge sparse ranking features (Caffe2's feature_maps_ops) on off-heap tensors",
        synopsisHeading = "%nusage: ",
        customSynopsis = "featuremaps [-hV] [--debug] COMMAND [ARGS]",
        commandListHeading = "%ncommands:%n",
        optionListHeading = "%noptions:%n",
        footer = {"", "'featuremaps COMMAND --help' shows that command's help. A FILE argument of '-' reads "
                + "standard input.", "exit status: 0 success, 1 failed check or internal error, 2 bad input or usage"},
        sortOptions = false)
public final class Main implements Callable<Integer> {
    /** Exit status of a success. */
    static final int OK = 0;
    /** Exit status of a failed check or an internal error. */
    static final int FAILED = 1;
    /** Exit status of bad input or a bad command line. */
    static final int BAD_INPUT = 2;

    // Held so the level set below is not lost with a collected logger.
    private static final Logger LIBRARY_LOG = Logger.getLogger("dev.featuremaps");

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private Options.Help help;

    @Option(names = {"-V", "--version"}, versionHelp = true,
            description = "print the version, the JVM and the kernels it selects")
    private boolean version;

    // Read from the raw arguments (see debug()), before parsing can fail; declared for the help
    // and so that it is accepted before or after the command.
    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "add the stack trace to an error message")
    private boolean debug;

    private Main() {
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        quietArrowLogging();
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int status = run(args, new Io(out, err, Io.stderrIsTerminal()));
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Arrow Java logs through SLF4J, which without a logging backend prints three lines on
     * stderr, where the command promises one error line: its no-op provider, chosen by name, is
     * silent.
     */
    static void quietArrowLogging() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no command given");
    }

    /**
     * Runs the command line.
     *
     * @param args the command line
     * @param io where to write
     * @return the exit status
     */
    static int run(String[] args, Io io) {
        boolean debug = debug(args);
        // The kernel choice logs a line, and a bad -Dfeaturemaps.kernels a warning besides the
        // error; stderr carries one error line unless debugging.
        LIBRARY_LOG.setLevel(debug ? Level.ALL : Level.OFF);
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand(new DemoCommand(io));
        cl.addSubcommand(new RunCommand(io));
        cl.addSubcommand(new GradientCommand(io));
        cl.addSubcommand(new SelftestCommand(io));
        cl.addSubcommand(new SoakCommand(io));
        cl.setUsageHelpWidth(100);
        cl.setOut(new PrintWriter(io.out(), true));
        cl.setErr(new PrintWriter(io.err(), true));
        cl.setParameterExceptionHandler((e, a) -> usageError(io, e.getCommandLine(), usageMessage(e)));
        cl.setExecutionExceptionHandler((e, c, parsed) -> e instanceof UsageException
                ? usageError(io, c, e.getMessage()) : fail(io, e, debug));
        cl.setExecutionStrategy(parsed -> execute(parsed, io));
        try {
            return cl.execute(args);
        } catch (Throwable e) {
            return fail(io, e, debug);
        }
    }

    private static boolean debug(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** Help for the last command named, wherever {@code --help} stood; then the version; then the command. */
    private static int execute(ParseResult parsed, Io io) {
        ParseResult last = parsed;
        boolean help = parsed.isUsageHelpRequested();
        while (last.hasSubcommand()) {
            last = last.subcommand();
            help |= last.isUsageHelpRequested();
        }
        if (help) {
            last.commandSpec().commandLine().usage(io.out());
            return OK;
        }
        if (parsed.isVersionHelpRequested()) {
            try {
                io.out().print(Version.text());
            } catch (RuntimeException e) {
                throw new CommandLine.ExecutionException(parsed.commandSpec().commandLine(), e.getMessage(), e);
            }
            return OK;
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    private static String usageMessage(ParameterException e) {
        CommandLine c = e.getCommandLine();
        boolean top = c.getParent() == null;
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = Messages.shorten(u.getUnmatched().get(0));
            if (arg.startsWith("-") && !arg.equals("-")) {
                return "unknown option '" + arg + "'" + (top ? "" : " for " + c.getCommandName());
            }
            if (top) {
                return "unknown command '" + arg + "'; commands: " + String.join(", ", c.getSubcommands().keySet());
            }
            return c.getCommandName() + " takes no more arguments, got '" + arg + "'";
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    private static int usageError(Io io, CommandLine c, String message) {
        String command = c == null || c.getParent() == null ? "" : c.getCommandName() + " ";
        io.err().println("error: " + Messages.escape(message) + " (see 'featuremaps " + command
                + "--help')");
        return BAD_INPUT;
    }

    private static int fail(Io io, Throwable e, boolean debug) {
        int status;
        String message;
        if (e instanceof BadInputException) {
            status = BAD_INPUT;
            message = e.getMessage();
        } else {
            status = FAILED;
            message = "internal error: " + e;
        }
        io.err().println("error: " + Messages.escape(message));
        if (debug) {
            e.printStackTrace(io.err());
        }
        io.err().flush();
        return status;
    }
}
