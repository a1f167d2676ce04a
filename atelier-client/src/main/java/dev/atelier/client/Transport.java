package dev.atelier.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP with the SDK's rules: bearer credentials, retries on 429 / 5xx / connection failures with backoff (every
 * attempt sends the same body, so a run keeps its {@code request_id}), one token refresh on a 401, and errors turned
 * into {@link AtelierException}s.
 */
final class Transport {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String USER_AGENT = "atelier-client/0.1";

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");

    private final HttpClient http;
    private final URI base;
    private final RetryPolicy retry;
    private final Duration requestTimeout;
    private final InstantSource clock;
    private Auth auth;
    private volatile boolean closed;

    Transport(HttpClient http, URI base, RetryPolicy retry, Duration requestTimeout, InstantSource clock) {
        this.http = http;
        this.base = base;
        this.retry = retry;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    void close() {
        closed = true;
    }

    void auth(Auth a) {
        this.auth = a;
    }

    URI base() {
        return base;
    }

    InstantSource clock() {
        return clock;
    }

    /** A response: status, headers, body. */
    record Reply(int status, HttpHeaders headers, byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JacksonException e) {
                throw new IllegalStateException("the server answered HTTP " + status + " with a body that is not JSON: "
                        + preview(body), e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** POST a JSON body to a path under the base URL; returns the parsed 2xx body. */
    JsonNode postJson(String path, Object body, boolean authenticated) {
        byte[] bytes = JSON.writeValueAsBytes(body);
        return send("POST " + path, () -> HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), authenticated).json();
    }

    /** GET a path under the base URL with credentials; returns the parsed 2xx body. */
    JsonNode getJson(String path) {
        return send("GET " + path, () -> HttpRequest.newBuilder(resolve(path)).GET(), true).json();
    }

    /** PUT bytes to an absolute (signed) URL with the headers the File API asked for. */
    void put(URI url, Supplier<HttpRequest.BodyPublisher> body, Map<String, String> headers) {
        send("PUT upload", () -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(url).PUT(body.get());
            headers.forEach((k, v) -> {
                if (!RESTRICTED.contains(k.toLowerCase(Locale.ROOT))) {
                    b.header(k, v);
                }
            });
            return b;
        }, false);
    }

    /** GET an absolute (signed) URL's bytes. */
    byte[] download(URI url) {
        return send("GET download", () -> HttpRequest.newBuilder(url).GET(), false).body();
    }

    private URI resolve(String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }

    private Reply send(String what, Supplier<HttpRequest.Builder> request, boolean authenticated) {
        int attempt = 0;
        boolean refreshed = false;
        while (true) {
            if (closed) {
                throw new IllegalStateException("this AtelierClient is closed");
            }
            attempt++;
            HttpRequest.Builder b = request.get().timeout(requestTimeout).header("User-Agent", USER_AGENT);
            String token = null;
            if (authenticated) {
                token = auth.bearer(this);
                b.header("Authorization", "Bearer " + token);
            }
            Reply reply;
            try {
                HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                reply = new Reply(r.statusCode(), r.headers(), r.body());
            } catch (IOException e) {
                if (attempt >= retry.maxAttempts()) {
                    throw new ConnectionException("cannot reach the server at " + base + " (" + what + "): "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), attempt, e);
                }
                sleep(retry.backoff(attempt));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted during " + what);
            }
            if (reply.status() / 100 == 2) {
                return reply;
            }
            ErrorBody err = ErrorBody.of(reply);
            if (reply.status() == 401 && authenticated && auth.refreshable() && !refreshed) {
                // The access token expired on the server's clock before ours: get a new one, once.
                auth.invalidate(token);
                refreshed = true;
                attempt--;
                continue;
            }
            if (retryable(reply.status(), err.code()) && attempt < retry.maxAttempts()) {
                Duration wait = retry.backoff(attempt);
                Optional<Duration> retryAfter = retryAfter(reply.header("Retry-After"));
                if (retryAfter.isPresent()) {
                    if (retryAfter.get().compareTo(retry.maxRetryAfter()) > 0) {
                        throw new RequestException(reply.status(), err.code(), err.message()
                                + " (Retry-After " + retryAfter.get().toSeconds() + " s exceeds the retry policy's "
                                + retry.maxRetryAfter().toSeconds() + " s)", reply.header("x-request-id"), attempt);
                    }
                    wait = retryAfter.get();
                }
                sleep(wait);
                continue;
            }
            throw new RequestException(reply.status(), err.code(), err.message(), reply.header("x-request-id"),
                    attempt);
        }
    }

    private static boolean retryable(int status, String code) {
        return switch (status) {
            case 429, 502, 503, 504 -> true;
            // a task that ran out of time answers 500 TaskTimeout on every poll: that is its outcome, not a hiccup
            case 500 -> !"TaskTimeout".equals(code);
            default -> false;
        };
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date. */
    Optional<Duration> retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit) && v.length() <= 9) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static void sleep(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting");
        }
    }

    /** The {@code {status, error, error_code}} body of an error, or what can be said of another body. */
    record ErrorBody(String code, String message) {
        static ErrorBody of(Reply r) {
            try {
                JsonNode n = JSON.readTree(r.body());
                if (n != null && n.isObject()) {
                    JsonNode code = n.path("error_code");
                    JsonNode error = n.path("error");
                    JsonNode msg = n.path("error_message");
                    String text = error.isString() ? error.asString() : msg.isString() ? msg.asString() : preview(r.body());
                    return new ErrorBody(code.isString() ? code.asString() : null, text);
                }
            } catch (JacksonException e) {
                // not JSON: fall through
            }
            return new ErrorBody(null, r.body().length == 0 ? "(no body)" : preview(r.body()));
        }
    }

    static String preview(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
        return body.length > 300 ? s + "…" : s;
    }
}
