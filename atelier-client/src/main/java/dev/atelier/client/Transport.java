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

    /**
     * How a family of routes reports errors and which failures may be retried. The YouCam routes carry a
     * {@code request_id}, so every 5xx and lost connection may be retried; a POST of the OpenAI-compatible API has no
     * such key, so it is retried only when the server certainly did not act on it (429 rate limit, 503, no connection).
     */
    enum Dialect {
        /** {@code {status, error, error_code}} bodies; {@link RequestException}. */
        YOUCAM,
        /** {@code {error: {message, type, param, code}}} bodies, reads that may be repeated; {@link OpenAiException}. */
        OPENAI_READ,
        /** As {@link #OPENAI_READ} for a request that runs (and charges) something on every arrival. */
        OPENAI_RUN
    }

    /** POST a JSON body to a path under the base URL; returns the parsed 2xx body. */
    JsonNode postJson(String path, Object body, boolean authenticated) {
        return postJson(path, body, authenticated, Dialect.YOUCAM);
    }

    /** POST a JSON body with the given error dialect. */
    JsonNode postJson(String path, Object body, boolean authenticated, Dialect dialect) {
        byte[] bytes = JSON.writeValueAsBytes(body);
        return send("POST " + path, () -> HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), authenticated, dialect).json();
    }

    /** POST a {@code multipart/form-data} body (OpenAI-compatible edits and variations). */
    JsonNode postMultipart(String path, Multipart body, Dialect dialect) {
        byte[] bytes = body.bytes();
        return send("POST " + path, () -> HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), true, dialect).json();
    }

    /** GET a path under the base URL with credentials; returns the parsed 2xx body. */
    JsonNode getJson(String path) {
        return getJson(path, Dialect.YOUCAM);
    }

    /** GET a path with the given error dialect. */
    JsonNode getJson(String path, Dialect dialect) {
        return send("GET " + path, () -> HttpRequest.newBuilder(resolve(path)).GET(), true, dialect).json();
    }

    /**
     * Opens a server-sent event stream under the base URL, once (no retries: the caller falls back to polling).
     * Returns the lines of a 200 answer, or empty when the server answered anything else or could not be reached.
     */
    Optional<java.util.stream.Stream<String>> openEvents(String path) {
        if (closed) {
            throw new IllegalStateException("this AtelierClient is closed");
        }
        HttpRequest request = HttpRequest.newBuilder(resolve(path)).GET()
                .header("Accept", "text/event-stream")
                .header("User-Agent", USER_AGENT)
                .header("Authorization", "Bearer " + auth.bearer(this))
                .build();
        try {
            // No request timeout: it would bound the whole stream; a stream that stops is ended by the server's own
            // limit (the task timeout) and the task's final poll.
            HttpResponse<java.util.stream.Stream<String>> r = http.send(request, HttpResponse.BodyHandlers.ofLines());
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (r.statusCode() == 200 && type.startsWith("text/event-stream")) {
                return Optional.of(r.body());
            }
            r.body().close();
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while opening the event stream");
        }
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
        }, false, Dialect.YOUCAM);
    }

    /** GET an absolute (signed) URL's bytes. */
    byte[] download(URI url) {
        return send("GET download", () -> HttpRequest.newBuilder(url).GET(), false, Dialect.YOUCAM).body();
    }

    private URI resolve(String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }

    private Reply send(String what, Supplier<HttpRequest.Builder> request, boolean authenticated, Dialect dialect) {
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
                boolean neverSent = e instanceof java.net.ConnectException
                        || e instanceof java.net.http.HttpConnectTimeoutException;
                if (attempt >= retry.maxAttempts() || (dialect == Dialect.OPENAI_RUN && !neverSent)) {
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
            ErrorBody err = dialect == Dialect.YOUCAM ? ErrorBody.of(reply) : ErrorBody.openAi(reply);
            if (reply.status() == 401 && authenticated && auth.refreshable() && !refreshed) {
                // The access token expired on the server's clock before ours: get a new one, once.
                auth.invalidate(token);
                refreshed = true;
                attempt--;
                continue;
            }
            if (retryable(dialect, reply.status(), err.code()) && attempt < retry.maxAttempts()) {
                Duration wait = retry.backoff(attempt);
                Optional<Duration> retryAfter = retryAfter(reply.header("Retry-After"));
                if (retryAfter.isPresent()) {
                    if (retryAfter.get().compareTo(retry.maxRetryAfter()) > 0) {
                        throw failure(dialect, reply, err.withMessage(err.message() + " (Retry-After "
                                + retryAfter.get().toSeconds() + " s exceeds the retry policy's "
                                + retry.maxRetryAfter().toSeconds() + " s)"), attempt);
                    }
                    wait = retryAfter.get();
                }
                sleep(wait);
                continue;
            }
            throw failure(dialect, reply, err, attempt);
        }
    }

    private static AtelierException failure(Dialect dialect, Reply reply, ErrorBody err, int attempts) {
        return dialect == Dialect.YOUCAM
                ? new RequestException(reply.status(), err.code(), err.message(), reply.header("x-request-id"), attempts)
                : new OpenAiException(reply.status(), err.message(), err.type(), err.param(), err.code(),
                        reply.header("x-request-id"), attempts);
    }

    private static boolean retryable(Dialect dialect, int status, String code) {
        if (dialect != Dialect.YOUCAM) {
            return switch (status) {
                // insufficient_quota is also a 429, but waiting does not add credits
                case 429 -> !"insufficient_quota".equals(code);
                case 503 -> true;
                case 500, 502, 504 -> dialect == Dialect.OPENAI_READ;
                default -> false;
            };
        }
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

    /**
     * The {@code {status, error, error_code}} body of an error (or OpenAI's {@code {error: {message, type, param,
     * code}}}), or what can be said of another body.
     */
    record ErrorBody(String code, String message, String type, String param) {
        ErrorBody(String code, String message) {
            this(code, message, null, null);
        }

        ErrorBody withMessage(String m) {
            return new ErrorBody(code, m, type, param);
        }

        static ErrorBody openAi(Reply r) {
            try {
                JsonNode e = JSON.readTree(r.body()).path("error");
                if (e.isObject()) {
                    return new ErrorBody(text(e.path("code")), e.path("message").isString()
                            ? e.path("message").asString() : preview(r.body()), text(e.path("type")),
                            text(e.path("param")));
                }
            } catch (JacksonException e) {
                // not JSON: fall through
            }
            // not OpenAI's shape (e.g. a proxy's own error page): keep what can be said
            ErrorBody other = of(r);
            return new ErrorBody(other.code(), other.message(), null, null);
        }

        private static String text(JsonNode n) {
            return n.isString() ? n.asString() : null;
        }

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
