package dev.atelier.server.tasks;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each task was last polled, kept in memory and written behind to the store in batches.
 *
 * <p>Why: polling is what every client does all day, and writing {@code last_polled_at} on every poll made a status
 * read a database write. The time only matters to the polling window (seconds), so this node collects polls and
 * writes the newest per task every {@link #FLUSH_INTERVAL} (sub-second) in one batch; other nodes see a poll within
 * that interval, and the expiry sweep allows for it ({@link #lag()}). A node that stops flushes what it holds.
 */
public final class PollLedger implements AutoCloseable {
    /** How often pending polls are written: far below any sensible polling window (default 10 s). */
    public static final Duration FLUSH_INTERVAL = Duration.ofMillis(250);
    private static final Logger log = LoggerFactory.getLogger(PollLedger.class);

    private final TaskStore store;
    /** How long a written poll stays known here too: a status read may have read the row just before the write. */
    private static final Duration KEEP_WRITTEN = Duration.ofMinutes(1);

    private final ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> latest = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    PollLedger(TaskStore store) {
        this.store = store;
        this.flusher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("atelier-poll-flush").daemon(true).factory());
        long ms = FLUSH_INTERVAL.toMillis();
        flusher.scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Records a poll of {@code taskId} at {@code now}; an older time never replaces a newer one. */
    void record(String taskId, Instant now) {
        latest.merge(taskId, now, PollLedger::newer);
        pending.merge(taskId, now, PollLedger::newer);
    }

    private static Instant newer(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The newest poll of {@code task} known here: the stored time or a newer one this node saw. */
    Instant lastPolled(Task task) {
        Instant p = latest.get(task.id());
        return p != null && p.isAfter(task.lastPolledAt()) ? p : task.lastPolledAt();
    }

    /** How far behind the store may be on any node: the sweep waits this much longer before expiring a task. */
    static Duration lag() {
        return FLUSH_INTERVAL.multipliedBy(4);
    }

    /** Writes every pending poll now (the sweep calls this first, so this node never expires what it saw polled). */
    synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>(pending);
        store.touchPolled(batch);
        // keep entries that were polled again while writing; they go with the next batch
        batch.forEach(pending::remove);
        Instant forgetBefore = batch.values().stream().max(Instant::compareTo).orElseThrow().minus(KEEP_WRITTEN);
        latest.entrySet().removeIf(e -> e.getValue().isBefore(forgetBefore) && !pending.containsKey(e.getKey()));
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("could not write {} poll time(s); retrying", pending.size(), e);
        }
    }

    /** Stops the background flush after writing what is pending. */
    @Override
    public void close() {
        flusher.shutdownNow();
        flushQuietly();
    }
}
