package dev.atelier.server.api.openai;

import java.util.Map;

/** A refused OpenAI-compatible request as a value: its {@link OpenAiError}, the words, and the blamed field. */
public final class OpenAiException extends RuntimeException {
    private final OpenAiError error;
    private final String param;
    private final transient Map<String, String> headers;

    public OpenAiException(OpenAiError error, String message, String param) {
        this(error, message, param, Map.of());
    }

    public OpenAiException(OpenAiError error, String message, String param, Map<String, String> headers) {
        super(message, null, false, false);
        this.error = error;
        this.param = param;
        this.headers = Map.copyOf(headers);
    }

    public OpenAiError error() {
        return error;
    }

    /** The request field at fault, or {@code null}. */
    public String param() {
        return param;
    }

    public Map<String, String> headers() {
        return headers;
    }

    static OpenAiException invalid(String message, String param) {
        return OpenAiError.INVALID_PARAMETER.with(message, param);
    }
}
