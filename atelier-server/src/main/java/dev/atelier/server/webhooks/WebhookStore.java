package dev.atelier.server.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where endpoints and deliveries are kept ({@code store.JdbiWebhookStore}): rows only. What a URL may be, how a secret
 * is sealed and what a payload says stay in {@link Webhooks}.
 */
public interface WebhookStore {
    /** How many endpoints of the key were not removed. */
    int countLive(String keyId);

    /** Stores a new active endpoint with its sealed signing secret. */
    void insert(Endpoint endpoint, String sealedSecret);

    /** The key's endpoints that were not removed, oldest first. */
    List<Endpoint> list(String keyId);

    Optional<Endpoint> endpoint(String id);

    /** Marks an endpoint removed and cancels its pending deliveries; false when it was already gone. */
    boolean remove(String id, Instant now);

    /** Whether the key has an endpoint that receives deliveries. */
    boolean hasActiveEndpoint(String keyId);

    /** The most recent deliveries to an endpoint, newest first. */
    List<Delivery> deliveries(String endpointId, int limit);

    /**
     * Queues {@code payload} about {@code taskId} for every active endpoint of {@code keyId}, each under an id from
     * {@code ids}; a task already queued for an endpoint is skipped. Returns how many were queued.
     */
    int enqueue(String keyId, String taskId, String payload, Instant now, Supplier<String> ids);

    /**
     * Finished tasks (success or error) in {@code [from, to)} with an endpoint of their key that was active when the
     * task finished and has no delivery of it: what the task hooks missed. At most {@code limit}, by task id.
     */
    List<Outcome> missed(Instant from, Instant to, int limit);

    /**
     * Leases the next due pending delivery for {@code owner} until {@code leaseUntil} (concurrent claimers never get
     * the same one), with its endpoint; empty when none is due.
     */
    Optional<Claimed> claim(String owner, Instant leaseUntil, Instant now);

    /** Ends a pending delivery in {@code state}, counting the attempt unless it is a cancellation. */
    void finish(String deliveryId, Delivery.State state, Integer status, String error, Instant now);

    /** Counts a failed attempt of a pending delivery and releases it until {@code next}. */
    void retryAt(String deliveryId, Instant next, Integer status, String error);

    /** Disables an active endpoint and cancels its pending deliveries. */
    void disable(String endpointId, String reason, Instant now);

    /** What a delivery says about a finished task; all the payload needs. */
    record Outcome(String taskId, String keyId, String feature, boolean success, String errorCode) {}

    /** A leased delivery and its endpoint as stored (the endpoint may have been disabled since it was queued). */
    record Claimed(Delivery delivery, String url, Endpoint.Status endpointStatus, String sealedSecret) {}
}
