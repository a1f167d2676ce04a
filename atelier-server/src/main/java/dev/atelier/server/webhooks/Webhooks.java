package dev.atelier.server.webhooks;

import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.files.AddressGuard;
import dev.atelier.server.json.Json;
import dev.atelier.server.security.ServerSecret;
import dev.atelier.server.tasks.Task;
import dev.atelier.server.webhooks.WebhookStore.Outcome;
import dev.atelier.server.tasks.TaskState;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook endpoints of keys and their deliveries: add (checked, secret returned once), list, remove, queue a task's
 * outcome for every active endpoint of its key, and the claim/record steps the {@link WebhookDispatcher} uses. The
 * rows are kept by a {@link WebhookStore}.
 */
public final class Webhooks {
    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    private static final String SEAL_PURPOSE = "webhook-secret";

    private final WebhookStore store;
    private final ServerSecret secret;
    private final InstantSource clock;
    private final AddressGuard guard;
    private final int maxEndpoints;
    private volatile Runnable onEnqueue = () -> {};

    public Webhooks(WebhookStore store, ServerSecret secret, InstantSource clock, AddressGuard guard,
            int maxEndpoints) {
        this.store = store;
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
        if (store.countLive(keyId) >= maxEndpoints) {
            throw Refusal.invalid("a key has at most " + maxEndpoints + " webhook endpoints; remove one first");
        }
        byte[] key = Signature.newKey();
        Endpoint e = new Endpoint("wh_" + ServerSecret.randomToken(16), keyId, target.toString(), Endpoint.Status.ACTIVE,
                clock.instant(), null, null);
        store.insert(e, secret.seal(SEAL_PURPOSE, key));
        log.info("webhook endpoint {} added for key {}: {}", e.id(), keyId, e.url());
        return new CreatedEndpoint(e, Signature.display(key));
    }

    URI checkTarget(String url) {
        URI u;
        try {
            u = new URI(url == null ? "" : url.trim());
        } catch (URISyntaxException e) {
            throw Refusal.invalid("the webhook URL is not a valid URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
            throw Refusal.invalid("the webhook URL must be an absolute http(s) URL");
        }
        if (u.getRawUserInfo() != null) {
            throw Refusal.invalid("the webhook URL must not contain credentials");
        }
        try {
            guard.check(u.getHost());
        } catch (AddressGuard.BlockedAddressException e) {
            throw Refusal.invalid(e.getMessage());
        } catch (UnknownHostException e) {
            throw Refusal.invalid("the webhook host " + u.getHost() + " does not resolve");
        }
        return u;
    }

    /** The key's endpoints that were not removed, oldest first. */
    public List<Endpoint> list(String keyId) {
        return store.list(keyId);
    }

    public Optional<Endpoint> endpoint(String id) {
        return store.endpoint(id);
    }

    /** Removes an endpoint and cancels its pending deliveries; false when there was none. */
    public boolean remove(String id) {
        return store.remove(id, clock.instant());
    }

    /** Whether the key has an endpoint that receives deliveries (its tasks are then exempt from polling). */
    public boolean hasActiveEndpoint(String keyId) {
        return store.hasActiveEndpoint(keyId);
    }

    /** The most recent deliveries to an endpoint, newest first. */
    public List<Delivery> deliveries(String endpointId, int limit) {
        return store.deliveries(endpointId, limit);
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

    private int enqueue(Outcome outcome) {
        Instant now = clock.instant();
        String body = payload(outcome, now);
        int queued = store.enqueue(outcome.keyId(), outcome.taskId(), body, now,
                () -> "msg_" + ServerSecret.randomToken(24));
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
        List<Outcome> missed = store.missed(now.minus(lookback), now.minus(RECONCILE_GRACE), 100);
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
        Optional<WebhookStore.Claimed> c = store.claim(owner, leaseUntil, clock.instant());
        if (c.isEmpty()) {
            return Optional.empty();
        }
        Delivery d = c.get().delivery();
        if (c.get().endpointStatus() != Endpoint.Status.ACTIVE) {
            finish(d.id(), Delivery.State.CANCELLED, null, "the endpoint is "
                    + c.get().endpointStatus().name().toLowerCase(Locale.ROOT));
            return claim(owner, leaseUntil);
        }
        return Optional.of(new Attempt(d, c.get().url(), secret.unseal(SEAL_PURPOSE, c.get().sealedSecret())));
    }

    /** Records the end of a delivery (delivered, failed for good, cancelled). */
    void finish(String deliveryId, Delivery.State state, Integer status, String error) {
        store.finish(deliveryId, state, status, error, clock.instant());
    }

    /** Records a failed attempt and when to try again. */
    void retryAt(String deliveryId, Instant next, Integer status, String error) {
        store.retryAt(deliveryId, next, status, error);
    }

    /** Stops deliveries to an endpoint (it answered 410 Gone): it is disabled, its pending deliveries cancelled. */
    void disable(String endpointId, String reason) {
        store.disable(endpointId, reason, clock.instant());
        log.warn("webhook endpoint {} disabled: {}", endpointId, reason);
    }

    /** An endpoint that is not the key's, or does not exist, is the same answer. */
    public static Refusal noSuchEndpoint(String id) {
        return new Refusal(RefusalCode.NOT_FOUND, "No webhook endpoint " + id);
    }
}
