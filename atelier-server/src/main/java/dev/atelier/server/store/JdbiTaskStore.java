package dev.atelier.server.store;

import dev.atelier.server.tasks.Task;
import dev.atelier.server.tasks.TaskState;
import dev.atelier.server.tasks.TaskStore;
import dev.atelier.server.tasks.TaskTransition;
import dev.atelier.server.tasks.WireFamily;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link TaskStore} over SQL; the queue is the tasks table itself, claimed with compare-and-set updates. */
public final class JdbiTaskStore implements TaskStore {
    private static final String COLUMNS = "id, key_id, feature, family, request_id, input_hash, request_json, state, "
            + "progress, stage, error_code, error_message, result_json, poll_exempt, created_at, started_at, "
            + "finished_at, last_polled_at, lease_owner, lease_until, attempts, updated_at";

    private final Jdbi jdbi;
    private final Dialect dialect;

    public JdbiTaskStore(Database db) {
        this.jdbi = db.jdbi();
        this.dialect = db.dialect();
    }

    @Override
    public Task insertOrGetExisting(Task t) {
        return jdbi.inTransaction(h -> {
            int inserted = h.createUpdate("INSERT INTO tasks (" + COLUMNS + ") VALUES (:id, :keyId, :feature, :family, "
                            + ":requestId, :inputHash, :requestJson, :state, :progress, :stage, :errorCode, :errorMessage, "
                            + ":resultJson, :pollExempt, :createdAt, :startedAt, :finishedAt, :lastPolledAt, :leaseOwner, "
                            + ":leaseUntil, :attempts, :updatedAt) ON CONFLICT DO NOTHING")
                    .bind("id", t.id())
                    .bind("keyId", t.keyId())
                    .bind("feature", t.feature())
                    .bind("family", t.family().dbName())
                    .bind("requestId", t.requestId())
                    .bind("inputHash", t.inputHash())
                    .bind("requestJson", t.requestJson())
                    .bind("state", t.state().dbName())
                    .bind("progress", t.progress())
                    .bind("stage", t.stage())
                    .bind("errorCode", t.errorCode())
                    .bind("errorMessage", t.errorMessage())
                    .bind("resultJson", t.resultJson())
                    .bind("pollExempt", t.pollExempt() ? 1 : 0)
                    .bind("createdAt", Times.millis(t.createdAt()))
                    .bind("startedAt", Times.millis(t.startedAt()))
                    .bind("finishedAt", Times.millis(t.finishedAt()))
                    .bind("lastPolledAt", Times.millis(t.lastPolledAt()))
                    .bind("leaseOwner", t.leaseOwner())
                    .bind("leaseUntil", Times.millis(t.leaseUntil()))
                    .bind("attempts", t.attempts())
                    .bind("updatedAt", Times.millis(t.updatedAt()))
                    .execute();
            if (inserted == 1 || t.requestId() == null) {
                return h.createQuery("SELECT " + COLUMNS + " FROM tasks WHERE id = :id")
                        .bind("id", t.id()).map(JdbiTaskStore::map).one();
            }
            return h.createQuery("SELECT " + COLUMNS + " FROM tasks WHERE key_id = :k AND feature = :f AND request_id = :r")
                    .bind("k", t.keyId())
                    .bind("f", t.feature())
                    .bind("r", t.requestId())
                    .map(JdbiTaskStore::map)
                    .one();
        });
    }

