package dev.atelier.client;

import java.util.Locale;

/** Request-level error codes of both YouCam families (CONTRACTS A.8 E.1 plus Atelier's upload and limit codes). */
public enum ErrorCode {
    /** A parameter is missing or invalid. */
    INVALID_PARAMETERS("InvalidParameters"),
    /** The request was malformed. */
    BAD_REQUEST("BadRequest"),
    /** Not enough units to run the task. */
    CREDIT_INSUFFICIENCY("CreditInsufficiency"),
    /** Unknown style group. */
    INVALID_STYLE_GROUP("InvalidStyleGroup"),
    /** Unknown style. */
    INVALID_STYLE("InvalidStyle"),
    /** The task is unknown, foreign or expired (for example because polling lapsed). */
    INVALID_TASK_ID("InvalidTaskId"),
    /** The operation is not supported. */
    OPERATION_NOT_SUPPORT("OperationNotSupport"),
    /** The operation is not valid in the task's state. */
    OPERATION_INVALID("OperationInvalid"),
    /** The feature's engine is not installed on this server. */
    FEATURE_UNAVAILABLE("FeatureUnavailable"),
    /** The API key is not recognised. */
    INVALID_API_KEY("InvalidApiKey"),
    /** The API key is disabled. */
    INACTIVE_API_KEY("InactiveApiKey"),
    /** The API key has expired. */
    EXPIRED_API_KEY("ExpiredApiKey"),
    /** The legacy access token (or id_token) was refused. */
    INVALID_ACCESS_TOKEN("InvalidAccessToken"),
    /** A signed URL's signature does not match. */
    INVALID_SIGNATURE("InvalidSignature"),
    /** A signed URL has expired. */
    URL_EXPIRED("UrlExpired"),
    /** No such route or file. */
    NOT_FOUND("NotFound"),
    /** The body is larger than allowed. */
    ENTITY_TOO_LARGE("EntityTooLarge"),
    /** The uploaded content type is not the declared one. */
    CONTENT_TYPE_MISMATCH("ContentTypeMismatch"),
    /** Rate limited or the queue is full. */
    TOO_MANY_REQUESTS("TooManyRequests"),
    /** The task exceeded the server's time budget. */
    TASK_TIMEOUT("TaskTimeout"),
    /** The server failed unexpectedly. */
    INTERNAL_ERROR("InternalError"),
    /** The server is starting, draining or overloaded. */
    SERVICE_UNAVAILABLE("ServiceUnavailable"),
    /** A code this SDK does not know, or none; see {@link RequestException#wireCode()}. */
    UNKNOWN(null);

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The code as sent on the wire, e.g. {@code InvalidParameters}; null for {@link #UNKNOWN}. */
    public String wire() {
        return wire;
    }

    /** True for codes that mean the credentials themselves were refused. */
    public boolean isAuthentication() {
        return this == INVALID_API_KEY || this == INACTIVE_API_KEY || this == EXPIRED_API_KEY
                || this == INVALID_ACCESS_TOKEN;
    }

    static ErrorCode fromWire(String wire, int httpStatus) {
        if (wire != null) {
            for (ErrorCode c : values()) {
                if (wire.equals(c.wire)) {
                    return c;
                }
            }
            // some servers send the code in another case
            for (ErrorCode c : values()) {
                if (c.wire != null && wire.toLowerCase(Locale.ROOT).equals(c.wire.toLowerCase(Locale.ROOT))) {
                    return c;
                }
            }
            return UNKNOWN;
        }
        // CONTRACTS A.8: a 429 may come as {"status":429,"error":"Too many requests"} with no code.
        return switch (httpStatus) {
            case 429 -> TOO_MANY_REQUESTS;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> UNKNOWN;
        };
    }
}
