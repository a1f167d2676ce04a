package dev.atelier.engines.remote;

import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.GeneratedImage;
import dev.atelier.engines.generation.ImageBytes;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.generation.ProviderError.Code;
import dev.atelier.engines.generation.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One provider's HTTP session: builds authenticated requests with the configured timeouts, reads bodies within the
 * byte limit, turns transport failures and non-2xx answers into {@link ProviderError}s, fetches result URLs and runs
 * bounded polling loops.
 */
final class Upstream {
    private static final String USER_AGENT = "Atelier/0.1 (+https://github.com/atelier)";

    /** An upstream answer with its body read. */
    record Response(int status, HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String contentType() {
            return headers.firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
        }

        boolean ok() {
            return status / 100 == 2;
        }
    }

    /** Maps a non-2xx answer to the provider's typed error. */
    @FunctionalInterface
    interface ErrorMapper {
        ProviderError map(Response response);
    }

    private final ProviderSettings settings;
    private final HttpClient client;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Consumer<HttpRequest.Builder> auth;

    Upstream(ProviderSettings settings, HttpClient client, Clock clock, Sleeper sleeper,
            Consumer<HttpRequest.Builder> auth) {
        this.settings = settings;
        this.client = client;
        this.clock = clock;
        this.sleeper = sleeper;
        this.auth = auth;
    }

    static HttpClient newClient(ProviderSettings settings) {
        return HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    Clock clock() {
        return clock;
    }

    String provider() {
        return settings.name();
    }

    /** The base URL joined with {@code path} (which starts with a slash). */
    URI resolve(String path) {
        return URI.create(settings.baseUrl().toString() + path);
    }

    /** A request to {@code uri} with auth, user agent and the per-call timeout. */
    HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("User-Agent", USER_AGENT);
        auth.accept(b);
        return b;
    }

