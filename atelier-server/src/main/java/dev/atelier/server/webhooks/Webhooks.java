package dev.atelier.server.webhooks;

import dev.atelier.server.api.ApiException;
import dev.atelier.server.api.ErrorCode;
import dev.atelier.server.files.AddressGuard;
import dev.atelier.server.json.Json;
import dev.atelier.server.security.ServerSecret;
import dev.atelier.server.store.Database;
import dev.atelier.server.store.Dialect;
import dev.atelier.server.tasks.Task;
import dev.atelier.server.tasks.TaskState;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook endpoints of keys and their deliveries, in the database: add (checked, secret returned once), list,
 * remove, queue a task's outcome for every active endpoint of its key, and the claim/record steps the
 * {@link WebhookDispatcher} uses.
 */
public final class Webhooks {
    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    private static final String SEAL_PURPOSE = "webhook-secret";
    private static final String ENDPOINT_COLUMNS = "id, key_id, url, status, created_at, disabled_at, disabled_reason";
    private static final String DELIVERY_COLUMNS = "id, endpoint_id, task_id, payload, state, attempts, "
            + "next_attempt_at, last_status, last_error, created_at, finished_at";

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final ServerSecret secret;
    private final InstantSource clock;
    private final AddressGuard guard;
    private final int maxEndpoints;
    private volatile Runnable onEnqueue = () -> {};

    public Webhooks(Database db, ServerSecret secret, InstantSource clock, AddressGuard guard, int maxEndpoints) {
        this.jdbi = db.jdbi();
        this.dialect = db.dialect();
        this.secret = secret;
        this.clock = clock;
        this.guard = guard;
        this.maxEndpoints = maxEndpoints;
    }

    /** Called after deliveries are queued (the dispatcher wakes up). */
    void onEnqueue(Runnable r) {
        this.onEnqueue = r;
    }

