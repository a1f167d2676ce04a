package dev.atelier.client;

/**
 * The server refused a request with an HTTP error and a {@code {status, error, error_code}} body (CONTRACTS A.8
 * E.1), after any retries the {@link RetryPolicy} allows for 429 and 5xx answers.
 */
public final class RequestException extends AtelierException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final ErrorCode code;
    private final String wireCode;
    private final String serverRequestId;
    private final int attempts;

    RequestException(int httpStatus, String wireCode, String message, String serverRequestId, int attempts) {
        super("HTTP " + httpStatus + (wireCode == null ? "" : " " + wireCode) + ": " + message
                + (serverRequestId == null ? "" : " (x-request-id " + serverRequestId + ")"), null);
        this.httpStatus = httpStatus;
        this.wireCode = wireCode;
        this.code = ErrorCode.fromWire(wireCode, httpStatus);
        this.serverRequestId = serverRequestId;
        this.attempts = attempts;
    }

    /** The HTTP status of the last answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code error_code} as a value; {@link ErrorCode#UNKNOWN} when the server sent one this SDK does not know. */
    public ErrorCode code() {
        return code;
    }

    /** The {@code error_code} exactly as sent, or null when the body had none. */
    public String wireCode() {
        return wireCode;
    }

    /** The server's {@code x-request-id} of the last answer (quote it when asking for help), or null. */
    public String serverRequestId() {
        return serverRequestId;
    }

    /** How many times the request was tried. */
    public int attempts() {
        return attempts;
    }
}
