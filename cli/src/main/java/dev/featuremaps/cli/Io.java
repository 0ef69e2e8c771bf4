package dev.featuremaps.cli;

import java.io.Console;
import java.io.PrintStream;

/**
 * Where a command writes: its result on {@code out}, only once it has succeeded; progress on
 * {@code err}, when asked for or when {@code err} is a terminal.
 *
 * @param out standard output
 * @param err standard error
 * @param errIsTerminal whether standard error is a terminal
 */
record Io(PrintStream out, PrintStream err, boolean errIsTerminal) {
    /**
     * The launcher knows whether stderr is a terminal ({@code [ -t 2 ]}) and says so in this
     * property; the JVM can only tell about the console, which is the fallback when the jar is run
     * directly.
     */
    static final String STDERR_TERMINAL = "featuremaps.stderr.terminal";

    static boolean stderrIsTerminal() {
        String told = System.getProperty(STDERR_TERMINAL);
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
