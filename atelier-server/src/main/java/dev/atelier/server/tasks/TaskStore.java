package dev.atelier.server.tasks;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Persistence of {@link Task}s, including the work queue (claims with leases). */
public interface TaskStore {
    /**
     * Inserts a task, or returns the existing one when a task with the same key, feature and request id exists
     * (legacy idempotency). The caller compares input hashes.
     */
    Task insertOrGetExisting(Task task);

    Optional<Task> find(String id);

    /** The task a key created for {@code feature} with this legacy {@code request_id}, if any. */
    Optional<Task> findByRequestId(String keyId, String feature, long requestId);

    /** Claims the oldest queued task for {@code owner}: it becomes running with a lease until {@code leaseUntil}. */
    Optional<Task> claimNext(String owner, Instant now, Instant leaseUntil);

    /** Applies a compare-and-set transition; false when the task was not in {@code from} (or not leased by owner). */
    boolean transition(TaskTransition transition);

    /** Records progress of a running task; false when it is no longer running (expired meanwhile: stop work). */
    boolean progress(String id, double progress, String stage, Instant now);

    /** Extends the lease of a running task held by {@code owner}; false when the lease was lost. */
    boolean renewLease(String id, String owner, Instant leaseUntil, Instant now);

    /**
     * Records when clients last asked for the status of each task (one batch; see {@link PollLedger}). A time older
     * than the stored one is ignored.
     */
    void touchPolled(Map<String, Instant> polls);

    /** Tasks subject to the polling window whose last poll is older than {@code cutoff} and that are not gone. */
    List<Task> unpolledSince(Instant cutoff, int limit);

    /**
     * Running tasks whose lease ended before {@code now} (their worker stopped renewing it): those that started fewer
     * than {@code maxAttempts} runs go back to the queue, the others end as {@code error} with this code and message.
     */
    Recovered recoverExpiredLeases(Instant now, int maxAttempts, String errorCode, String errorMessage);

    /** What {@link #recoverExpiredLeases} did: how many tasks it re-queued, and the tasks it failed, as now stored. */
    record Recovered(int requeued, List<Task> failed) {}

    /** Deletes up to {@code limit} finished (or gone) task records last changed before {@code cutoff}; how many. */
    int deleteFinishedBefore(Instant cutoff, int limit);

    /** How many queued tasks were created before this one (its place in line, 0 = next). */
    int queuePosition(Task task);

    int countQueued();
}
