package dev.atelier.server.ratelimit;

import io.github.bucket4j.TimeMeter;
import java.time.Instant;
import java.time.InstantSource;

/** Bucket4j's time taken from the server's injected clock, so windows are testable (local and Redis buckets). */
final class ClockTime implements TimeMeter {
    private final InstantSource clock;

    ClockTime(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
