package dev.atelier.engines.models;

import java.util.Objects;

/** A model registry operation failed; {@link #code()} says why and the message says it in words. */
public final class ModelException extends RuntimeException {
    private final ModelError code;

    public ModelException(ModelError code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code);
    }

    public ModelException(ModelError code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code);
    }

    public ModelError code() {
        return code;
    }
}
