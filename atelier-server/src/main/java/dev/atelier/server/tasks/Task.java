package dev.atelier.server.tasks;

import java.time.Instant;

/**
 * A task as stored. Nullable fields are null until the lifecycle reaches them.
 *
 * @param requestId    the legacy idempotency key, null for v2 requests
 * @param inputHash    SHA-256 of the canonical request (feature, inputs, params), to tell a retry from a change
 * @param request      the neutral request every adapter produced (stored as JSON)
 * @param result       what it produced once successful, else null (stored as JSON)
 * @param pollExempt   true when nobody is expected to poll (synchronous callers, keys with webhooks)
 * @param leaseOwner   the worker running it, while running
 */
public record Task(
        String id,
        String keyId,
        String feature,
        WireFamily family,
        Long requestId,
        String inputHash,
        TaskRequest request,
        TaskState state,
        double progress,
        String stage,
        String errorCode,
        String errorMessage,
        TaskResult result,
        boolean pollExempt,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant lastPolledAt,
        String leaseOwner,
        Instant leaseUntil,
        int attempts,
        Instant updatedAt) {

    /** A new queued task. */
    public static Task queued(String id, String keyId, String feature, WireFamily family, Long requestId,
            String inputHash, TaskRequest request, boolean pollExempt, Instant now) {
        return new Task(id, keyId, feature, family, requestId, inputHash, request, TaskState.QUEUED, 0, null,
                null, null, null, pollExempt, now, null, null, now, null, null, 0, now);
    }
}
