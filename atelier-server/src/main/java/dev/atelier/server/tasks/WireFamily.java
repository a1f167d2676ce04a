package dev.atelier.server.tasks;

/** Which API a task came through; statuses are rendered in the same family. */
public enum WireFamily {
    /** {@code /s2s/v1.0}: request_id, payload, result envelope (and legacy-shaped bodies on v2 paths). */
    LEGACY,
    /** {@code /s2s/v2.x}: flat fields, data envelope. */
    V2,
    /** {@code /v1/images}: synchronous; the adapter waits on the task. */
    OPENAI;

    public String dbName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static WireFamily fromDb(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
