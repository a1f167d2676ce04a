package dev.atelier.server.effects.generate;

import dev.atelier.engines.generation.ProviderError;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a generator task that failed because every upstream throttled it says so. A task failure is an engine code and
 * a message; YouCam's code list has nothing for throttling, so the code stays {@code error_inference} and the
 * message starts with {@value #PREFIX} and the wait, which the OpenAI-compatible routes turn back into their 429
 * {@code rate_limit_exceeded} with {@code Retry-After}.
 */
public final class Throttled {
    public static final String PREFIX = "upstream_rate_limited";
    private static final Pattern LEAD = Pattern.compile("^" + PREFIX + ": retry after (\\d+) s; ");

    private Throttled() {}

    static String describe(ProviderError e) {
        long seconds = e.retryAfter().map(d -> Math.max(1, (d.toMillis() + 999) / 1000)).orElse(1L);
        return PREFIX + ": retry after " + seconds + " s; " + e.getMessage();
    }

    /** The wait a throttled task's message names, or empty when the message is not one. */
    public static Optional<Duration> retryAfter(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = LEAD.matcher(message);
        return m.find() ? Optional.of(Duration.ofSeconds(Long.parseLong(m.group(1)))) : Optional.empty();
    }
}
