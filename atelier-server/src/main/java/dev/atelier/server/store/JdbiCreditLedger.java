package dev.atelier.server.store;

import dev.atelier.server.credits.Balance;
import dev.atelier.server.credits.Charge;
import dev.atelier.server.credits.CreditLedger;
import dev.atelier.server.credits.CreditSettings;
import dev.atelier.server.credits.Grant;
import dev.atelier.server.credits.GrantType;
import dev.atelier.server.credits.HistoryEntry;
import dev.atelier.server.credits.Ids;
import dev.atelier.server.credits.Units;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CreditLedger} over SQL (tables {@code credit_grants}, {@code credit_charges}, {@code credit_holds},
 * {@code credit_history}, {@code credit_movements}).
 *
 * <p>A reservation is one SQL transaction that checks and debits the balance together, so concurrent submits can
 * never spend the same units: on SQLite the transaction takes the write lock up front ({@code IMMEDIATE}), on
 * PostgreSQL it locks the key's row ({@code SELECT … FOR UPDATE}) so reservations of one key run one after another.
 * Settling and releasing are compare-and-set on the charge's state, so doing either twice changes nothing the second
 * time.
 */
public final class JdbiCreditLedger implements CreditLedger {
    private static final Logger log = LoggerFactory.getLogger(JdbiCreditLedger.class);
    private static final String GRANT_COLUMNS = "id, key_id, type, amount, remaining, acquired_at, expires_at, note";
    private static final String CHARGE_COLUMNS = "task_id, key_id, feature, amount, metered, state, source_ip, "
            + "created_at, closed_at";
    /** Grants usable now, in deduction order: soonest expiry first (never-expiring last), then earliest acquired. */
    private static final String USABLE = "SELECT " + GRANT_COLUMNS + " FROM credit_grants WHERE key_id = :k "
            + "AND remaining > 0 AND (expires_at IS NULL OR expires_at > :now) "
            + "ORDER BY CASE WHEN expires_at IS NULL THEN 1 ELSE 0 END, expires_at, acquired_at, id";

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final InstantSource clock;
    private final boolean enforced;

    /** @param enforced see {@link CreditSettings#enforced()} */
    public JdbiCreditLedger(Database db, InstantSource clock, boolean enforced) {
        this.jdbi = db.jdbi();
        this.dialect = db.dialect();
        this.clock = clock;
        this.enforced = enforced;
    }

    /** Gives {@code keyId} {@code amount} hundredths, expiring at {@code expiresAt} (null: never). */
    @Override
    public Grant grant(String keyId, long amount, GrantType type, Instant expiresAt, String note) {
        if (amount <= 0) {
            throw new IllegalArgumentException("a grant must be positive, got " + Units.decimal(amount));
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("a grant must expire in the future");
        }
        Grant g = new Grant(Ids.next(), keyId, type, amount, amount, now, expiresAt, note);
        jdbi.useTransaction(h -> {
            h.createUpdate("INSERT INTO credit_grants (" + GRANT_COLUMNS + ") VALUES (:id, :k, :type, :amount, "
                            + ":amount, :at, :expires, :note)")
                    .bind("id", g.id()).bind("k", keyId).bind("type", type.wire()).bind("amount", amount)
                    .bind("at", now.toEpochMilli()).bind("expires", expiresAt == null ? null : expiresAt.toEpochMilli())
                    .bind("note", note)
                    .execute();
            history(h, keyId, now, type.action(), Long.toString(g.id()), null, amount,
                    List.of(new HistoryEntry.Line(g.id(), amount)));
        });
        log.info("granted {} units to key {} ({}{})", Units.decimal(amount), keyId, type.wire(),
                expiresAt == null ? "" : ", expires " + expiresAt);
        return g;
    }

