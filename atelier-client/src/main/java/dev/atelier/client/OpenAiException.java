package dev.atelier.client;

/**
 * The OpenAI-compatible API ({@code /v1}) refused a request with {@code {"error": {message, type, param, code}}},
 * after the retries the {@link RetryPolicy} allows: a 429 rate limit (after {@code Retry-After}), a 503, and 5xx
 * answers to reads. A generation answered with another 5xx is not retried, since the server may have run (and
 * charged) it already.
 */
public final class OpenAiException extends AtelierException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String serverMessage;
    private final String type;
    private final String param;
    private final String code;
    private final String serverRequestId;
    private final int attempts;

    OpenAiException(int httpStatus, String message, String type, String param, String code, String serverRequestId,
            int attempts) {
        super("HTTP " + httpStatus + (code == null ? "" : " " + code) + (param == null ? "" : " (" + param + ")")
                + ": " + message + (serverRequestId == null ? "" : " (x-request-id " + serverRequestId + ")"), null);
        this.httpStatus = httpStatus;
        this.serverMessage = message;
        this.type = type;
        this.param = param;
        this.code = code;
        this.serverRequestId = serverRequestId;
        this.attempts = attempts;
    }

    /** The HTTP status of the last answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The server's {@code error.message}. */
    public String serverMessage() {
        return serverMessage;
    }

    /** {@code error.type}, e.g. {@code invalid_request_error} or {@code rate_limit_error}; null when absent. */
    public String type() {
        return type;
    }

    /** {@code error.param}: the request field at fault (e.g. {@code size}), or null. */
    public String param() {
        return param;
    }

    /**
     * {@code error.code}, e.g. {@code invalid_parameter}, {@code invalid_api_key}, {@code rate_limit_exceeded},
     * {@code insufficient_quota}, {@code upstream_error}; null when absent.
     */
    public String code() {
        return code;
    }

    /** The server's {@code x-request-id} of the last answer, or null. */
    public String serverRequestId() {
        return serverRequestId;
    }

    /** How many times the request was tried. */
    public int attempts() {
        return attempts;
    }
}
