package dev.atelier.engines;

import java.util.Objects;

/**
 * An engine failed in a way the client should see as an engine error code (CONTRACTS A.8 E.2), e.g.
 * {@code error_no_face} or {@code error_inference}. The code is the value; the message explains it in words.
 */
public final class EngineException extends RuntimeException {
    private final String code;

    public EngineException(String code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code);
    }

    public EngineException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code);
    }

    /** The wire error code, e.g. {@code error_inference}. */
    public String code() {
        return code;
    }
}
