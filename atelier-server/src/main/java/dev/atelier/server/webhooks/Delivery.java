package dev.atelier.server.webhooks;

import java.time.Instant;

/**
 * One message to one endpoint and the story of its attempts.
 *
 * @param id         the {@code webhook-id}, the same on every attempt (receivers dedupe on it)
 * @param payload    the exact body that is signed and sent
 * @param lastStatus HTTP status of the last attempt, or null when it got no response
 */
public record Delivery(String id, String endpointId, String taskId, String payload, State state, int attempts,
        Instant nextAttemptAt, Integer lastStatus, String lastError, Instant createdAt, Instant finishedAt) {

    public enum State {
        PENDING,
        DELIVERED,
        FAILED,
        CANCELLED
    }
}
