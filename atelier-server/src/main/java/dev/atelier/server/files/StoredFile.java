package dev.atelier.server.files;

import java.time.Instant;

/**
 * A file record: an upload slot (pending until its bytes arrive) or a task result. The bytes live in the
 * {@link BlobStore} under the file id.
 *
 * @param declaredSize size the client announced (v2 File API), null when not announced
 * @param size         actual size once ready, else null
 * @param width        pixel width once known, else null
 */
public record StoredFile(
        String id,
        String keyId,
        FileOrigin origin,
        String feature,
        String fileName,
        String contentType,
        Long declaredSize,
        Long size,
        String sha256,
        FileState state,
        Integer width,
        Integer height,
        Instant createdAt,
        Instant expiresAt) {

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public StoredFile ready(long actualSize, String digest, Integer w, Integer h) {
        return new StoredFile(id, keyId, origin, feature, fileName, contentType, declaredSize, actualSize, digest,
                FileState.READY, w, h, createdAt, expiresAt);
    }
}