    HttpRequest.Builder jsonPost(URI uri, byte[] json) {
        return request(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    }

    HttpRequest.Builder multipartPost(URI uri, Multipart body) {
        return request(uri).header("Content-Type", body.contentType()).POST(body.publisher());
    }

    /** Sends and returns a 2xx answer, or throws the mapped error. */
    Response send(HttpRequest request, ErrorMapper errors) {
        Response r = exchange(request);
        if (!r.ok()) {
            throw errors.map(r);
        }
        return r;
    }

    /** Sends and returns whatever status came back; transport failures become {@code UNAVAILABLE}. */
    Response exchange(HttpRequest request) {
        try {
            HttpResponse<InputStream> resp = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body = readLimited(resp);
            return new Response(resp.statusCode(), resp.headers(), body);
        } catch (HttpConnectTimeoutException e) {
            throw unavailable("could not connect to " + request.uri().getHost() + " within "
                    + settings.connectTimeout().toMillis() + " ms", e);
        } catch (HttpTimeoutException e) {
            throw unavailable("no answer from " + request.uri().getHost() + " within "
                    + settings.requestTimeout().toMillis() + " ms", e);
        } catch (IOException e) {
            throw unavailable("connection to " + request.uri().getHost() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for " + request.uri().getHost(), e);
        }
    }

    private byte[] readLimited(HttpResponse<InputStream> resp) throws IOException {
        long limit = settings.maxDownloadBytes();
        long declared = resp.headers().firstValueAsLong("content-length").orElse(-1);
        try (InputStream in = resp.body()) {
            if (declared > limit) {
                throw tooLarge(resp.uri(), declared);
            }
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (data.length > limit) {
                throw tooLarge(resp.uri(), data.length);
            }
            return data;
        }
    }

    private ProviderError tooLarge(URI uri, long size) {
        return ProviderError.builder(Code.UNAVAILABLE, "answer from " + uri.getHost() + " is larger than the "
                        + settings.maxDownloadBytes() + " byte limit (" + settings.key("MAX_DOWNLOAD_BYTES") + ")")
                .provider(settings.name()).upstreamCode("response_too_large").build();
    }

    ProviderError unavailable(String message, Throwable cause) {
        return ProviderError.builder(Code.UNAVAILABLE, message).provider(settings.name()).cause(cause).build();
    }

    ProviderError malformed(String what) {
        return ProviderError.builder(Code.UNAVAILABLE, settings.name() + " returned an unexpected answer: " + what)
                .provider(settings.name()).upstreamCode("malformed_response").build();
    }

    /**
     * Fetches an image an upstream returned by URL. Credentials are sent only to the provider's own host, never to
     * a CDN; the body must be within the byte limit and be an image.
     */
    GeneratedImage download(String url, String revisedPrompt) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw malformed("image URL is not a URL: " + url);
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw malformed("image URL must be http(s): " + url);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
                .header("User-Agent", USER_AGENT).GET();
        URI base = settings.baseUrl();
        if (Objects.equals(base.getHost(), uri.getHost()) && base.getPort() == uri.getPort()) {
            auth.accept(b);
        }
        Response r = exchange(b.build());
        if (!r.ok()) {
            throw ProviderError.builder(Code.UNAVAILABLE, "fetching the result image " + url + " failed with HTTP "
                            + r.status()).provider(settings.name()).httpStatus(r.status()).build();
        }
        return new GeneratedImage(image(r.body(), r.contentType()), url, revisedPrompt);
    }

    /** Wraps image bytes, checking they are an image whatever the upstream claimed. */
    EncodedImage image(byte[] data, String claimedType) {
        if (data.length == 0 || !ImageBytes.isImage(data)) {
            throw malformed("expected image bytes" + (claimedType == null ? "" : " (" + claimedType + ")")
                    + " but got " + data.length + " bytes of something else");
        }
        return EncodedImage.of(data);
    }

    /** Decodes a base64 image field. */
    EncodedImage base64Image(String b64) {
        byte[] data;
        try {
            String s = b64.startsWith("data:") ? b64.substring(b64.indexOf(',') + 1) : b64;
            data = java.util.Base64.getMimeDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw malformed("image is not valid base64");
        }
        return image(data, null);
    }

    /**
     * Calls {@code step} until it yields a value, sleeping the poll interval between calls, for at most the
     * configured maximum wait; then {@code UNAVAILABLE}.
     */
    <T> T poll(String what, Supplier<Optional<T>> step) {
        Instant deadline = clock.instant().plus(settings.maxWait());
        while (true) {
            Optional<T> done = step.get();
            if (done.isPresent()) {
                return done.get();
            }
            if (!clock.instant().isBefore(deadline)) {
                throw ProviderError.builder(Code.UNAVAILABLE, what + " did not finish within "
                                + settings.maxWait().toMillis() + " ms (" + settings.key("MAX_WAIT_MS") + ")")
                        .provider(settings.name()).upstreamCode("poll_timeout").build();
            }
            try {
                sleeper.sleep(settings.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable("interrupted while waiting for " + what, e);
            }
        }
    }

    /**
     * The default mapping of an HTTP status to a code; adapters refine it with what their error bodies say.
     * 401/403 are credentials, 402 is an empty account, 429 throttling, 408 and 5xx the upstream's trouble, any
     * other 4xx a fault in the request.
     */
    ProviderError.Builder errorFor(Response r, String message) {
        Code code = switch (r.status()) {
            case 401, 403 -> Code.AUTH;
            case 402 -> Code.QUOTA_EXCEEDED;
            case 429 -> Code.RATE_LIMITED;
            case 408 -> Code.UNAVAILABLE;
            default -> r.status() >= 500 ? Code.UNAVAILABLE : Code.INVALID_REQUEST;
        };
        String text = message == null || message.isBlank() ? abbreviate(r.text()) : message;
        return ProviderError.builder(code, settings.name() + " answered HTTP " + r.status() + ": " + text)
                .provider(settings.name())
                .httpStatus(r.status())
                .retryAfter(retryAfter(r));
    }

    /** {@code Retry-After} as seconds or an HTTP date; {@code null} when absent or unreadable. */
    Duration retryAfter(Response r) {
        String v = r.header("retry-after");
        if (v == null) {
            return null;
        }
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.trim()) * 1000));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException ignored) {
                return null;
            }
        }
    }

    /**
     * Whether {@code u} belongs to the same site as {@code base} (same scheme, and the same host and port or a
     * sub-domain of the base's registrable domain): the only hosts an upstream-supplied URL may send our key to.
     */
    static boolean sameSite(URI u, URI base) {
        if (u.getHost() == null || base.getHost() == null || !Objects.equals(u.getScheme(), base.getScheme())) {
            return false;
        }
        if (u.getHost().equals(base.getHost())) {
            return u.getPort() == base.getPort();
        }
        String[] labels = base.getHost().split("\\.");
        if (labels.length < 2) {
            return false;
        }
        String site = labels[labels.length - 2] + "." + labels[labels.length - 1];
        return u.getHost().endsWith("." + site);
    }

    /** {@code url} when it is on the provider's site, else {@code fallback}. */
    URI trusted(String url, URI fallback) {
        if (url != null) {
            try {
                URI u = URI.create(url);
                if (sameSite(u, settings.baseUrl())) {
                    return u;
                }
            } catch (IllegalArgumentException ignored) {
                // not a URL: use the documented one
            }
        }
        return fallback;
    }

    static String abbreviate(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    /** Runs {@code f} on a parsed JSON body, reporting a non-JSON 2xx answer as malformed. */
    <T> T json(Response r, Function<tools.jackson.databind.JsonNode, T> f) {
        var node = Json.parseOrNull(r.body());
        if (node == null || !node.isObject()) {
            throw malformed("expected a JSON object, got " + abbreviate(r.text()));
        }
        return f.apply(node);
    }
}
