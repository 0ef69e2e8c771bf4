package dev.featuremaps.cli;

/**
 * The input the user gave is wrong (unreadable file, bad JSON, invalid net, an operator that
 * rejects its inputs); the message is one line that says where and what.
 */
final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
