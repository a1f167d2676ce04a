package dev.atelier.server.errors;

import dev.atelier.engines.EngineCode;
import dev.atelier.engines.EngineException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a task that ran ended in error: why ({@link Code}), the words, and for throttling the wait before a retry.
 *
 * <p>A task's outcome is stored as two strings (code, message) because that is what both YouCam families show. The
 * wait of a throttled task therefore travels inside the stored message, in one spelling that this class alone writes
 * ({@link #storedMessage()}) and reads ({@link #of(String, String)}): callers see a typed value.
 */
public record TaskFailure(Code code, String message, Optional<Duration> retryAfter) {
    /** The wire spelling of a task that ran out of time (both YouCam families and the OpenAI door). */
    static final String TIMEOUT_WIRE = "TaskTimeout";
    private static final String THROTTLED = "upstream_rate_limited";
    private static final Pattern LEAD = Pattern.compile("^" + THROTTLED + ": retry after (\\d+) s; ");

    /** Why the task failed: an engine code, or the task's time limit. */
    public sealed interface Code {
        /** The stored and wire spelling. */
        String wire();
    }

    /** An engine's failure code (CONTRACTS E.2). */
    public record Engine(EngineCode code) implements Code {
        @Override
        public String wire() {
            return code.wire();
        }
    }

    /** The task ran longer than the server's task timeout. */
    public record TimedOut() implements Code {
        @Override
        public String wire() {
            return TIMEOUT_WIRE;
        }
    }

    public static final Code TIMEOUT = new TimedOut();

    /** The failure an engine exception describes. */
    public static TaskFailure of(EngineException e) {
        return new TaskFailure(new Engine(e.code()), e.getMessage(), e.retryAfter());
    }

    public static TaskFailure of(EngineCode code, String message) {
        return new TaskFailure(new Engine(code), message, Optional.empty());
    }

    public static TaskFailure timedOut(String message) {
        return new TaskFailure(TIMEOUT, message, Optional.empty());
    }

    /** A stored outcome read back; a code this server no longer knows reads as an unknown internal error. */
    public static TaskFailure of(String storedCode, String storedMessage) {
        Code code = TIMEOUT_WIRE.equals(storedCode) ? TIMEOUT
                : new Engine(EngineCode.fromWire(storedCode).orElse(EngineCode.UNKNOWN_INTERNAL_ERROR));
        String message = storedMessage == null ? (storedCode == null ? "" : storedCode) : storedMessage;
        Optional<Duration> wait = Optional.empty();
        Matcher m = LEAD.matcher(message);
        if (m.find()) {
            wait = Optional.of(Duration.ofSeconds(Long.parseLong(m.group(1))));
        }
        return new TaskFailure(code, message, wait);
    }

    /** The message as stored and shown to YouCam clients: a throttled task's names the wait first. */
    public String storedMessage() {
        if (retryAfter.isEmpty() || LEAD.matcher(message).find()) {
            return message;
        }
        long seconds = Math.max(1, (retryAfter.get().toMillis() + 999) / 1000);
        return THROTTLED + ": retry after " + seconds + " s; " + message;
    }

    /** Whether this is the task timeout. */
    public boolean timedOut() {
        return code instanceof TimedOut;
    }
}
