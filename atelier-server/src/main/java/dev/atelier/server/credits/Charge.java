package dev.atelier.server.credits;

import java.time.Instant;

/**
 * The units a task holds from submit until it settles (success) or is released (anything else).
 *
 * @param amount   hundredths
 * @param metered  false for an unlimited key: nothing is held, the cost is only recorded
 * @param sourceIp the address the task was submitted from, or null
 */
public record Charge(String taskId, String keyId, String feature, long amount, boolean metered, State state,
        String sourceIp, Instant createdAt, Instant closedAt) {

    public enum State {
        RESERVED,
        SETTLED,
        RELEASED
    }
}
