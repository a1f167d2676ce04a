package dev.atelier.server.errors;

/**
 * Why a request is refused (CONTRACTS A.8 E.1 plus Atelier's own for uploads and limits). Engine failures are not
 * here: a task that ran and failed is a {@link TaskFailure}. The HTTP status and wire spelling belong to the adapters.
 */
public enum RefusalCode {
    INVALID_PARAMETERS("Invalid parameter value"),
    BAD_REQUEST("Bad request"),
    CREDIT_INSUFFICIENCY("Not enough units"),
    INVALID_STYLE_GROUP("Invalid style group"),
    INVALID_STYLE("Invalid style"),
    INVALID_TASK_ID("Invalid task ID"),
    OPERATION_NOT_SUPPORT("Operation not supported"),
    OPERATION_INVALID("Operation invalid"),
    FEATURE_UNAVAILABLE("This feature's engine is not installed"),
    INVALID_API_KEY("This API key is not recognized."),
    INACTIVE_API_KEY("This API key is inactive."),
    EXPIRED_API_KEY("This API key has expired."),
    INVALID_ACCESS_TOKEN("Unauthorized"),
    /** Signed upload/download URLs: the signature does not match. */
    INVALID_SIGNATURE("The URL signature is invalid"),
    URL_EXPIRED("The URL has expired"),
    NOT_FOUND("Not found"),
    /** The path exists, not with this method. */
    METHOD_NOT_ALLOWED("Method not allowed"),
    /** The request's headers are larger than the server reads (answered before any route runs). */
    HEADERS_TOO_LARGE("Request header fields too large"),
    ENTITY_TOO_LARGE("The body is larger than allowed"),
    UNSUPPORTED_MEDIA_TYPE("The content type is not the one declared"),
    TOO_MANY_REQUESTS("Too many requests"),
    TASK_TIMEOUT("Task execution timed out"),
    INTERNAL("Internal error"),
    UNAVAILABLE("The server is starting or shutting down");

    private final String defaultMessage;

    RefusalCode(String defaultMessage) {
        this.defaultMessage = defaultMessage;
    }

    /** The words used when the thrower has nothing more specific to say. */
    public String defaultMessage() {
        return defaultMessage;
    }
}
