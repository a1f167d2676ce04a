package dev.atelier.server.webhooks;

import dev.atelier.server.config.SettingsException;
import dev.atelier.server.config.SettingsSource;
import java.time.Duration;

/**
 * Settings of webhook delivery (the admin API that manages endpoints has its own: {@code admin.AdminSettings}).
 *
 * @param timeout       time budget of one delivery attempt (connect + response)
 * @param retryScale    multiplies the retry schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h);
 *                      {@code 0.001} makes it run in seconds for trials
 * @param maxEndpoints  endpoints per key (the contract allows 10)
 * @param concurrency   deliveries in flight at once on this node
 */
public record WebhookSettings(Duration timeout, double retryScale, int maxEndpoints,
        int concurrency) {

    public static WebhookSettings from(SettingsSource s) {
        String scale = s.string("ATELIER_WEBHOOK_RETRY_SCALE", "1");
        double retryScale;
        try {
            retryScale = Double.parseDouble(scale);
        } catch (NumberFormatException e) {
            throw new SettingsException("ATELIER_WEBHOOK_RETRY_SCALE must be a number like 1 or 0.01, got '" + scale + "'");
        }
        if (!(retryScale > 0) || Double.isInfinite(retryScale)) {
            throw new SettingsException("ATELIER_WEBHOOK_RETRY_SCALE must be greater than 0");
        }
        WebhookSettings w = new WebhookSettings(
                s.duration("ATELIER_WEBHOOK_TIMEOUT", Duration.ofSeconds(15)),
                retryScale,
                s.integer("ATELIER_WEBHOOK_MAX_ENDPOINTS", 10),
                s.integer("ATELIER_WEBHOOK_CONCURRENCY", 4));
        if (w.maxEndpoints < 1 || w.concurrency < 1) {
            throw new SettingsException("ATELIER_WEBHOOK_MAX_ENDPOINTS and ATELIER_WEBHOOK_CONCURRENCY must be at least 1");
        }
        return w;
    }
}
