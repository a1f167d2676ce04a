package dev.atelier.server.store;

import dev.atelier.server.tasks.Task;
import dev.atelier.server.tasks.TaskResult;
import dev.atelier.server.tasks.TaskState;
import dev.atelier.server.tasks.TaskStore;
import dev.atelier.server.tasks.TaskTransition;
import dev.atelier.server.tasks.WireFamily;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/** {@link TaskStore} over SQL; the queue is the tasks table itself, claimed with compare-and-set updates. */
public final class JdbiTaskStore implements TaskStore {
    private static final String COLUMNS = "id, key_id, feature, family, request_id, input_hash, request_json, state, "
            + "progress, stage, error_code, error_message, result_json, poll_exempt, created_at, started_at, "
            + "finished_at, last_polled_at, lease_owner, lease_until, attempts, updated_at";
    /** The columns under the names of {@link Task}'s components, which bind and map by name. */
    private static final String SELECT = COLUMNS.replace("request_json", "request_json AS request")
            .replace("result_json", "result_json AS result");
    private static final String VALUES = ":id, :keyId, :feature, :family, :requestId, :inputHash, :request, :state, "
            + ":progress, :stage, :errorCode, :errorMessage, :result, :pollExempt, :createdAt, :startedAt, "
            + ":finishedAt, :lastPolledAt, :leaseOwner, :leaseUntil, :attempts, :updatedAt";
    private static final RowMapper<Task> TASK = ConstructorMapper.of(Task.class);

    private final Jdbi jdbi;
    private final Dialect dialect;

    public JdbiTaskStore(Database db) {
        this.jdbi = db.jdbi();
        this.dialect = db.dialect();
    }

    @Override
    public Task insertOrGetExisting(Task t) {
        return jdbi.inTransaction(h -> {
            int inserted = h.createUpdate("INSERT INTO tasks (" + COLUMNS + ") VALUES (" + VALUES + ") "
                            + "ON CONFLICT DO NOTHING")
                    .bindMethods(t)
                    .execute();
            if (inserted == 1 || t.requestId() == null) {
                return h.createQuery("SELECT " + SELECT + " FROM tasks WHERE id = :id")
                        .bind("id", t.id()).map(TASK).one();
            }
            return h.createQuery("SELECT " + SELECT + " FROM tasks WHERE key_id = :k AND feature = :f AND request_id = :r")
                    .bind("k", t.keyId())
                    .bind("f", t.feature())
                    .bind("r", t.requestId())
                    .map(TASK)
                    .one();
        });
    }

    @Override
    public Optional<Task> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + SELECT + " FROM tasks WHERE id = :id")
                .bind("id", id).map(TASK).findOne());
    }

    @Override
    public Optional<Task> findByRequestId(String keyId, String feature, long requestId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + SELECT + " FROM tasks WHERE key_id = :k AND feature = :f "
                        + "AND request_id = :r")
                .bind("k", keyId).bind("f", feature).bind("r", requestId)
                .map(TASK).findOne());
    }

    @Override
    public Optional<Task> claimNext(String owner, Instant now, Instant leaseUntil) {
        String sql = "UPDATE tasks SET state = 'running', lease_owner = :owner, lease_until = :leaseUntil, "
                + "started_at = :now, attempts = attempts + 1, updated_at = :now "
                + "WHERE state = 'queued' AND id = (SELECT id FROM tasks WHERE state = 'queued' "
                + "ORDER BY created_at, id LIMIT 1" + dialect.skipLocked() + ") RETURNING " + SELECT;
        return jdbi.inTransaction(h -> h.createQuery(sql)
                .bind("owner", owner)
                .bind("leaseUntil", leaseUntil)
                .bind("now", now)
                .map(TASK)
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
        if (t.result() != null) {
            sql.append(", result_json = :result");
        }
        if (t.to() == TaskState.SUCCESS) {
            sql.append(", progress = 1");
        }
        sql.append(" WHERE id = :id AND state = :from");
        if (t.leaseOwner() != null) {
            sql.append(" AND lease_owner = :owner");
        }
        return jdbi.withHandle(h -> h.createUpdate(sql.toString())
                .bind("to", t.to())
                .bind("at", t.at())
                .bind("errorCode", t.errorCode())
                .bind("errorMessage", t.errorMessage())
                .bindByType("result", t.result(), TaskResult.class)
                .bind("id", t.taskId())
                .bind("from", t.from())
                .bind("owner", t.leaseOwner())
                .execute()) == 1;
    }

    @Override
    public boolean progress(String id, double progress, String stage, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE tasks SET progress = :p, stage = :s, updated_at = :now "
                        + "WHERE id = :id AND state = 'running'")
                .bind("p", progress).bind("s", stage).bind("now", now).bind("id", id)
                .execute()) == 1;
    }

    @Override
    public boolean renewLease(String id, String owner, Instant leaseUntil, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE tasks SET lease_until = :until, updated_at = :now "
                        + "WHERE id = :id AND state = 'running' AND lease_owner = :owner")
                .bind("until", leaseUntil).bind("now", now)
                .bind("id", id).bind("owner", owner)
                .execute()) == 1;
    }

    @Override
    public void touchPolled(Map<String, Instant> polls) {
        if (polls.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch(
                    "UPDATE tasks SET last_polled_at = :now WHERE id = :id AND last_polled_at < :now");
            polls.forEach((id, now) -> batch.bind("now", now).bind("id", id).add());
            batch.execute();
        });
    }

    @Override
    public List<Task> unpolledSince(Instant cutoff, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + SELECT + " FROM tasks WHERE poll_exempt = 0 "
                        + "AND state IN ('queued', 'running', 'success', 'error') AND last_polled_at < :cutoff "
                        + "ORDER BY last_polled_at, id LIMIT :limit")
                .bind("cutoff", cutoff).bind("limit", limit)
                .map(TASK).list());
    }

    @Override
    public Recovered recoverExpiredLeases(Instant now, int maxAttempts, String errorCode, String errorMessage) {
        return jdbi.inTransaction(h -> {
            List<Task> failed = h.createQuery("UPDATE tasks SET state = 'error', error_code = :code, "
                            + "error_message = :message, finished_at = :now, lease_owner = NULL, lease_until = NULL, "
                            + "updated_at = :now WHERE state = 'running' AND lease_until < :now AND attempts >= :max "
                            + "RETURNING " + SELECT)
                    .bind("code", errorCode).bind("message", errorMessage).bind("now", now).bind("max", maxAttempts)
                    .map(TASK).list();
            int requeued = h.createUpdate("UPDATE tasks SET state = 'queued', lease_owner = NULL, "
                            + "lease_until = NULL, progress = 0, stage = NULL, updated_at = :now "
                            + "WHERE state = 'running' AND lease_until < :now")
                    .bind("now", now).execute();
            return new Recovered(requeued, failed);
        });
    }

    @Override
    public int deleteFinishedBefore(Instant cutoff, int limit) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM tasks WHERE id IN (SELECT id FROM tasks "
                        + "WHERE state IN ('success', 'error', 'expired', 'deleted') AND updated_at < :cutoff "
                        + "LIMIT :n)")
                .bind("cutoff", cutoff).bind("n", limit).execute());
    }

    @Override
    public int queuePosition(Task task) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tasks WHERE state = 'queued' "
                        + "AND (created_at < :c OR (created_at = :c AND id < :id))")
                .bind("c", task.createdAt()).bind("id", task.id())
                .mapTo(Integer.class).one());
    }

    @Override
    public int countQueued() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tasks WHERE state = 'queued'")
                .mapTo(Integer.class).one());
    }
}
