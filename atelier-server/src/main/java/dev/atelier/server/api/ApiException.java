package dev.atelier.server.api;

import java.util.Map;

/**
 * A request the server refuses, as a value: the code decides the HTTP status and wire code; the message says in
 * words what was wrong and how to fix it. Adapters render it in their family's shape.
 */
public final class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final transient Map<String, String> headers;

    public ApiException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public ApiException(ErrorCode code, String message, Map<String, String> headers) {
        super(message == null ? code.defaultMessage() : message, null, false, false);
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    public ErrorCode code() {
        return code;
    }

    /** Extra response headers (e.g. {@code Retry-After}). */
    public Map<String, String> headers() {
        return headers;
    }

    public static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_PARAMETERS, message);
    }
}