    /** Every grant of the key, soonest expiry first. */
    @Override
    public List<Grant> grants(String keyId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + GRANT_COLUMNS + " FROM credit_grants WHERE key_id = :k "
                        + "ORDER BY CASE WHEN expires_at IS NULL THEN 1 ELSE 0 END, expires_at, acquired_at, id")
                .bind("k", keyId).map(JdbiCreditLedger::grant).list());
    }

    @Override
    public Balance balance(String keyId) {
        Instant now = clock.instant();
        return jdbi.withHandle(h -> {
            long available = h.createQuery("SELECT COALESCE(SUM(remaining), 0) FROM credit_grants WHERE key_id = :k "
                            + "AND (expires_at IS NULL OR expires_at > :now)")
                    .bind("k", keyId).bind("now", now.toEpochMilli()).mapTo(Long.class).one();
            long reserved = h.createQuery("SELECT COALESCE(SUM(amount), 0) FROM credit_charges WHERE key_id = :k "
                            + "AND state = 'reserved' AND metered = 1")
                    .bind("k", keyId).mapTo(Long.class).one();
            return new Balance(available, reserved, metered(h, keyId));
        });
    }

    private boolean metered(Handle h, String keyId) {
        return enforced || h.createQuery("SELECT COUNT(*) FROM credit_grants WHERE key_id = :k")
                .bind("k", keyId).mapTo(Integer.class).one() > 0;
    }

    /**
     * Holds {@code cost} hundredths for {@code taskId} before it is queued, or fails with {@code CreditInsufficiency}
     * leaving nothing held. An unlimited key holds nothing; its charge is recorded all the same.
     */
    @Override
    public void reserve(String keyId, String taskId, String feature, long cost, String sourceIp) {
        Instant now = clock.instant();
        jdbi.useTransaction(h -> {
            if (!dialect.serializesWriters()) {
                // One reservation per key at a time; SQLite's IMMEDIATE transaction already serialises writers.
                h.createQuery("SELECT id FROM api_keys WHERE id = :k FOR UPDATE").bind("k", keyId)
                        .mapTo(String.class).findOne();
            }
            boolean metered = metered(h, keyId);
            List<HistoryEntry.Line> holds = new ArrayList<>();
            if (metered && cost > 0) {
                long needed = cost;
                for (Grant g : h.createQuery(USABLE).bind("k", keyId).bind("now", now.toEpochMilli())
                        .map(JdbiCreditLedger::grant).list()) {
                    long take = Math.min(needed, g.remaining());
                    holds.add(new HistoryEntry.Line(g.id(), take));
                    needed -= take;
                    if (needed == 0) {
                        break;
                    }
                }
                if (needed > 0) {
                    long available = cost - needed;
                    throw new Refusal(RefusalCode.CREDIT_INSUFFICIENCY, "Not enough units: this task costs "
                            + Units.decimal(cost) + " and " + Units.decimal(available) + " are available");
                }
                for (HistoryEntry.Line hold : holds) {
                    int debited = h.createUpdate("UPDATE credit_grants SET remaining = remaining - :take "
                                    + "WHERE id = :id AND remaining >= :take")
                            .bind("take", hold.amount()).bind("id", hold.grantId()).execute();
                    if (debited != 1) { // cannot happen under the lock; refuse rather than overspend
                        throw new IllegalStateException("grant " + hold.grantId() + " changed during a reservation");
                    }
                }
            }
            h.createUpdate("INSERT INTO credit_charges (" + CHARGE_COLUMNS + ") VALUES (:t, :k, :f, :amount, :metered, "
                            + "'reserved', :ip, :now, NULL)")
                    .bind("t", taskId).bind("k", keyId).bind("f", feature).bind("amount", cost)
                    .bind("metered", metered ? 1 : 0).bind("ip", sourceIp).bind("now", now.toEpochMilli())
                    .execute();
            for (HistoryEntry.Line hold : holds) {
                h.createUpdate("INSERT INTO credit_holds (task_id, grant_id, amount) VALUES (:t, :g, :a)")
                        .bind("t", taskId).bind("g", hold.grantId()).bind("a", hold.amount()).execute();
            }
        });
    }

    @Override
    public Optional<Charge> settle(String taskId, long amount) {
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            if (!close(h, taskId, Charge.State.SETTLED, now)) {
                return Optional.<Charge>empty();
            }
            Charge reserved = charge(h, taskId).orElseThrow();
            long keep = Math.clamp(amount, 0, reserved.amount());
            if (keep < reserved.amount()) {
                h.createUpdate("UPDATE credit_charges SET amount = :a WHERE task_id = :t").bind("a", keep)
                        .bind("t", taskId).execute();
            }
            List<HistoryEntry.Line> lines = new ArrayList<>();
            long left = keep;
            for (HistoryEntry.Line hold : holds(h, taskId)) {
                long take = Math.min(left, hold.amount());
                left -= take;
                if (take < hold.amount()) {
                    h.createUpdate("UPDATE credit_grants SET remaining = remaining + :a WHERE id = :g")
                            .bind("a", hold.amount() - take).bind("g", hold.grantId()).execute();
                }
                if (take > 0) {
                    lines.add(new HistoryEntry.Line(hold.grantId(), -take));
                }
            }
            h.createUpdate("DELETE FROM credit_holds WHERE task_id = :t").bind("t", taskId).execute();
            history(h, reserved.keyId(), now, CreditLedger.action(reserved.feature()), taskId, reserved.feature(), -keep, lines);
            return charge(h, taskId);
        });
    }

    /** Gives a task's held units back (error, expiry or deletion before success); empty when not reserved any more. */
    @Override
    public Optional<Charge> release(String taskId) {
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            if (!close(h, taskId, Charge.State.RELEASED, now)) {
                return Optional.<Charge>empty();
            }
            for (HistoryEntry.Line hold : holds(h, taskId)) {
                h.createUpdate("UPDATE credit_grants SET remaining = remaining + :a WHERE id = :g")
                        .bind("a", hold.amount()).bind("g", hold.grantId()).execute();
            }
            h.createUpdate("DELETE FROM credit_holds WHERE task_id = :t").bind("t", taskId).execute();
            return charge(h, taskId);
        });
    }

    private static boolean close(Handle h, String taskId, Charge.State to, Instant now) {
        return h.createUpdate("UPDATE credit_charges SET state = :to, closed_at = :now "
                        + "WHERE task_id = :t AND state = 'reserved'")
                .bind("to", to.name().toLowerCase(java.util.Locale.ROOT)).bind("now", now.toEpochMilli())
                .bind("t", taskId).execute() == 1;
    }

    @Override
    public Optional<Charge> charge(String taskId) {
        return jdbi.withHandle(h -> charge(h, taskId));
    }

    private static Optional<Charge> charge(Handle h, String taskId) {
        return h.createQuery("SELECT " + CHARGE_COLUMNS + " FROM credit_charges WHERE task_id = :t")
                .bind("t", taskId).map(JdbiCreditLedger::charge).findOne();
    }

    private static List<HistoryEntry.Line> holds(Handle h, String taskId) {
        return h.createQuery("SELECT grant_id, amount FROM credit_holds WHERE task_id = :t ORDER BY grant_id")
                .bind("t", taskId)
                .map((rs, ctx) -> new HistoryEntry.Line(rs.getLong("grant_id"), rs.getLong("amount")))
                .list();
    }

    /**
     * Reserved charges whose task has an outcome, or whose task never got stored: what the hooks missed (a node
     * stopped between the task's transition and the hook). Returns task id → the task's state (null: no task).
     *
     * @param orphanBefore only charges created before this count as orphaned when their task is missing, because a
     *                     submit reserves a moment before it stores the task
     */
    @Override
    public Map<String, String> unsettled(Instant orphanBefore, int limit) {
        Map<String, String> out = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT c.task_id, t.state, t.result_json IS NOT NULL AS has_result "
                        + "FROM credit_charges c LEFT JOIN tasks t ON t.id = c.task_id WHERE c.state = 'reserved' "
                        + "AND ((t.id IS NULL AND c.created_at < :cutoff) OR t.state NOT IN ('queued', 'running')) "
                        + "ORDER BY c.created_at LIMIT :limit")
                .bind("cutoff", orphanBefore.toEpochMilli()).bind("limit", limit)
                .map((rs, ctx) -> {
                    String state = rs.getString("state");
                    // a task that expired or was deleted after it succeeded was charged (CONTRACTS D.4)
                    if (state != null && !state.equals("success") && rs.getBoolean("has_result")) {
                        state = "success";
                    }
                    return Map.entry(rs.getString("task_id"), state == null ? "" : state);
                })
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** Writes off what is left of grants that have expired (a history entry {@code expire} each); returns how many. */
    @Override
    public int expireGrants() {
        Instant now = clock.instant();
        List<Grant> expired = jdbi.withHandle(h -> h.createQuery("SELECT " + GRANT_COLUMNS + " FROM credit_grants "
                        + "WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= :now LIMIT 100")
                .bind("now", now.toEpochMilli()).map(JdbiCreditLedger::grant).list());
        int n = 0;
        for (Grant g : expired) {
            boolean done = jdbi.inTransaction(h -> {
                if (h.createUpdate("UPDATE credit_grants SET remaining = 0 WHERE id = :id AND remaining = :r")
                        .bind("id", g.id()).bind("r", g.remaining()).execute() != 1) {
                    return false; // another node wrote it off, or a release changed it: next sweep
                }
                history(h, g.keyId(), now, "expire", Long.toString(g.id()), null, -g.remaining(),
                        List.of(new HistoryEntry.Line(g.id(), -g.remaining())));
                return true;
            });
            n += done ? 1 : 0;
        }
        return n;
    }

    /** A page of the key's history, newest first; {@code startingToken} is a previous page's {@code nextToken}. */
    @Override
    public HistoryEntry.Page history(String keyId, int pageSize, String startingToken) {
        long before = Long.MAX_VALUE;
        if (startingToken != null && !startingToken.isBlank()) {
            try {
                before = Long.parseLong(startingToken.trim());
            } catch (NumberFormatException e) {
                throw Refusal.invalid("starting_token is not a token this server issued");
            }
        }
        long cursor = before;
        return jdbi.withHandle(h -> {
            List<HistoryEntry> rows = new ArrayList<>(h.createQuery("SELECT id, at, action, target_id, feature, units "
                            + "FROM credit_history WHERE key_id = :k AND id < :before ORDER BY id DESC LIMIT :n")
                    .bind("k", keyId).bind("before", cursor).bind("n", pageSize + 1)
                    .map((rs, ctx) -> new HistoryEntry(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("at")),
                            rs.getString("action"), rs.getString("target_id"), rs.getString("feature"),
                            rs.getLong("units"), List.of()))
                    .list());
            String next = null;
            if (rows.size() > pageSize) {
                rows = rows.subList(0, pageSize);
                next = Long.toString(rows.getLast().id());
            }
            List<HistoryEntry> out = new ArrayList<>();
            for (HistoryEntry e : rows) {
                List<HistoryEntry.Line> lines = h.createQuery("SELECT grant_id, amount FROM credit_movements "
                                + "WHERE history_id = :id ORDER BY grant_id")
                        .bind("id", e.id())
                        .map((rs, ctx) -> new HistoryEntry.Line(rs.getLong("grant_id"), rs.getLong("amount")))
                        .list();
                out.add(new HistoryEntry(e.id(), e.at(), e.action(), e.targetId(), e.feature(), e.units(), lines));
            }
            return new HistoryEntry.Page(out, next);
        });
    }

    private static void history(Handle h, String keyId, Instant at, String action, String targetId, String feature,
            long units, List<HistoryEntry.Line> lines) {
        long id = Ids.next();
        h.createUpdate("INSERT INTO credit_history (id, key_id, at, action, target_id, feature, units) "
                        + "VALUES (:id, :k, :at, :action, :target, :feature, :units)")
                .bind("id", id).bind("k", keyId).bind("at", at.toEpochMilli()).bind("action", action)
                .bind("target", targetId).bind("feature", feature).bind("units", units).execute();
        for (HistoryEntry.Line line : lines) {
            h.createUpdate("INSERT INTO credit_movements (history_id, grant_id, amount) VALUES (:h, :g, :a)")
                    .bind("h", id).bind("g", line.grantId()).bind("a", line.amount()).execute();
        }
    }

    private static Grant grant(ResultSet rs, StatementContext ctx) throws SQLException {
        long expires = rs.getLong("expires_at");
        Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
        return new Grant(rs.getLong("id"), rs.getString("key_id"), GrantType.fromWire(rs.getString("type")),
                rs.getLong("amount"), rs.getLong("remaining"), Instant.ofEpochMilli(rs.getLong("acquired_at")),
                expiresAt, rs.getString("note"));
    }

    private static Charge charge(ResultSet rs, StatementContext ctx) throws SQLException {
        long closed = rs.getLong("closed_at");
        Instant closedAt = rs.wasNull() ? null : Instant.ofEpochMilli(closed);
        return new Charge(rs.getString("task_id"), rs.getString("key_id"), rs.getString("feature"),
                rs.getLong("amount"), rs.getInt("metered") != 0,
                Charge.State.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("source_ip"), Instant.ofEpochMilli(rs.getLong("created_at")), closedAt);
    }
}
