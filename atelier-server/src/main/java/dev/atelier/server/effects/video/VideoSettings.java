package dev.atelier.server.effects.video;

import dev.atelier.server.config.SettingsSource;
import java.time.Duration;

/**
 * Video limits (CONTRACTS: AI Video Enhance).
 *
 * @param maxDuration the longest input accepted ({@code ATELIER_VIDEO_MAX_DURATION}, default 60 s); longer is
 *                    {@code error_unexpected_video_duration}
 * @param maxBytes    the largest input file ({@code ATELIER_VIDEO_MAX_BYTES}, default 100 MB)
 */
public record VideoSettings(Duration maxDuration, long maxBytes) {
    public static VideoSettings from(SettingsSource s) {
        return new VideoSettings(s.duration("ATELIER_VIDEO_MAX_DURATION", Duration.ofSeconds(60)),
                s.bytes("ATELIER_VIDEO_MAX_BYTES", 100L << 20));
    }
}
