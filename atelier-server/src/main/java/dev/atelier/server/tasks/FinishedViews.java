package dev.atelier.server.tasks;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The status views of finished tasks this node served, so a client polling a finished task costs no database round
 * trip, no result-file lookup and no URL signing.
 *
 * <p>A finished task no longer changes except by being deleted or expired. This node forgets the tasks it deletes or
 * expires itself; a deletion on another node is seen once the view is older than {@code trust} (the node cache TTL,
 * default 1 s), when the next poll reads the record again. Result URLs are re-signed once they are older than a
 * sixtieth of their lifetime, so a served URL always has most of its lifetime left. A view also remembers the newest
 * poll it answered: once that is older than the polling window the view is not used and the record decides
 * (another node may have been polled meanwhile).
 */
final class FinishedViews {
    /** Bound on remembered views; past it the stale ones go, then all (a cache, never a source of truth). */
    private static final int MAX_ENTRIES = 20_000;

    private final Duration trust;
    private final Duration resignAfter;
    private final Duration pollingWindow;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final LongAdder answered = new LongAdder();

    private static final class Entry {
        final TaskView view;
        final Instant signedAt;
        final Instant confirmedAt;
        volatile Instant lastPolled;

        Entry(TaskView view, Instant signedAt, Instant confirmedAt, Instant lastPolled) {
            this.view = view;
            this.signedAt = signedAt;
            this.confirmedAt = confirmedAt;
            this.lastPolled = lastPolled;
        }
    }

    FinishedViews(Duration trust, Duration urlLifetime, Duration pollingWindow) {
        this.trust = trust;
        this.resignAfter = urlLifetime.dividedBy(60);
        this.pollingWindow = pollingWindow;
    }

    /**
     * The remembered view of {@code taskId} if it may be served at {@code now} without reading the record, else null.
     * The caller checks ownership, then reports the poll with {@link #polled}.
     */
    TaskView fresh(String taskId, Instant now) {
        Entry e = entries.get(taskId);
        if (e == null || isOlder(e.confirmedAt, now, trust) || isOlder(e.signedAt, now, resignAfter)
                || isOlder(e.lastPolled, now, pollingWindow)) {
            return null;
        }
        return e.view;
    }

    void polled(String taskId, Instant now) {
        answered.increment();
        Entry e = entries.get(taskId);
        if (e != null && now.isAfter(e.lastPolled)) {
            e.lastPolled = now;
        }
    }

    /**
     * Remembers the view of a finished task read from the store at {@code now}: the earlier view's links are kept
     * when the record did not change and they are recent enough, else {@code build} makes a new one.
     */
    TaskView remember(Task task, Instant now, Supplier<TaskView> build) {
        Entry old = entries.get(task.id());
        TaskView view;
        Instant signedAt;
        if (old != null && old.view.task().updatedAt().equals(task.updatedAt())
                && old.view.task().state() == task.state() && !isOlder(old.signedAt, now, resignAfter)) {
            view = old.view;
            signedAt = old.signedAt;
        } else {
            view = build.get();
            signedAt = now;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(e -> isOlder(e.confirmedAt, now, trust));
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(task.id(), new Entry(view, signedAt, now, now));
        return view;
    }

    /** Polls answered from memory so far (the metric {@code atelier_status_polls_from_memory_total}). */
    double answeredFromMemory() {
        return answered.sum();
    }

    /** Forgets a task this node deleted or expired. */
    void forget(String taskId) {
        entries.remove(taskId);
    }

    private static boolean isOlder(Instant then, Instant now, Duration limit) {
        return Duration.between(then, now).compareTo(limit) > 0;
    }
}
