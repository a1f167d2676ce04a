package dev.atelier.server.files;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of {@link StoredFile} records. */
public interface FileStore {
    void insert(StoredFile file);

    Optional<StoredFile> byId(String id);

    /** Marks a pending file ready with what was received; false when it was not pending. */
    boolean markReady(String id, long size, String sha256, Integer width, Integer height);

    /** Ids of files that expired before {@code now}, oldest first. */
    List<String> expiredBefore(Instant now, int limit);

    boolean delete(String id);
}