    @Override
    public Optional<Task> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM tasks WHERE id = :id")
                .bind("id", id).map(JdbiTaskStore::map).findOne());
    }

    @Override
    public Optional<Task> findByRequestId(String keyId, String feature, long requestId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM tasks WHERE key_id = :k AND feature = :f "
                        + "AND request_id = :r")
                .bind("k", keyId).bind("f", feature).bind("r", requestId)
                .map(JdbiTaskStore::map).findOne());
    }

    @Override
    public Optional<Task> claimNext(String owner, Instant now, Instant leaseUntil) {
        String sql = "UPDATE tasks SET state = 'running', lease_owner = :owner, lease_until = :leaseUntil, "
                + "started_at = :now, attempts = attempts + 1, updated_at = :now "
                + "WHERE state = 'queued' AND id = (SELECT id FROM tasks WHERE state = 'queued' "
                + "ORDER BY created_at, id LIMIT 1" + dialect.skipLocked() + ") RETURNING " + COLUMNS;
        return jdbi.inTransaction(h -> h.createQuery(sql)
                .bind("owner", owner)
                .bind("leaseUntil", leaseUntil.toEpochMilli())
                .bind("now", now.toEpochMilli())
                .map(JdbiTaskStore::map)
                .findOne());
    }

    @Override
    public boolean transition(TaskTransition t) {
        boolean terminal = t.to().isTerminal();
        boolean leaving = t.from() == TaskState.RUNNING;
        StringBuilder sql = new StringBuilder("UPDATE tasks SET state = :to, updated_at = :at");
        if (terminal && !t.from().isTerminal()) {
            sql.append(", finished_at = :at");
        }
        if (leaving) {
            sql.append(", lease_owner = NULL, lease_until = NULL");
        }
        if (t.errorCode() != null) {
            sql.append(", error_code = :errorCode, error_message = :errorMessage");
        }
        if (t.resultJson() != null) {
            sql.append(", result_json = :resultJson");
        }
        if (t.to() == TaskState.SUCCESS) {
            sql.append(", progress = 1");
        }
        sql.append(" WHERE id = :id AND state = :from");
        if (t.leaseOwner() != null) {
            sql.append(" AND lease_owner = :owner");
        }
        return jdbi.withHandle(h -> h.createUpdate(sql.toString())
                .bind("to", t.to().dbName())
                .bind("at", t.at().toEpochMilli())
                .bind("errorCode", t.errorCode())
                .bind("errorMessage", t.errorMessage())
                .bind("resultJson", t.resultJson())
                .bind("id", t.taskId())
                .bind("from", t.from().dbName())
                .bind("owner", t.leaseOwner())
                .execute()) == 1;
    }

    @Override
    public boolean progress(String id, double progress, String stage, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE tasks SET progress = :p, stage = :s, updated_at = :now "
                        + "WHERE id = :id AND state = 'running'")
                .bind("p", progress).bind("s", stage).bind("now", now.toEpochMilli()).bind("id", id)
                .execute()) == 1;
    }

    @Override
    public boolean renewLease(String id, String owner, Instant leaseUntil, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE tasks SET lease_until = :until, updated_at = :now "
                        + "WHERE id = :id AND state = 'running' AND lease_owner = :owner")
                .bind("until", leaseUntil.toEpochMilli()).bind("now", now.toEpochMilli())
                .bind("id", id).bind("owner", owner)
                .execute()) == 1;
    }

    @Override
    public void touchPolled(String id, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE tasks SET last_polled_at = :now WHERE id = :id AND last_polled_at < :now")
                .bind("now", now.toEpochMilli()).bind("id", id).execute());
    }

    @Override
    public List<Task> unpolledSince(Instant cutoff, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM tasks WHERE poll_exempt = 0 "
                        + "AND state IN ('queued', 'running', 'success', 'error') AND last_polled_at < :cutoff "
                        + "ORDER BY last_polled_at, id LIMIT :limit")
                .bind("cutoff", cutoff.toEpochMilli()).bind("limit", limit)
                .map(JdbiTaskStore::map).list());
    }

    @Override
    public int requeueExpiredLeases(Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE tasks SET state = 'queued', lease_owner = NULL, "
                        + "lease_until = NULL, progress = 0, stage = NULL, updated_at = :now "
                        + "WHERE state = 'running' AND lease_until < :now")
                .bind("now", now.toEpochMilli()).execute());
    }

    @Override
    public int queuePosition(Task task) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tasks WHERE state = 'queued' "
                        + "AND (created_at < :c OR (created_at = :c AND id < :id))")
                .bind("c", task.createdAt().toEpochMilli()).bind("id", task.id())
                .mapTo(Integer.class).one());
    }

    @Override
    public int countQueued() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tasks WHERE state = 'queued'")
                .mapTo(Integer.class).one());
    }

    private static Task map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Task(
                rs.getString("id"),
                rs.getString("key_id"),
                rs.getString("feature"),
                WireFamily.fromDb(rs.getString("family")),
                Times.nullableLong(rs, "request_id"),
                rs.getString("input_hash"),
                rs.getString("request_json"),
                TaskState.fromDb(rs.getString("state")),
                rs.getDouble("progress"),
                rs.getString("stage"),
                rs.getString("error_code"),
                rs.getString("error_message"),
                rs.getString("result_json"),
                rs.getInt("poll_exempt") != 0,
                Times.instant(rs, "created_at"),
                Times.instant(rs, "started_at"),
                Times.instant(rs, "finished_at"),
                Times.instant(rs, "last_polled_at"),
                rs.getString("lease_owner"),
                Times.instant(rs, "lease_until"),
                rs.getInt("attempts"),
                Times.instant(rs, "updated_at"));
    }
}
