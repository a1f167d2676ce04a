package dev.atelier.engines;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An engine failed in a way the client should see as an engine error code (CONTRACTS A.8 E.2), e.g.
 * {@link EngineCode#ERROR_NO_FACE} or {@link EngineCode#ERROR_INFERENCE}. The code is the value; the message explains
 * it in words; a failure that a later retry may cure (an upstream throttled us) carries the wait as data.
 */
public final class EngineException extends RuntimeException {
    private final EngineCode code;
    private final transient Duration retryAfter;

    public EngineException(EngineCode code, String message) {
        this(code, message, null, null);
    }

    public EngineException(EngineCode code, String message, Throwable cause) {
        this(code, message, null, cause);
    }

    private EngineException(EngineCode code, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code);
        this.retryAfter = retryAfter;
    }

    /** A failure because every upstream throttled the call: a retry after {@code wait} may succeed. */
    public static EngineException throttled(EngineCode code, String message, Duration wait) {
        return new EngineException(code, message, Objects.requireNonNull(wait), null);
    }

    public EngineCode code() {
        return code;
    }

    /** How long to wait before retrying, when the failure was throttling; empty otherwise. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
