package dev.atelier.engines;

/**
 * Where long work reports how far it is. Engines call it from their own thread; implementations must be cheap and
 * thread-safe. Fractions are in [0, 1] and never go backwards within one stage sequence.
 */
@FunctionalInterface
public interface Progress {
    void report(double fraction, String stage);

    static Progress none() {
        return (f, s) -> {};
    }

    /** A view that maps [0, 1] of a sub-step onto [from, to] of this progress. */
    default Progress slice(double from, double to) {
        Progress outer = this;
        return (f, s) -> outer.report(from + (to - from) * Math.clamp(f, 0.0, 1.0), s);
    }
}
