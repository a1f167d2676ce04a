package dev.atelier.client;

/**
 * The server could not be reached (connection refused, reset, timed out) even after the retries the
 * {@link RetryPolicy} allows.
 */
public final class ConnectionException extends AtelierException {
    private static final long serialVersionUID = 1L;

    private final int attempts;

    ConnectionException(String message, int attempts, Throwable cause) {
        super(message + " (after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ")", cause);
        this.attempts = attempts;
    }

    /** How many times the request was tried. */
    public int attempts() {
        return attempts;
    }
}
