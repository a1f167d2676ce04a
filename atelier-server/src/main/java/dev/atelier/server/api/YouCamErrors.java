package dev.atelier.server.api;

import dev.atelier.server.errors.RefusalCode;

/**
 * The YouCam wire words for a refusal (CONTRACTS A.8 E.1): the HTTP status and the {@code error_code}. One exhaustive
 * {@code switch} each, so a new {@link RefusalCode} does not compile until YouCam clients have a spelling for it.
 */
public final class YouCamErrors {
    private YouCamErrors() {}

    public static int httpStatus(RefusalCode code) {
        return switch (code) {
            case INVALID_PARAMETERS, BAD_REQUEST, CREDIT_INSUFFICIENCY, INVALID_STYLE_GROUP, INVALID_STYLE,
                    INVALID_TASK_ID, OPERATION_NOT_SUPPORT, OPERATION_INVALID, FEATURE_UNAVAILABLE -> 400;
            case INVALID_API_KEY, INACTIVE_API_KEY, EXPIRED_API_KEY, INVALID_ACCESS_TOKEN -> 401;
            case INVALID_SIGNATURE, URL_EXPIRED -> 403;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case HEADERS_TOO_LARGE -> 431;
            case ENTITY_TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case TOO_MANY_REQUESTS -> 429;
            case TASK_TIMEOUT, INTERNAL -> 500;
            case UNAVAILABLE -> 503;
        };
    }

    public static String wireCode(RefusalCode code) {
        return switch (code) {
            case INVALID_PARAMETERS -> "InvalidParameters";
            case BAD_REQUEST -> "BadRequest";
            case CREDIT_INSUFFICIENCY -> "CreditInsufficiency";
            case INVALID_STYLE_GROUP -> "InvalidStyleGroup";
            case INVALID_STYLE -> "InvalidStyle";
            case INVALID_TASK_ID -> "InvalidTaskId";
            case OPERATION_NOT_SUPPORT -> "OperationNotSupport";
            case OPERATION_INVALID -> "OperationInvalid";
            case FEATURE_UNAVAILABLE -> "FeatureUnavailable";
            case INVALID_API_KEY -> "InvalidApiKey";
            case INACTIVE_API_KEY -> "InactiveApiKey";
            case EXPIRED_API_KEY -> "ExpiredApiKey";
            case INVALID_ACCESS_TOKEN -> "InvalidAccessToken";
            case INVALID_SIGNATURE -> "InvalidSignature";
            case URL_EXPIRED -> "UrlExpired";
            case NOT_FOUND -> "NotFound";
            case METHOD_NOT_ALLOWED -> "MethodNotAllowed";
            case HEADERS_TOO_LARGE -> "RequestHeaderFieldsTooLarge";
            case ENTITY_TOO_LARGE -> "EntityTooLarge";
            case UNSUPPORTED_MEDIA_TYPE -> "ContentTypeMismatch";
            case TOO_MANY_REQUESTS -> "TooManyRequests";
            case TASK_TIMEOUT -> "TaskTimeout";
            case INTERNAL -> "InternalError";
            case UNAVAILABLE -> "ServiceUnavailable";
        };
    }
}
