package dev.atelier.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * A client of one Atelier (or YouCam-compatible) server, safe to share between threads. Build it once:
 *
 * <pre>{@code
 * try (AtelierClient client = AtelierClient.builder()
 *         .baseUrl("http://127.0.0.1:8080")
 *         .apiKey(System.getenv("ATELIER_API_KEY"))
 *         .build()) {
 *     TaskResult r = client.effects().enhance(Path.of("photo.jpg")).scale(2).run();
 *     r.downloadTo(Path.of("photo-x2.jpg"));
 * }
 * }</pre>
 *
 * <p>Every run carries a {@code request_id} (fresh per run unless set), and every retry of it sends the same one, so
 * the server creates at most one task per run whatever the network does.
 */
public final class AtelierClient implements AutoCloseable {
    private final Transport transport;
    private final ApiFamily family;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final HttpClient ownedHttp;
    private final Duration maxPollInterval;
    private final AtomicLong requestIds;
    private final boolean progressEvents;

    private AtelierClient(Builder b) {
        this.ownedHttp = HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.transport = new Transport(ownedHttp, b.baseUrl, b.retryPolicy, b.requestTimeout, b.clock);
        this.transport.auth(b.apiKey != null ? new Auth.ApiKey(b.apiKey) : new Auth.Legacy(b.clientId, b.publicKey));
        this.family = b.family != null ? b.family : b.apiKey != null ? ApiFamily.V2 : ApiFamily.LEGACY;
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownedExecutor = null;
        } else {
            this.ownedExecutor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("atelier-client-", 0).factory());
            this.executor = ownedExecutor;
        }
        this.maxPollInterval = b.maxPollInterval;
        this.progressEvents = b.progressEvents;
        // CONTRACTS D.3 scopes request_id per credential and feature, and a task keeps its id after it ends: start from
        // the clock (milliseconds × 1000, plus noise) so a restarted client never reuses an earlier run's id. Stays
        // below 2^53, so JSON readers that use doubles keep it exact.
        this.requestIds = new AtomicLong(b.clock.millis() * 1000 + ThreadLocalRandom.current().nextInt(1000));
    }

    /** A builder; {@link Builder#baseUrl} and one kind of credentials are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The typed calls. */
    public Effects effects() {
        return new Effects(this);
    }

    /** The key's account: credits, their history, feature costs, task deletion. */
    public Account account() {
        return new Account(this);
    }

    /** The OpenAI-compatible images API: generations, edits and variations with their cost. */
    public Images images() {
        return new Images(this);
    }

    /**
     * The image models the server's providers offer ({@code GET /v1/models}).
     *
     * @throws OpenAiException when the server refuses the key
     */
    public List<ImageModel> models() {
        List<ImageModel> out = new ArrayList<>();
        for (JsonNode m : transport.getJson("/v1/models", Transport.Dialect.OPENAI_READ).path("data")) {
            out.add(ImageModel.of(m));
        }
        return List.copyOf(out);
    }

    /**
     * One model by id ({@code GET /v1/models/{model}}).
     *
     * @throws OpenAiException with code {@code not_found} when no provider offers it
     */
    public ImageModel model(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("the model id is empty");
        }
        return ImageModel.of(transport.getJson("/v1/models/" + java.net.URLEncoder.encode(id,
                java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"), Transport.Dialect.OPENAI_READ));
    }

    /** This key's settled requests and their cost ({@code GET /v1/usage}). */
    public UsageQuery usage() {
        return new UsageQuery(this);
    }

    /**
     * A call to any feature by its path (e.g. {@code enhance}, or a v2 path such as {@code colorize/color-correct}).
     */
    public TaskCall task(String feature) {
        if (feature == null || feature.isBlank() || feature.startsWith("/")) {
            throw new IllegalArgumentException("feature must be a path such as 'enhance', got '" + feature + "'");
        }
        return new TaskCall(this, feature);
    }

    /** The wire family this client speaks. */
    public ApiFamily family() {
        return family;
    }

    /**
     * Uploads a file or bytes through the File API (create a slot, then PUT to its signed URL) and returns the file id.
     * The legacy family creates slots per feature, so {@code feature} is required there; v2 ignores it.
     *
     * @throws IllegalArgumentException when {@code input} is not a file or bytes
     */
    public String upload(Input input, String feature) {
        return upload(input, feature, family);
    }

    private String upload(Input input, String feature, ApiFamily family) {
        Upload u = switch (input) {
            case Input.FileInput f -> fileUpload(f.path());
            case Input.BytesInput b -> new Upload(b.contentType(), b.fileName(), b.bytes().length,
                    () -> HttpRequest.BodyPublishers.ofByteArray(b.bytes()));
            case Input.FileIdInput id -> throw new IllegalArgumentException("already on the server: " + id.fileId());
            case Input.UrlInput url -> throw new IllegalArgumentException("URL inputs are fetched by the server, "
                    + "not uploaded: " + url.url());
        };
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("content_type", u.contentType());
        item.put("file_name", u.fileName());
        item.put("file_size", u.size());
        Map<String, Object> body = Map.of("files", List.of(item));
        JsonNode slot;
        if (family == ApiFamily.LEGACY) {
            if (feature == null) {
                throw new IllegalArgumentException("the legacy File API needs the feature the file is for");
            }
            slot = transport.postJson("/s2s/v1.0/file/" + feature, body, true).path("result").path("files").path(0);
        } else {
            slot = transport.postJson("/s2s/v2.0/file", body, true).path("data").path("files").path(0);
        }
        JsonNode request = slot.path("requests").path(0);
        String fileId = slot.path("file_id").asString(null);
        String url = request.path("url").asString(null);
        if (fileId == null || url == null) {
            throw new IllegalStateException("the File API answer has no file_id or upload URL: " + slot);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        request.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        headers.putIfAbsent("Content-Type", u.contentType());
        try {
            transport.put(URI.create(url), u.body(), headers);
        } catch (RequestException e) {
            // A retried PUT whose earlier attempt was stored but whose answer was lost: the bytes are there.
            if (!(e.attempts() > 1 && e.code() == ErrorCode.OPERATION_INVALID)) {
                throw e;
            }
        }
        return fileId;
    }

    private record Upload(String contentType, String fileName, long size,
            Supplier<HttpRequest.BodyPublisher> body) {}

    private static Upload fileUpload(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            String type = ContentTypes.sniff(in.readNBytes(32));
            long size = Files.size(path);
            return new Upload(type, path.getFileName().toString(), size, () -> {
                try {
                    return HttpRequest.BodyPublishers.ofFile(path);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Downloads a result URL (signed by the server) with the retry policy. */
    public byte[] download(String url) {
        return transport.download(URI.create(url));
    }

    /** Stops the client's own threads and connections; calls in flight fail, later calls are refused. */
    @Override
    public void close() {
        transport.close();
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
        ownedHttp.shutdownNow();
    }

    // ---- package-private: used by calls and tasks

    Task submit(EffectCall.Submission s) {
        // features that exist only on v2 (the V2 generator) take the v2 routes whatever the client's family: Atelier
        // accepts a legacy access token there too
        ApiFamily family = s.v2Only() ? ApiFamily.V2 : this.family;
        if (family == ApiFamily.LEGACY && s.sources().stream().anyMatch(Input.UrlInput.class::isInstance)) {
            throw new IllegalArgumentException("the legacy family takes file ids only; upload the image or use the "
                    + "v2 family for URL inputs");
        }
        String feature = family == ApiFamily.LEGACY ? s.legacyPath() : s.v2Path();
        List<Wire.Ref> sources = resolve(s.sources(), s.legacyPath(), family);
        List<Wire.Ref> refs = resolve(s.refs(), s.legacyPath(), family);
        List<Wire.Ref> masks = resolve(s.masks(), s.legacyPath(), family);
        long requestId = s.requestId() != null ? s.requestId() : requestIds.incrementAndGet();
        Map<String, Object> body = Wire.runBody(family, requestId, sources, refs, masks, s.params(), s.outputFormat());
        JsonNode answer = transport.postJson(Wire.runPath(family, feature), body, true);
        return new Task(this, family, Wire.taskId(family, answer), feature, requestId, s.listener());
    }

    private List<Wire.Ref> resolve(List<Input> inputs, String feature, ApiFamily family) {
        List<Wire.Ref> out = new ArrayList<>();
        for (Input in : inputs) {
            out.add(switch (in) {
                case Input.FileIdInput id -> new Wire.Ref(id.fileId(), null);
                case Input.UrlInput url -> new Wire.Ref(null, url.url());
                case Input.FileInput f -> new Wire.Ref(upload(f, feature, family), null);
                case Input.BytesInput b -> new Wire.Ref(upload(b, feature, family), null);
            });
        }
        return out;
    }

    Transport transport() {
        return transport;
    }

    Executor executor() {
        return executor;
    }

    boolean progressEvents() {
        return progressEvents;
    }

    /** How long to wait before the next poll: the server's interval, but never so long the polling window lapses. */
    Duration pollDelay(Duration serverInterval) {
        return Task.clamp(serverInterval, Duration.ofMillis(50), maxPollInterval);
    }

    /** Configures an {@link AtelierClient}. */
    public static final class Builder {
        private URI baseUrl;
        private String apiKey;
        private String clientId;
        private String publicKey;
        private ApiFamily family;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration maxPollInterval = Duration.ofSeconds(3);
        private Executor executor;
        private InstantSource clock = InstantSource.system();
        private boolean progressEvents = true;

        private Builder() {}

        /** The server, e.g. {@code http://127.0.0.1:8080} (required). */
        public Builder baseUrl(String url) {
            URI u = URI.create(Objects.requireNonNull(url, "url"));
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null) {
                throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL, got " + url);
            }
            this.baseUrl = u;
            return this;
        }

        /** Authenticate with an API key (the v2 way; Atelier accepts it on legacy routes too). */
        public Builder apiKey(String key) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("the API key is empty");
            }
            this.apiKey = key;
            return this;
        }

        /**
         * Authenticate the legacy way: the {@code client_id} and the RSA public key (Base64 X.509, or PEM) that
         * {@code atelier keys create} printed. The client exchanges an {@code id_token} for an access token and gets a
         * new one before it expires.
         */
        public Builder legacyCredentials(String clientIdValue, String publicKeyValue) {
            this.clientId = Objects.requireNonNull(clientIdValue, "clientId");
            this.publicKey = Objects.requireNonNull(publicKeyValue, "publicKey");
            return this;
        }

        /** The wire family; by default v2 with an API key, legacy with legacy credentials. */
        public Builder family(ApiFamily value) {
            this.family = Objects.requireNonNull(value, "family");
            return this;
        }

        /** Retries on 429, 5xx and connection failures; {@link RetryPolicy#defaults()} unless set. */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Time to establish a connection (default 10 s). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connectTimeout");
            return this;
        }

        /** Time for one HTTP exchange, uploads included (default 60 s). */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive(d, "requestTimeout");
            return this;
        }

        /**
         * The longest wait between two polls whatever {@code polling_interval} says (default 3 s): keep it well under
         * the server's polling window (10 s) so a task is never expired for lack of polls.
         */
        public Builder maxPollInterval(Duration d) {
            this.maxPollInterval = positive(d, "maxPollInterval");
            return this;
        }

        /** Where {@code runAsync} and {@code awaitAsync} run; a virtual thread per call by default. */
        public Builder executor(Executor e) {
            this.executor = Objects.requireNonNull(e, "executor");
            return this;
        }

        /**
         * Whether a call with an {@code onProgress} listener follows the task's server-sent event stream (default
         * true), falling back to polling when the server has none; false always polls.
         */
        public Builder progressEvents(boolean follow) {
            this.progressEvents = follow;
            return this;
        }

        /** The clock for {@code id_token} timestamps and token expiry (tests pass the server's clock). */
        public Builder clock(InstantSource c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * Builds the client.
         *
         * @throws IllegalStateException without a base URL, or without exactly one kind of credentials
         */
        public AtelierClient build() {
            if (baseUrl == null) {
                throw new IllegalStateException("baseUrl is required");
            }
            if ((apiKey == null) == (clientId == null)) {
                throw new IllegalStateException("set exactly one of apiKey(...) and legacyCredentials(...)");
            }
            return new AtelierClient(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
