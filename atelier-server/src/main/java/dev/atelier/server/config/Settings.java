package dev.atelier.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting the server reads, typed, each with a safe default. {@code docs/configuration.md} lists them all (a
 * test keeps the two in step).
 *
 * @param dataDir            root of everything stored on this machine (database, blobs, models, secret)
 * @param host               interface to listen on; loopback by default so nothing is exposed by accident
 * @param port               TCP port; 0 picks a free one
 * @param publicUrl          base of the URLs the server hands out (upload and download links); default from host:port
 * @param databaseUrl        JDBC URL; SQLite under the data directory by default, {@code jdbc:postgresql:...} to scale
 * @param workers            tasks run at once on this node
 * @param queueCapacity      queued tasks per node beyond which submits are refused with 429 (bounded queue)
 * @param pollingInterval    what status responses tell clients to wait before polling again
 * @param pollingWindow      a task not polled for longer than this is expired (CONTRACTS D.4)
 * @param taskTimeout        a running task taking longer than this fails with {@code TaskTimeout}
 * @param taskLease          a running task's lease, renewed while it runs; a dead worker's tasks are re-queued
 *                           about this long after it stopped
 * @param taskMaxAttempts    runs a task may start; one whose worker dies this many times ends as an error
 * @param taskRetention      how long finished task records remain queryable
 * @param uploadUrlTtl       lifetime of a signed upload URL
 * @param downloadUrlTtl     lifetime of a signed result URL (CONTRACTS D.6: 2 h)
 * @param uploadRetention    how long uploaded files are kept
 * @param resultRetention    how long result files are kept
 * @param maxUploadBytes     largest accepted upload or fetched input (10 MB per the contract)
 * @param maxImagePixels     decode budget: inputs with more pixels are refused from their header
 * @param accessTokenTtl     lifetime of a legacy access token (2 h)
 * @param authClockSkew      accepted distance between an id_token timestamp and the server clock
 * @param fetchAllowlist     hosts and CIDRs that {@code *_file_url} fetches may reach although private or loopback
 * @param fetchTimeout       total time budget of one input download
 * @param fetchMaxRedirects  redirects followed by one input download
 * @param secret             HMAC secret for signed URLs and access tokens; generated into the data dir when unset
 * @param previousSecrets    older secrets still accepted when verifying (rotation)
 * @param drainTimeout       how long shutdown waits for running tasks
 * @param modelsDir          where installed models live (the model registry's directory)
 * @param source             the raw source, from which per-concern settings records (credits, rate limits, webhooks,
 *                           retention, ONNX Runtime, model registry, providers) read their own names
 */
public record Settings(
        Path dataDir,
        String host,
        int port,
        Optional<String> publicUrl,
        String databaseUrl,
        int workers,
        int queueCapacity,
        Duration pollingInterval,
        Duration pollingWindow,
        Duration taskTimeout,
        Duration taskLease,
        int taskMaxAttempts,
        Duration taskRetention,
        Duration uploadUrlTtl,
        Duration downloadUrlTtl,
        Duration uploadRetention,
        Duration resultRetention,
        long maxUploadBytes,
        long maxImagePixels,
        Duration accessTokenTtl,
        Duration authClockSkew,
        List<String> fetchAllowlist,
        Duration fetchTimeout,
        int fetchMaxRedirects,
        Optional<String> secret,
        List<String> previousSecrets,
        Duration drainTimeout,
        Path modelsDir,
        SettingsSource source) {

    public static Settings from(SettingsSource s) {
        Path data = Path.of(s.string("ATELIER_DATA", "./data")).toAbsolutePath().normalize();
        return new Settings(
                data,
                s.string("ATELIER_HOST", "127.0.0.1"),
                s.integer("ATELIER_PORT", 8080),
                s.get("ATELIER_PUBLIC_URL").map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u),
                s.string("ATELIER_DB_URL", "jdbc:sqlite:" + data.resolve("atelier.db")),
                s.integer("ATELIER_WORKERS", Math.max(1, Runtime.getRuntime().availableProcessors())),
                s.integer("ATELIER_QUEUE_CAPACITY", 1000),
                s.duration("ATELIER_POLLING_INTERVAL", Duration.ofSeconds(1)),
                s.duration("ATELIER_POLLING_WINDOW", Duration.ofSeconds(10)),
                s.duration("ATELIER_TASK_TIMEOUT", Duration.ofMinutes(10)),
                s.duration("ATELIER_TASK_LEASE", Duration.ofSeconds(30)),
                s.integer("ATELIER_TASK_MAX_ATTEMPTS", 3),
                s.duration("ATELIER_TASK_RETENTION", Duration.ofHours(24)),
                s.duration("ATELIER_UPLOAD_URL_TTL", Duration.ofHours(1)),
                s.duration("ATELIER_DOWNLOAD_URL_TTL", Duration.ofHours(2)),
                s.duration("ATELIER_UPLOAD_RETENTION", Duration.ofDays(1)),
                s.duration("ATELIER_RESULT_RETENTION", Duration.ofDays(30)),
                s.bytes("ATELIER_MAX_UPLOAD_BYTES", 10L << 20),
                s.bytes("ATELIER_MAX_IMAGE_PIXELS", 64_000_000L),
                s.duration("ATELIER_ACCESS_TOKEN_TTL", Duration.ofHours(2)),
                s.duration("ATELIER_AUTH_CLOCK_SKEW", Duration.ofMinutes(5)),
                list(s.string("ATELIER_FETCH_ALLOWLIST", "")),
                s.duration("ATELIER_FETCH_TIMEOUT", Duration.ofSeconds(30)),
                s.integer("ATELIER_FETCH_MAX_REDIRECTS", 3),
                s.get("ATELIER_SECRET"),
                list(s.string("ATELIER_PREVIOUS_SECRETS", "")),
                s.duration("ATELIER_DRAIN_TIMEOUT", Duration.ofSeconds(30)),
                Path.of(s.string("ATELIER_MODELS_DIR", data.resolve("models").toString())).toAbsolutePath().normalize(),
                s)
                .validated();
    }

    /** Every setting name {@link #from} reads, in order; the documentation test checks each is documented. */
    public static Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        SettingsSource recording = SettingsSource.recording(names);
        from(recording);
        GROUPS.forEach(group -> group.accept(recording));
        return names;
    }

    /** Every raw value by name, for settings records of other modules (ONNX Runtime, the model registry). */
    public java.util.Map<String, String> raw() {
        return source.asMap();
    }

    /** The per-concern settings records: each reads its names from a source (listed so {@link #names} sees them). */
    private static final List<java.util.function.Consumer<SettingsSource>> GROUPS = List.of(
            dev.atelier.server.admin.AdminSettings::from,
            dev.atelier.server.credits.CreditSettings::from,
            dev.atelier.server.ratelimit.RateLimitSettings::from,
            dev.atelier.server.webhooks.WebhookSettings::from,
            dev.atelier.server.retention.RetentionSettings::from,
            dev.atelier.server.effects.generate.GenerationSettings::from,
            dev.atelier.server.effects.video.VideoSettings::from,
            dev.atelier.server.files.BlobSettings::from,
            NodeRole::from);

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private Settings validated() {
        if (port < 0 || port > 65535) {
            throw new SettingsException("ATELIER_PORT must be 0..65535, got " + port);
        }
        if (workers < 1) {
            throw new SettingsException("ATELIER_WORKERS must be at least 1, got " + workers);
        }
        if (queueCapacity < 1) {
            throw new SettingsException("ATELIER_QUEUE_CAPACITY must be at least 1, got " + queueCapacity);
        }
        if (pollingWindow.compareTo(pollingInterval) <= 0) {
            throw new SettingsException("ATELIER_POLLING_WINDOW (" + pollingWindow
                    + ") must be longer than ATELIER_POLLING_INTERVAL (" + pollingInterval + ")");
        }
        if (taskLease.toMillis() < 300) {
            throw new SettingsException("ATELIER_TASK_LEASE must be at least 300ms, got " + taskLease);
        }
        if (taskMaxAttempts < 1) {
            throw new SettingsException("ATELIER_TASK_MAX_ATTEMPTS must be at least 1, got " + taskMaxAttempts);
        }
        if (secret.isPresent() && secret.get().length() < 32) {
            throw new SettingsException("ATELIER_SECRET must be at least 32 characters");
        }
        return this;
    }

    /** A copy listening elsewhere (tests use port 0). */
    public Settings withPort(int newPort) {
        return new Settings(dataDir, host, newPort, publicUrl, databaseUrl, workers, queueCapacity, pollingInterval,
                pollingWindow, taskTimeout, taskLease, taskMaxAttempts, taskRetention, uploadUrlTtl, downloadUrlTtl,
                uploadRetention, resultRetention, maxUploadBytes, maxImagePixels, accessTokenTtl, authClockSkew, fetchAllowlist,
                fetchTimeout, fetchMaxRedirects, secret, previousSecrets, drainTimeout, modelsDir,
                source.with(java.util.Map.of("ATELIER_PORT", Integer.toString(newPort))));
    }
}
