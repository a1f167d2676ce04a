package dev.atelier.server.retention;

import dev.atelier.server.config.SettingsSource;
import java.time.Duration;

/**
 * Settings of the retention sweeper. What is kept how long is in the main settings ({@code ATELIER_UPLOAD_RETENTION},
 * {@code ATELIER_RESULT_RETENTION}, {@code ATELIER_TASK_RETENTION}); this is how often the sweeper looks.
 *
 * @param interval time between sweeps on each node
 * @param batch    records deleted per statement, so one sweep never holds the database for long
 */
public record RetentionSettings(Duration interval, int batch) {
    public static RetentionSettings from(SettingsSource s) {
        return new RetentionSettings(s.duration("ATELIER_RETENTION_SWEEP_INTERVAL", Duration.ofMinutes(1)),
                Math.max(1, s.integer("ATELIER_RETENTION_BATCH", 500)));
    }
}
