package dev.featuremaps.cli;

/** The command line itself is wrong: an unknown command or option, a missing argument. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
