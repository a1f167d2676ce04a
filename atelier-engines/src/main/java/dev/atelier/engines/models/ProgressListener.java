package dev.atelier.engines.models;

/**
 * Receives the progress of a pull: called from the pulling thread, often (every 64 KiB or so), so keep it cheap.
 * {@code total} is -1 when the size is unknown.
 */
@FunctionalInterface
public interface ProgressListener {
    void progress(String stage, long done, long total);

    static ProgressListener none() {
        return (stage, done, total) -> {};
    }
}
