package dev.atelier.client.webhooks;

import java.time.Instant;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A delivery whose signature checked out.
 *
 * @param id        {@code webhook-id}: the same on every retry of one event, so use it to drop duplicates
 * @param timestamp {@code webhook-timestamp} of this attempt
 * @param body      the raw body exactly as signed
 */
public record WebhookMessage(String id, Instant timestamp, String body) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The body parsed as a JSON object (e.g. {@code {"created_at":…,"data":{"task_id":…,"task_status":…}}}).
     *
     * @throws IllegalStateException when the body is not a JSON object
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> payload() {
        try {
            return JSON.readValue(body, Map.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("the webhook body is not a JSON object: " + e.getOriginalMessage(), e);
        }
    }
}
