package dev.atelier.server.store;

import dev.atelier.server.credits.UsageRecord;
import dev.atelier.server.credits.UsageStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link UsageStore} over SQL (table {@code usage_records}). */
public final class JdbiUsageStore implements UsageStore {
    private static final String COLUMNS = "id, task_id, key_id, feature, engine, model, provider, units, cost_micros, "
            + "queue_ms, run_ms, width, height, outputs, source_ip, created_at, settled_at, status, error_code";

    private final Jdbi jdbi;

    public JdbiUsageStore(Database db) {
        this.jdbi = db.jdbi();
    }

    @Override
    public void record(UsageRecord r) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO usage_records (" + COLUMNS + ") VALUES (:id, :taskId, :keyId, "
                        + ":feature, :engine, :model, :provider, :units, :costMicros, :queueMs, :runMs, :width, :height, "
                        + ":outputs, :sourceIp, :createdAt, :settledAt, :status, :errorCode) ON CONFLICT DO NOTHING")
                .bind("id", r.id()).bind("taskId", r.taskId()).bind("keyId", r.keyId()).bind("feature", r.feature())
                .bind("engine", r.engine()).bind("model", r.model()).bind("provider", r.provider())
                .bind("units", r.units()).bind("costMicros", r.costMicros()).bind("queueMs", r.queueMs())
                .bind("runMs", r.runMs()).bind("width", r.width()).bind("height", r.height())
                .bind("outputs", r.outputs()).bind("sourceIp", r.sourceIp())
                .bind("createdAt", r.createdAt().toEpochMilli()).bind("settledAt", r.settledAt().toEpochMilli())
                .bind("status", r.status()).bind("errorCode", r.errorCode())
                .execute());
    }

    @Override
    public List<UsageRecord> list(String keyId, Instant from, Instant to, long afterId, int limit) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT " + COLUMNS + " FROM usage_records WHERE settled_at >= :from "
                            + "AND settled_at < :to AND id > :after" + (keyId == null ? "" : " AND key_id = :k")
                            + " ORDER BY id LIMIT :limit")
                    .bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli()).bind("after", afterId)
                    .bind("limit", limit);
            if (keyId != null) {
                q.bind("k", keyId);
            }
            return q.map(JdbiUsageStore::map).list();
        });
    }

    @Override
    public List<Total> totals(String keyId, Instant from, Instant to) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT feature, COUNT(*) AS n, COALESCE(SUM(units), 0) AS units, "
                            + "COALESCE(SUM(cost_micros), 0) AS cost FROM usage_records WHERE settled_at >= :from "
                            + "AND settled_at < :to" + (keyId == null ? "" : " AND key_id = :k")
                            + " GROUP BY feature ORDER BY feature")
                    .bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli());
            if (keyId != null) {
                q.bind("k", keyId);
            }
            return q.map((rs, ctx) -> new Total(rs.getString("feature"), rs.getLong("n"), rs.getLong("units"),
                    rs.getLong("cost"))).list();
        });
    }

    private static UsageRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new UsageRecord(rs.getLong("id"), rs.getString("task_id"), rs.getString("key_id"),
                rs.getString("feature"), rs.getString("engine"), rs.getString("model"), rs.getString("provider"),
                rs.getLong("units"), nullableLong(rs, "cost_micros"), nullableLong(rs, "queue_ms"),
                nullableLong(rs, "run_ms"), nullableInt(rs, "width"), nullableInt(rs, "height"), rs.getInt("outputs"),
                rs.getString("source_ip"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("settled_at")), rs.getString("status"), rs.getString("error_code"));
    }

    private static Long nullableLong(ResultSet rs, String c) throws SQLException {
        long v = rs.getLong(c);
        return rs.wasNull() ? null : v;
    }

    private static Integer nullableInt(ResultSet rs, String c) throws SQLException {
        int v = rs.getInt(c);
        return rs.wasNull() ? null : v;
    }
}
