package dev.atelier.server.store;

import dev.atelier.server.files.FileOrigin;
import dev.atelier.server.files.FileState;
import dev.atelier.server.files.FileStore;
import dev.atelier.server.files.StoredFile;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link FileStore} over SQL. */
public final class JdbiFileStore implements FileStore {
    private static final String COLUMNS = "id, key_id, origin, feature, file_name, content_type, declared_size, size, "
            + "sha256, state, width, height, created_at, expires_at";

    private final Jdbi jdbi;

    public JdbiFileStore(Database db) {
        this.jdbi = db.jdbi();
    }

    @Override
    public void insert(StoredFile f) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO files (" + COLUMNS + ") VALUES (:id, :keyId, :origin, :feature, "
                        + ":fileName, :contentType, :declaredSize, :size, :sha256, :state, :width, :height, :createdAt, "
                        + ":expiresAt)")
                .bind("id", f.id())
                .bind("keyId", f.keyId())
                .bind("origin", f.origin().name().toLowerCase(Locale.ROOT))
                .bind("feature", f.feature())
                .bind("fileName", f.fileName())
                .bind("contentType", f.contentType())
                .bind("declaredSize", f.declaredSize())
                .bind("size", f.size())
                .bind("sha256", f.sha256())
                .bind("state", f.state().name().toLowerCase(Locale.ROOT))
                .bind("width", f.width())
                .bind("height", f.height())
                .bind("createdAt", Times.millis(f.createdAt()))
                .bind("expiresAt", Times.millis(f.expiresAt()))
                .execute());
    }

    @Override
    public Optional<StoredFile> byId(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM files WHERE id = :id")
                .bind("id", id)
                .map(JdbiFileStore::map)
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
                .bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .mapTo(String.class)
                .list());
    }

    @Override
    public boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM files WHERE id = :id").bind("id", id).execute()) == 1;
    }

    private static StoredFile map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredFile(
                rs.getString("id"),
                rs.getString("key_id"),
                FileOrigin.valueOf(rs.getString("origin").toUpperCase(Locale.ROOT)),
                rs.getString("feature"),
                rs.getString("file_name"),
                rs.getString("content_type"),
                Times.nullableLong(rs, "declared_size"),
                Times.nullableLong(rs, "size"),
                rs.getString("sha256"),
                FileState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                Times.nullableInt(rs, "width"),
                Times.nullableInt(rs, "height"),
                Times.instant(rs, "created_at"),
                Times.instant(rs, "expires_at"));
    }
}
