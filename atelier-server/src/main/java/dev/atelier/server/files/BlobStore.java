package dev.atelier.server.files;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where file bytes live: a local directory on one machine, S3-compatible storage when scaled out. Keys are file
 * ids. Writes are atomic: a reader sees the whole blob or none.
 */
public interface BlobStore extends AutoCloseable {
    /** What a write stored. */
    record Written(long size, String sha256) {}

    /**
     * Stores {@code in} under {@code key}, reading at most {@code maxBytes}; more bytes fail with
     * {@link BlobTooLargeException} and store nothing.
     */
    Written put(String key, InputStream in, long maxBytes) throws IOException;

    /** The blob's bytes; {@link java.nio.file.NoSuchFileException} when absent. */
    InputStream open(String key) throws IOException;

    boolean delete(String key) throws IOException;

    boolean exists(String key);

    /** Releases connections (S3); a local directory holds none. */
    @Override
    default void close() {}

    /** The body was larger than allowed. */
    final class BlobTooLargeException extends IOException {
        public BlobTooLargeException(long maxBytes) {
            super("more than " + maxBytes + " bytes");
        }
    }
}
