package dev.atelier.cli;

/** A command-line problem of {@code atelier run}: exit code 2 with this message. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
