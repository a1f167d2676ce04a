package dev.atelier.server.api;

/**
 * Request-level errors (CONTRACTS A.8 E.1 plus Atelier's own for uploads and limits): the HTTP status and the wire
 * {@code error_code}. Engine failures are not here: they are task results with HTTP 200 ({@code EngineError}).
 */
public enum ErrorCode {
    INVALID_PARAMETERS(400, "InvalidParameters", "Invalid parameter value"),
    BAD_REQUEST(400, "BadRequest", "Bad request"),
    CREDIT_INSUFFICIENCY(400, "CreditInsufficiency", "Not enough units"),
    INVALID_STYLE_GROUP(400, "InvalidStyleGroup", "Invalid style group"),
    INVALID_STYLE(400, "InvalidStyle", "Invalid style"),
    INVALID_TASK_ID(400, "InvalidTaskId", "Invalid task ID"),
    OPERATION_NOT_SUPPORT(400, "OperationNotSupport", "Operation not supported"),
    OPERATION_INVALID(400, "OperationInvalid", "Operation invalid"),
    FEATURE_UNAVAILABLE(400, "FeatureUnavailable", "This feature's engine is not installed"),
    INVALID_API_KEY(401, "InvalidApiKey", "This API key is not recognized."),
    INACTIVE_API_KEY(401, "InactiveApiKey", "This API key is inactive."),
    EXPIRED_API_KEY(401, "ExpiredApiKey", "This API key has expired."),
    INVALID_ACCESS_TOKEN(401, "InvalidAccessToken", "Unauthorized"),
    /** Signed upload/download URLs: the signature does not match. */
    INVALID_SIGNATURE(403, "InvalidSignature", "The URL signature is invalid"),
    URL_EXPIRED(403, "UrlExpired", "The URL has expired"),
    NOT_FOUND(404, "NotFound", "Not found"),
    ENTITY_TOO_LARGE(413, "EntityTooLarge", "The body is larger than allowed"),
    UNSUPPORTED_MEDIA_TYPE(415, "ContentTypeMismatch", "The content type is not the one declared"),
    TOO_MANY_REQUESTS(429, "TooManyRequests", "Too many requests"),
    TASK_TIMEOUT(500, "TaskTimeout", "Task execution timed out"),
    INTERNAL(500, "InternalError", "Internal error"),
    UNAVAILABLE(503, "ServiceUnavailable", "The server is starting or shutting down");

    private final int httpStatus;
    private final String wireCode;
    private final String defaultMessage;

    ErrorCode(int httpStatus, String wireCode, String defaultMessage) {
        this.httpStatus = httpStatus;
        this.wireCode = wireCode;
        this.defaultMessage = defaultMessage;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String wireCode() {
        return wireCode;
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
