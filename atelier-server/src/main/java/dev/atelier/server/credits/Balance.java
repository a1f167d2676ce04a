package dev.atelier.server.credits;

/**
 * What a key can spend now.
 *
 * @param available hundredths in unexpired grants, not held by tasks
 * @param reserved  hundredths held by queued or running tasks
 * @param metered   false when the key runs unlimited (never granted units, enforcement off)
 */
public record Balance(long available, long reserved, boolean metered) {}
