package dev.atelier.server.files;

/** Whether a file's bytes are there. */
public enum FileState {
    /** Created by the File API; the client has not uploaded the bytes yet. */
    PENDING,
    READY
}
