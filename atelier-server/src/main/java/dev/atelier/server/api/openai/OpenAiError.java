package dev.atelier.server.api.openai;

/**
 * The errors of the OpenAI-compatible API: HTTP status, OpenAI {@code type} and the {@code code} clients switch on
 * (APIpie's {@code invalid_parameter}, {@code rate_limit_exceeded}, {@code content_policy_violation}; OpenAI's own
 * for the rest). Rendered as {@code {"error":{"message","type","param","code"}}}.
 */
public enum OpenAiError {
    INVALID_PARAMETER(400, "invalid_request_error", "invalid_parameter"),
    CONTENT_POLICY_VIOLATION(400, "invalid_request_error", "content_policy_violation"),
    FEATURE_UNAVAILABLE(400, "invalid_request_error", "feature_unavailable"),
    INVALID_API_KEY(401, "invalid_request_error", "invalid_api_key"),
    NOT_FOUND(404, "invalid_request_error", "not_found"),
    METHOD_NOT_ALLOWED(405, "invalid_request_error", "method_not_allowed"),
    REQUEST_TOO_LARGE(413, "invalid_request_error", "request_too_large"),
    UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error", "unsupported_media_type"),
    HEADERS_TOO_LARGE(431, "invalid_request_error", "request_header_fields_too_large"),
    RATE_LIMIT_EXCEEDED(429, "rate_limit_error", "rate_limit_exceeded"),
    INSUFFICIENT_QUOTA(429, "insufficient_quota", "insufficient_quota"),
    SERVER_ERROR(500, "server_error", "internal_error"),
    UPSTREAM_ERROR(502, "server_error", "upstream_error"),
    SERVICE_UNAVAILABLE(503, "server_error", "service_unavailable"),
    TIMEOUT(504, "server_error", "timeout");

    private final int httpStatus;
    private final String type;
    private final String code;

    OpenAiError(int httpStatus, String type, String code) {
        this.httpStatus = httpStatus;
        this.type = type;
        this.code = code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    /** This error about {@code param} (may be {@code null}). */
    public OpenAiException with(String message, String param) {
        return new OpenAiException(this, message, param);
    }
}
