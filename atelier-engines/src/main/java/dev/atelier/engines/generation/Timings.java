package dev.atelier.engines.generation;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a generation took.
 *
 * @param total wall time from the first upstream byte sent to the last image byte in hand, polling included
 * @param inference the upstream's own figure for model run time when it reports one, else {@code null}
 */
public record Timings(Duration total, Duration inference) {
    public Timings {
        Objects.requireNonNull(total, "total");
    }
}