    /**
     * Adds an endpoint for {@code keyId}: the URL must be absolute http(s) without credentials and its host must pass
     * the address guard; at most {@code maxEndpoints} per key.
     */
    public CreatedEndpoint add(String keyId, String url) {
        URI target = checkTarget(url);
        int existing = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM webhook_endpoints WHERE key_id = :k "
                        + "AND status <> 'removed'").bind("k", keyId).mapTo(Integer.class).one());
        if (existing >= maxEndpoints) {
            throw ApiException.invalid("a key has at most " + maxEndpoints + " webhook endpoints; remove one first");
        }
        byte[] key = Signature.newKey();
        Endpoint e = new Endpoint("wh_" + ServerSecret.randomToken(16), keyId, target.toString(), Endpoint.Status.ACTIVE,
                clock.instant(), null, null);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO webhook_endpoints (id, key_id, url, secret_sealed, status, "
                        + "created_at) VALUES (:id, :k, :url, :secret, 'active', :at)")
                .bind("id", e.id()).bind("k", keyId).bind("url", e.url())
                .bind("secret", secret.seal(SEAL_PURPOSE, key)).bind("at", e.createdAt().toEpochMilli())
                .execute());
        log.info("webhook endpoint {} added for key {}: {}", e.id(), keyId, e.url());
        return new CreatedEndpoint(e, Signature.display(key));
    }

    URI checkTarget(String url) {
        URI u;
        try {
            u = new URI(url == null ? "" : url.trim());
        } catch (URISyntaxException e) {
            throw ApiException.invalid("the webhook URL is not a valid URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
            throw ApiException.invalid("the webhook URL must be an absolute http(s) URL");
        }
        if (u.getRawUserInfo() != null) {
            throw ApiException.invalid("the webhook URL must not contain credentials");
        }
        try {
            guard.check(u.getHost());
        } catch (AddressGuard.BlockedAddressException e) {
            throw ApiException.invalid(e.getMessage());
        } catch (UnknownHostException e) {
            throw ApiException.invalid("the webhook host " + u.getHost() + " does not resolve");
        }
        return u;
    }

    /** The key's endpoints that were not removed, oldest first. */
    public List<Endpoint> list(String keyId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints "
                        + "WHERE key_id = :k AND status <> 'removed' ORDER BY created_at, id")
                .bind("k", keyId).map(Webhooks::endpoint).list());
    }

    public Optional<Endpoint> endpoint(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints WHERE id = :id")
                .bind("id", id).map(Webhooks::endpoint).findOne());
    }

    /** Removes an endpoint and cancels its pending deliveries; false when there was none. */
    public boolean remove(String id) {
        long now = clock.instant().toEpochMilli();
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("UPDATE webhook_endpoints SET status = 'removed', disabled_at = :now, "
                            + "disabled_reason = 'removed' WHERE id = :id AND status <> 'removed'")
                    .bind("id", id).bind("now", now).execute();
            h.createUpdate("UPDATE webhook_deliveries SET state = 'cancelled', finished_at = :now "
                            + "WHERE endpoint_id = :id AND state = 'pending'")
                    .bind("id", id).bind("now", now).execute();
            return n == 1;
        });
    }

    /** Whether the key has an endpoint that receives deliveries (its tasks are then exempt from polling). */
    public boolean hasActiveEndpoint(String keyId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM webhook_endpoints WHERE key_id = :k "
                        + "AND status = 'active'").bind("k", keyId).mapTo(Integer.class).one()) > 0;
    }

    /** The most recent deliveries to an endpoint, newest first. */
    public List<Delivery> deliveries(String endpointId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries "
                        + "WHERE endpoint_id = :e ORDER BY created_at DESC, id LIMIT :n")
                .bind("e", endpointId).bind("n", limit).map(Webhooks::delivery).list());
    }

    /**
     * Queues the outcome of {@code task} (success or error) for every active endpoint of its key. Queuing twice for
     * the same task and endpoint does nothing the second time.
     */
    public int enqueue(Task task) {
        if (task.state() != TaskState.SUCCESS && task.state() != TaskState.ERROR) {
            return 0;
        }
        return enqueue(new Outcome(task.id(), task.keyId(), task.feature(), task.state() == TaskState.SUCCESS,
                task.errorCode()));
    }

    /** What a delivery says about a finished task; all the payload needs. */
    record Outcome(String taskId, String keyId, String feature, boolean success, String errorCode) {}

    private int enqueue(Outcome outcome) {
        Instant now = clock.instant();
        String body = payload(outcome, now);
        int queued = jdbi.inTransaction(h -> {
            int n = 0;
            for (String endpointId : h.createQuery("SELECT id FROM webhook_endpoints WHERE key_id = :k "
                    + "AND status = 'active'").bind("k", outcome.keyId()).mapTo(String.class).list()) {
                n += h.createUpdate("INSERT INTO webhook_deliveries (id, endpoint_id, task_id, payload, state, attempts, "
                                + "next_attempt_at, created_at) VALUES (:id, :e, :t, :p, 'pending', 0, :now, :now) "
                                + "ON CONFLICT DO NOTHING")
                        .bind("id", "msg_" + ServerSecret.randomToken(24)).bind("e", endpointId)
                        .bind("t", outcome.taskId()).bind("p", body).bind("now", now.toEpochMilli()).execute();
            }
            return n;
        });
        if (queued > 0) {
            onEnqueue.run();
        }
        return queued;
    }

    /**
     * Queues the outcomes the task hooks missed: a node can stop after a task's terminal transition is stored and
     * before its hook queues the delivery. Looks at tasks that finished between {@code lookback} and
     * {@link #RECONCILE_GRACE} ago (the grace leaves the normal path its turn) for an endpoint of their key that was
     * active when the task finished and has no delivery of it. Safe on many nodes: queuing is idempotent per task
     * and endpoint. Returns how many deliveries it queued.
     */
    public int reconcile(Duration lookback) {
        Instant now = clock.instant();
        List<Outcome> missed = jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT t.id, t.key_id, t.feature, "
                        + "t.state, t.error_code FROM tasks t JOIN webhook_endpoints e ON e.key_id = t.key_id "
                        + "AND e.status = 'active' AND e.created_at <= t.finished_at "
                        + "WHERE t.state IN ('success', 'error') AND t.finished_at >= :from AND t.finished_at < :to "
                        + "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = e.id "
                        + "AND d.task_id = t.id) ORDER BY t.id LIMIT 100")
                .bind("from", now.minus(lookback).toEpochMilli())
                .bind("to", now.minus(RECONCILE_GRACE).toEpochMilli())
                .map((rs, ctx) -> new Outcome(rs.getString("id"), rs.getString("key_id"), rs.getString("feature"),
                        rs.getString("state").equals("success"), rs.getString("error_code")))
                .list());
        int queued = 0;
        for (Outcome o : missed) {
            queued += enqueue(o);
        }
        if (queued > 0) {
            log.info("queued {} webhook deliveries for finished tasks whose hook did not run", queued);
        }
        return queued;
    }

    /** How long after a task finishes the reconciler may queue its delivery instead of the task hook. */
    static final Duration RECONCILE_GRACE = Duration.ofSeconds(30);

    /**
     * The body (CONTRACTS A.9 plus the Standard Webhooks {@code type} and {@code timestamp}): minified, in a fixed
     * order, and stored so every attempt sends and signs the very same bytes.
     */
    static String payload(Outcome outcome, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", outcome.taskId());
        data.put("task_status", outcome.success() ? "success" : "error");
        if (!outcome.success()) {
            data.put("error", outcome.errorCode());
        }
        data.put("feature", outcome.feature());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "task.completed");
        body.put("timestamp", now.toString());
        body.put("created_at", now.getEpochSecond());
        body.put("data", data);
        return Json.write(body);
    }

    // ---- the dispatcher's steps

    /** An attempt to make: the delivery, its endpoint's URL and key. */
    record Attempt(Delivery delivery, String url, byte[] key) {}

    /** Leases the next due delivery of an active endpoint for {@code owner}, or empty when none is due. */
    Optional<Attempt> claim(String owner, Instant leaseUntil) {
        Instant now = clock.instant();
        String lock = dialect.skipLocked();
        Optional<Delivery> d = jdbi.inTransaction(h -> h.createQuery("UPDATE webhook_deliveries SET lease_owner = :o, "
                        + "lease_until = :until WHERE id = (SELECT id FROM webhook_deliveries WHERE state = 'pending' "
                        + "AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until < :now) "
                        + "ORDER BY next_attempt_at, id LIMIT 1" + lock + ") RETURNING " + DELIVERY_COLUMNS)
                .bind("o", owner).bind("until", leaseUntil.toEpochMilli()).bind("now", now.toEpochMilli())
                .map(Webhooks::delivery).findOne());
        if (d.isEmpty()) {
            return Optional.empty();
        }
        record Target(String url, String status, String sealed) {}
        Target t = jdbi.withHandle(h -> h.createQuery("SELECT url, status, secret_sealed FROM webhook_endpoints "
                        + "WHERE id = :id").bind("id", d.get().endpointId())
                .map((rs, ctx) -> new Target(rs.getString("url"), rs.getString("status"), rs.getString("secret_sealed")))
                .one());
        if (!t.status().equals("active")) {
            finish(d.get().id(), Delivery.State.CANCELLED, null, "the endpoint is " + t.status());
            return claim(owner, leaseUntil);
        }
        return Optional.of(new Attempt(d.get(), t.url(), secret.unseal(SEAL_PURPOSE, t.sealed())));
    }

    /** Records the end of a delivery (delivered, failed for good, cancelled). */
    void finish(String deliveryId, Delivery.State state, Integer status, String error) {
        long now = clock.instant().toEpochMilli();
        jdbi.useHandle(h -> h.createUpdate("UPDATE webhook_deliveries SET state = :s, attempts = attempts + :inc, "
                        + "last_status = :status, last_error = :err, finished_at = :now, lease_owner = NULL, "
                        + "lease_until = NULL WHERE id = :id AND state = 'pending'")
                .bind("s", state.name().toLowerCase(Locale.ROOT)).bind("inc", state == Delivery.State.CANCELLED ? 0 : 1)
                .bind("status", status).bind("err", error).bind("now", now).bind("id", deliveryId).execute());
    }

    /** Records a failed attempt and when to try again. */
    void retryAt(String deliveryId, Instant next, Integer status, String error) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = :next, "
                        + "last_status = :status, last_error = :err, lease_owner = NULL, lease_until = NULL "
                        + "WHERE id = :id AND state = 'pending'")
                .bind("next", next.toEpochMilli()).bind("status", status).bind("err", error).bind("id", deliveryId)
                .execute());
    }

    /** Stops deliveries to an endpoint (it answered 410 Gone): it is disabled, its pending deliveries cancelled. */
    void disable(String endpointId, String reason) {
        long now = clock.instant().toEpochMilli();
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE webhook_endpoints SET status = 'disabled', disabled_at = :now, disabled_reason = :r "
                            + "WHERE id = :id AND status = 'active'")
                    .bind("now", now).bind("r", reason).bind("id", endpointId).execute();
            h.createUpdate("UPDATE webhook_deliveries SET state = 'cancelled', finished_at = :now, lease_owner = NULL, "
                            + "lease_until = NULL WHERE endpoint_id = :id AND state = 'pending'")
                    .bind("now", now).bind("id", endpointId).execute();
        });
        log.warn("webhook endpoint {} disabled: {}", endpointId, reason);
    }

    private static Endpoint endpoint(ResultSet rs, StatementContext ctx) throws SQLException {
        long disabled = rs.getLong("disabled_at");
        Instant disabledAt = rs.wasNull() ? null : Instant.ofEpochMilli(disabled);
        return new Endpoint(rs.getString("id"), rs.getString("key_id"), rs.getString("url"),
                Endpoint.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                Instant.ofEpochMilli(rs.getLong("created_at")), disabledAt, rs.getString("disabled_reason"));
    }

    private static Delivery delivery(ResultSet rs, StatementContext ctx) throws SQLException {
        int status = rs.getInt("last_status");
        Integer lastStatus = rs.wasNull() ? null : status;
        long finished = rs.getLong("finished_at");
        Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
        return new Delivery(rs.getString("id"), rs.getString("endpoint_id"), rs.getString("task_id"),
                rs.getString("payload"), Delivery.State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                rs.getInt("attempts"), Instant.ofEpochMilli(rs.getLong("next_attempt_at")), lastStatus,
                rs.getString("last_error"), Instant.ofEpochMilli(rs.getLong("created_at")), finishedAt);
    }

    /** An endpoint that is not the key's, or does not exist, is the same answer. */
    static ApiException noSuchEndpoint(String id) {
        return new ApiException(ErrorCode.NOT_FOUND, "No webhook endpoint " + id);
    }
}
