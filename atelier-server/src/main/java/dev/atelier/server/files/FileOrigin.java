package dev.atelier.server.files;

/** Where a file came from. */
public enum FileOrigin {
    /** Uploaded by a client through a signed upload URL. */
    UPLOAD,
    /** Written by a task; its id is the {@code dst_id} clients chain into later tasks. */
    RESULT
}
