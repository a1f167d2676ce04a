package dev.atelier.server.store;

import dev.atelier.server.webhooks.Delivery;
import dev.atelier.server.webhooks.Endpoint;
import dev.atelier.server.webhooks.WebhookStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link WebhookStore} over SQL (tables {@code webhook_endpoints} and {@code webhook_deliveries}). */
public final class JdbiWebhookStore implements WebhookStore {
    private static final String ENDPOINT_COLUMNS = "id, key_id, url, status, created_at, disabled_at, disabled_reason";
    private static final String DELIVERY_COLUMNS = "id, endpoint_id, task_id, payload, state, attempts, "
            + "next_attempt_at, last_status, last_error, created_at, finished_at";

    private final Jdbi jdbi;
    private final Dialect dialect;

    public JdbiWebhookStore(Database db) {
        this.jdbi = db.jdbi();
        this.dialect = db.dialect();
    }

    @Override
    public int countLive(String keyId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM webhook_endpoints WHERE key_id = :k "
                + "AND status <> 'removed'").bind("k", keyId).mapTo(Integer.class).one());
    }

    @Override
    public void insert(Endpoint e, String sealedSecret) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO webhook_endpoints (id, key_id, url, secret_sealed, status, "
                        + "created_at) VALUES (:id, :k, :url, :secret, :status, :at)")
                .bind("id", e.id()).bind("k", e.keyId()).bind("url", e.url()).bind("secret", sealedSecret)
                .bind("status", e.status().name().toLowerCase(Locale.ROOT)).bind("at", e.createdAt().toEpochMilli())
                .execute());
    }

    @Override
    public List<Endpoint> list(String keyId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints "
                        + "WHERE key_id = :k AND status <> 'removed' ORDER BY created_at, id")
                .bind("k", keyId).map(JdbiWebhookStore::endpoint).list());
    }

    @Override
    public Optional<Endpoint> endpoint(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints WHERE id = :id")
                .bind("id", id).map(JdbiWebhookStore::endpoint).findOne());
    }

    @Override
    public boolean remove(String id, Instant now) {
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("UPDATE webhook_endpoints SET status = 'removed', disabled_at = :now, "
                            + "disabled_reason = 'removed' WHERE id = :id AND status <> 'removed'")
                    .bind("id", id).bind("now", now.toEpochMilli()).execute();
            h.createUpdate("UPDATE webhook_deliveries SET state = 'cancelled', finished_at = :now "
                            + "WHERE endpoint_id = :id AND state = 'pending'")
                    .bind("id", id).bind("now", now.toEpochMilli()).execute();
            return n == 1;
        });
    }

    @Override
    public boolean hasActiveEndpoint(String keyId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM webhook_endpoints WHERE key_id = :k "
                + "AND status = 'active'").bind("k", keyId).mapTo(Integer.class).one()) > 0;
    }

    @Override
    public List<Delivery> deliveries(String endpointId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries "
                        + "WHERE endpoint_id = :e ORDER BY created_at DESC, id LIMIT :n")
                .bind("e", endpointId).bind("n", limit).map(JdbiWebhookStore::delivery).list());
    }

    @Override
    public int enqueue(String keyId, String taskId, String payload, Instant now, Supplier<String> ids) {
        return jdbi.inTransaction(h -> {
            int n = 0;
            for (String endpointId : h.createQuery("SELECT id FROM webhook_endpoints WHERE key_id = :k "
                    + "AND status = 'active'").bind("k", keyId).mapTo(String.class).list()) {
                n += h.createUpdate("INSERT INTO webhook_deliveries (id, endpoint_id, task_id, payload, state, attempts, "
                                + "next_attempt_at, created_at) VALUES (:id, :e, :t, :p, 'pending', 0, :now, :now) "
                                + "ON CONFLICT DO NOTHING")
                        .bind("id", ids.get()).bind("e", endpointId).bind("t", taskId).bind("p", payload)
                        .bind("now", now.toEpochMilli()).execute();
            }
            return n;
        });
    }

    @Override
    public List<Outcome> missed(Instant from, Instant to, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT t.id, t.key_id, t.feature, "
                        + "t.state, t.error_code FROM tasks t JOIN webhook_endpoints e ON e.key_id = t.key_id "
                        + "AND e.status = 'active' AND e.created_at <= t.finished_at "
                        + "WHERE t.state IN ('success', 'error') AND t.finished_at >= :from AND t.finished_at < :to "
                        + "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = e.id "
                        + "AND d.task_id = t.id) ORDER BY t.id LIMIT :limit")
                .bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli()).bind("limit", limit)
                .map((rs, ctx) -> new Outcome(rs.getString("id"), rs.getString("key_id"), rs.getString("feature"),
                        rs.getString("state").equals("success"), rs.getString("error_code")))
                .list());
    }

    @Override
    public Optional<Claimed> claim(String owner, Instant leaseUntil, Instant now) {
        Optional<Delivery> d = jdbi.inTransaction(h -> h.createQuery("UPDATE webhook_deliveries SET lease_owner = :o, "
                        + "lease_until = :until WHERE id = (SELECT id FROM webhook_deliveries WHERE state = 'pending' "
                        + "AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until < :now) "
                        + "ORDER BY next_attempt_at, id LIMIT 1" + dialect.skipLocked() + ") RETURNING "
                        + DELIVERY_COLUMNS)
                .bind("o", owner).bind("until", leaseUntil.toEpochMilli()).bind("now", now.toEpochMilli())
                .map(JdbiWebhookStore::delivery).findOne());
        return d.map(delivery -> jdbi.withHandle(h -> h.createQuery("SELECT url, status, secret_sealed "
                        + "FROM webhook_endpoints WHERE id = :id").bind("id", delivery.endpointId())
                .map((rs, ctx) -> new Claimed(delivery, rs.getString("url"), endpointStatus(rs),
                        rs.getString("secret_sealed")))
                .one()));
    }

    @Override
    public void finish(String deliveryId, Delivery.State state, Integer status, String error, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE webhook_deliveries SET state = :s, attempts = attempts + :inc, "
                        + "last_status = :status, last_error = :err, finished_at = :now, lease_owner = NULL, "
                        + "lease_until = NULL WHERE id = :id AND state = 'pending'")
                .bind("s", state.name().toLowerCase(Locale.ROOT)).bind("inc", state == Delivery.State.CANCELLED ? 0 : 1)
                .bind("status", status).bind("err", error).bind("now", now.toEpochMilli()).bind("id", deliveryId)
                .execute());
    }

    @Override
    public void retryAt(String deliveryId, Instant next, Integer status, String error) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE webhook_deliveries SET attempts = attempts + 1, "
                        + "next_attempt_at = :next, last_status = :status, last_error = :err, lease_owner = NULL, "
                        + "lease_until = NULL WHERE id = :id AND state = 'pending'")
                .bind("next", next.toEpochMilli()).bind("status", status).bind("err", error).bind("id", deliveryId)
                .execute());
    }

    @Override
    public void disable(String endpointId, String reason, Instant now) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE webhook_endpoints SET status = 'disabled', disabled_at = :now, disabled_reason = :r "
                            + "WHERE id = :id AND status = 'active'")
                    .bind("now", now.toEpochMilli()).bind("r", reason).bind("id", endpointId).execute();
            h.createUpdate("UPDATE webhook_deliveries SET state = 'cancelled', finished_at = :now, lease_owner = NULL, "
                            + "lease_until = NULL WHERE endpoint_id = :id AND state = 'pending'")
                    .bind("now", now.toEpochMilli()).bind("id", endpointId).execute();
        });
    }

    private static Endpoint.Status endpointStatus(ResultSet rs) throws SQLException {
        return Endpoint.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT));
    }

    private static Endpoint endpoint(ResultSet rs, StatementContext ctx) throws SQLException {
        long disabled = rs.getLong("disabled_at");
        Instant disabledAt = rs.wasNull() ? null : Instant.ofEpochMilli(disabled);
        return new Endpoint(rs.getString("id"), rs.getString("key_id"), rs.getString("url"), endpointStatus(rs),
                Instant.ofEpochMilli(rs.getLong("created_at")), disabledAt, rs.getString("disabled_reason"));
    }

    private static Delivery delivery(ResultSet rs, StatementContext ctx) throws SQLException {
        int status = rs.getInt("last_status");
        Integer lastStatus = rs.wasNull() ? null : status;
        long finished = rs.getLong("finished_at");
        Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
        return new Delivery(rs.getString("id"), rs.getString("endpoint_id"), rs.getString("task_id"),
                rs.getString("payload"), Delivery.State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                rs.getInt("attempts"), Instant.ofEpochMilli(rs.getLong("next_attempt_at")), lastStatus,
                rs.getString("last_error"), Instant.ofEpochMilli(rs.getLong("created_at")), finishedAt);
    }
}
