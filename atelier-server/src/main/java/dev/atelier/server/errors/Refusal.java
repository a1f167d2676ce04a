package dev.atelier.server.errors;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A request the server refuses, as a value: the code says why, the message says in words what was wrong and how to
 * fix it, and a refusal that a later retry may cure (a full queue) carries the wait. Adapters render it in their
 * family's shape; nothing here knows a status code or a header.
 */
public final class Refusal extends RuntimeException {
    private final RefusalCode code;
    private final transient Duration retryAfter;

    public Refusal(RefusalCode code, String message) {
        this(code, message, null);
    }

    public Refusal(RefusalCode code, String message, Duration retryAfter) {
        super(message == null ? code.defaultMessage() : message, null, false, false);
        this.code = Objects.requireNonNull(code);
        this.retryAfter = retryAfter;
    }

    public RefusalCode code() {
        return code;
    }

    /** How long to wait before trying again, when waiting helps; empty otherwise. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public static Refusal invalid(String message) {
        return new Refusal(RefusalCode.INVALID_PARAMETERS, message);
    }
}
