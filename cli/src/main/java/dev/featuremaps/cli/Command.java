package dev.featuremaps.cli;

import java.util.List;

/**
 * A subcommand of {@code featuremaps}. Commands write their result to {@code out}, which {@link
 * Main} prints only when the command returns, so that a failing command prints nothing on stdout.
 */
interface Command {
    /** @return the word that selects the command */
    String name();

    /** @return a one-line summary for the top-level help, starting with the usage */
    String summary();

    /** @return the command's full help text */
    String help();

    /**
     * Whether the command reads options of its own ({@code --cases N}); if not, any option after
     * the command name is a usage error.
     *
     * @return true to receive options in {@link #run}'s arguments
     */
    default boolean takesOptions() {
        return false;
    }

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name, options already removed
     * @param out the result to print on stdout
     * @return the exit status
     * @throws Exception any failure; {@link Main} turns it into one line on stderr
     */
    int run(List<String> args, StringBuilder out) throws Exception;
}
