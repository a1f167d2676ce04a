package dev.atelier.engines.generation;

import java.time.Duration;

/** Waits; the seam that lets polling and Retry-After waits run on a fake clock in tests. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep(Duration)}. */
    static Sleeper system() {
        return Thread::sleep;
    }
}
