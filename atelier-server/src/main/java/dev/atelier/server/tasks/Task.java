package dev.atelier.server.tasks;

import java.time.Instant;

/**
 * A task as stored. Nullable fields are null until the lifecycle reaches them.
 *
 * @param requestId    the legacy idempotency key, null for v2 requests
 * @param inputHash    SHA-256 of the canonical request (feature, inputs, params), to tell a retry from a change
 * @param requestJson  the neutral {@link TaskRequest} as JSON
 * @param resultJson   the {@link TaskResult} as JSON once successful
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
        String requestJson,
        TaskState state,
        double progress,
        String stage,
        String errorCode,
        String errorMessage,
        String resultJson,
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
            String inputHash, String requestJson, boolean pollExempt, Instant now) {
        return new Task(id, keyId, feature, family, requestId, inputHash, requestJson, TaskState.QUEUED, 0, null,
                null, null, null, pollExempt, now, null, null, now, null, null, 0, now);
    }
}
