package dev.atelier.engines.routing;

/** A provider's circuit breaker state. */
public enum CircuitState {
    /** Calls flow. */
    CLOSED,
    /** Too many consecutive failures: calls are skipped until the cool-down ends. */
    OPEN,
    /** The cool-down ended: one trial call decides between closed and open. */
    HALF_OPEN
}
