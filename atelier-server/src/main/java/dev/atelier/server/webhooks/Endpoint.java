package dev.atelier.server.webhooks;

import java.time.Instant;

/**
 * A URL that receives a key's task outcomes.
 *
 * @param disabledReason why it stopped receiving (410 Gone, removed), or null while active
 */
public record Endpoint(String id, String keyId, String url, Status status, Instant createdAt, Instant disabledAt,
        String disabledReason) {

    public enum Status {
        ACTIVE,
        DISABLED,
        REMOVED
    }
}
