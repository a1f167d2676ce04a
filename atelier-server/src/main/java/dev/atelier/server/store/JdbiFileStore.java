package dev.atelier.server.store;

import dev.atelier.server.files.FileStore;
import dev.atelier.server.files.StoredFile;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** {@link FileStore} over SQL. */
public final class JdbiFileStore implements FileStore {
    private static final String COLUMNS = "id, key_id, origin, feature, file_name, content_type, declared_size, size, "
            + "sha256, state, width, height, created_at, expires_at";

    private static final RowMapper<StoredFile> FILE = ConstructorMapper.of(StoredFile.class);

    private final Jdbi jdbi;

    public JdbiFileStore(Database db) {
        this.jdbi = db.jdbi();
    }

    @Override
    public void insert(StoredFile f) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO files (" + COLUMNS + ") VALUES ("
                        + SqlValues.parameters(COLUMNS) + ")")
                .bindMethods(f)
                .execute());
    }

    @Override
    public Optional<StoredFile> byId(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM files WHERE id = :id")
                .bind("id", id)
                .map(FILE)
                .findOne());
    }

    @Override
    public boolean markReady(String id, long size, String sha256, Integer width, Integer height) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE files SET state = 'ready', size = :size, sha256 = :sha, "
                        + "width = :w, height = :h WHERE id = :id AND state = 'pending'")
                .bind("size", size)
                .bind("sha", sha256)
                .bind("w", width)
                .bind("h", height)
                .bind("id", id)
                .execute()) == 1;
    }

    @Override
    public List<String> expiredBefore(Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id FROM files WHERE expires_at <= :now ORDER BY expires_at, id LIMIT :limit")
                .bind("now", now)
                .bind("limit", limit)
                .mapTo(String.class)
                .list());
    }

    @Override
    public boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM files WHERE id = :id").bind("id", id).execute()) == 1;
    }
}
