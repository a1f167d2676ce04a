package dev.atelier.client;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An input image of a task: a local file or bytes (uploaded through the File API first), a file id already on the
 * server (an upload or an earlier result's {@code dst_id}), or a URL the server fetches (v2 family only).
 */
public sealed interface Input {

    /** A local file, uploaded before the task runs; its content type is read from its first bytes. */
    record FileInput(Path path) implements Input {
        /** Checks the path is not null. */
        public FileInput {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Bytes in memory, uploaded before the task runs. */
    record BytesInput(byte[] bytes, String contentType, String fileName) implements Input {
        /** Checks the fields are present. */
        public BytesInput {
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(fileName, "fileName");
        }
    }

    /** A file the server already has: an uploaded file id or a result's {@code dst_id}. */
    record FileIdInput(String fileId) implements Input {
        /** Checks the id is not blank. */
        public FileIdInput {
            if (fileId == null || fileId.isBlank()) {
                throw new IllegalArgumentException("fileId must not be blank");
            }
        }
    }

    /** A public http(s) URL the server downloads (v2 family). */
    record UrlInput(URI url) implements Input {
        /** Checks the URL is absolute http(s). */
        public UrlInput {
            String scheme = url.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                throw new IllegalArgumentException("input URLs must be absolute http(s) URLs, got " + url);
            }
        }
    }

    /**
     * A local file.
     *
     * @throws IllegalArgumentException when it is not a readable regular file
     */
    static Input of(Path path) {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("not a readable file: " + path);
        }
        return new FileInput(path);
    }

    /** Image bytes; the content type is read from the first bytes (JPEG, PNG, WebP, GIF, BMP, TIFF, HEIC, AVIF). */
    static Input of(byte[] bytes) {
        String type = ContentTypes.sniff(bytes);
        return new BytesInput(bytes, type, "upload." + ContentTypes.extension(type));
    }

    /** Image bytes with an explicit content type and file name. */
    static Input of(byte[] bytes, String contentType, String fileName) {
        return new BytesInput(bytes, contentType, fileName);
    }

    /** A file id on the server (an upload's {@code file_id} or a result's {@code dst_id}). */
    static Input fileId(String fileId) {
        return new FileIdInput(fileId);
    }

    /** A URL the server downloads itself (v2 family only). */
    static Input url(String url) {
        return new UrlInput(URI.create(url));
    }
}
