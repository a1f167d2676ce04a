package dev.atelier.server.tasks;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link TaskStore} with the compare-and-set rules of the SQL stores (a transition applies only from
 * the expected state and, when named, the lease owner), for unit tests of the task system. It counts reads, so a
 * test can show that a caller does not poll.
 */
final class FakeTaskStore implements TaskStore {
    final Map<String, Task> tasks = new ConcurrentHashMap<>();
    final AtomicInteger reads = new AtomicInteger();
    /** Reads of one task by id (what a caller waiting on a task would repeat if it polled). */
    final AtomicInteger finds = new AtomicInteger();

    @Override
    public synchronized Task insertOrGetExisting(Task task) {
        if (task.requestId() != null) {
            Optional<Task> existing = tasks.values().stream().filter(t -> t.keyId().equals(task.keyId())
                    && t.feature().equals(task.feature()) && task.requestId().equals(t.requestId())).findFirst();
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        tasks.put(task.id(), task);
        return task;
    }

    @Override
    public Optional<Task> find(String id) {
        reads.incrementAndGet();
        finds.incrementAndGet();
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public Optional<Task> findByRequestId(String keyId, String feature, long requestId) {
        reads.incrementAndGet();
        return tasks.values().stream().filter(t -> t.keyId().equals(keyId) && t.feature().equals(feature)
                && t.requestId() != null && t.requestId() == requestId).findFirst();
    }

    @Override
    public synchronized Optional<Task> claimNext(String owner, Instant now, Instant leaseUntil) {
        Optional<Task> next = tasks.values().stream().filter(t -> t.state() == TaskState.QUEUED)
                .min(Comparator.comparing(Task::createdAt).thenComparing(Task::id));
        next.ifPresent(t -> tasks.put(t.id(), copy(t, TaskState.RUNNING, t.progress(), t.stage(), null, null, null,
                now, null, owner, leaseUntil, t.attempts() + 1, now)));
        return next.map(t -> tasks.get(t.id()));
    }

    @Override
    public synchronized boolean transition(TaskTransition tr) {
        Task t = tasks.get(tr.taskId());
        if (t == null || t.state() != tr.from()
                || tr.leaseOwner() != null && !tr.leaseOwner().equals(t.leaseOwner())) {
            return false;
        }
        boolean leaving = tr.from() == TaskState.RUNNING;
        tasks.put(t.id(), copy(t, tr.to(), tr.to() == TaskState.SUCCESS ? 1 : t.progress(), t.stage(),
                tr.errorCode() != null ? tr.errorCode() : t.errorCode(),
                tr.errorCode() != null ? tr.errorMessage() : t.errorMessage(),
                tr.result() != null ? tr.result() : t.result(), t.startedAt(),
                tr.to().isTerminal() && !tr.from().isTerminal() ? tr.at() : t.finishedAt(),
                leaving ? null : t.leaseOwner(), leaving ? null : t.leaseUntil(), t.attempts(), tr.at()));
        return true;
    }

    @Override
    public synchronized boolean progress(String id, double progress, String stage, Instant now) {
        Task t = tasks.get(id);
        if (t == null || t.state() != TaskState.RUNNING) {
            return false;
        }
        tasks.put(id, copy(t, t.state(), progress, stage, t.errorCode(), t.errorMessage(), t.result(),
                t.startedAt(), t.finishedAt(), t.leaseOwner(), t.leaseUntil(), t.attempts(), now));
        return true;
    }

    @Override
    public synchronized boolean renewLease(String id, String owner, Instant leaseUntil, Instant now) {
        Task t = tasks.get(id);
        if (t == null || t.state() != TaskState.RUNNING || !owner.equals(t.leaseOwner())) {
            return false;
        }
        tasks.put(id, copy(t, t.state(), t.progress(), t.stage(), t.errorCode(), t.errorMessage(), t.result(),
                t.startedAt(), t.finishedAt(), t.leaseOwner(), leaseUntil, t.attempts(), now));
        return true;
    }

    @Override
    public void touchPolled(Map<String, Instant> polls) {
        polls.forEach((id, now) -> tasks.computeIfPresent(id, (k, t) -> new Task(t.id(), t.keyId(), t.feature(),
                t.family(), t.requestId(), t.inputHash(), t.request(), t.state(), t.progress(), t.stage(),
                t.errorCode(), t.errorMessage(), t.result(), t.pollExempt(), t.createdAt(), t.startedAt(),
                t.finishedAt(), now, t.leaseOwner(), t.leaseUntil(), t.attempts(), t.updatedAt())));
    }

    @Override
    public synchronized int deleteFinishedBefore(Instant cutoff, int limit) {
        List<String> old = tasks.values().stream()
                .filter(t -> t.state().isTerminal() && t.updatedAt().isBefore(cutoff))
                .limit(limit).map(Task::id).toList();
        old.forEach(tasks::remove);
        return old.size();
    }

    @Override
    public List<Task> unpolledSince(Instant cutoff, int limit) {
        reads.incrementAndGet();
        return tasks.values().stream().filter(t -> !t.state().isTerminal() && !t.pollExempt()
                && t.lastPolledAt().isBefore(cutoff)).limit(limit).toList();
    }

    @Override
    public synchronized Recovered recoverExpiredLeases(Instant now, int maxAttempts, String errorCode,
            String errorMessage) {
        // The same two steps as JdbiTaskStore: expired leases past the attempt limit fail, the rest go back in line.
        List<Task> expired = tasks.values().stream().filter(t -> t.state() == TaskState.RUNNING
                && t.leaseUntil() != null && t.leaseUntil().isBefore(now)).toList();
        List<Task> failed = new java.util.ArrayList<>();
        for (Task t : expired) {
            boolean fail = t.attempts() >= maxAttempts;
            Task next = new Task(t.id(), t.keyId(), t.feature(), t.family(), t.requestId(), t.inputHash(),
                    t.request(), fail ? TaskState.ERROR : TaskState.QUEUED, fail ? t.progress() : 0,
                    fail ? t.stage() : null, fail ? errorCode : t.errorCode(),
                    fail ? errorMessage : t.errorMessage(), t.result(), t.pollExempt(), t.createdAt(),
                    t.startedAt(), fail ? now : t.finishedAt(), t.lastPolledAt(), null, null, t.attempts(), now);
            tasks.put(t.id(), next);
            if (fail) {
                failed.add(next);
            }
        }
        return new Recovered(expired.size() - failed.size(), failed);
    }

    @Override
    public int queuePosition(Task task) {
        reads.incrementAndGet();
        return (int) tasks.values().stream().filter(t -> t.state() == TaskState.QUEUED
                && t.createdAt().isBefore(task.createdAt())).count();
    }

    @Override
    public int countQueued() {
        reads.incrementAndGet();
        return (int) tasks.values().stream().filter(t -> t.state() == TaskState.QUEUED).count();
    }

    /** Puts a task into {@code state} as another actor would (a sweeper expiring it, say). */
    synchronized void force(String id, TaskState state) {
        Task t = tasks.get(id);
        tasks.put(id, copy(t, state, t.progress(), t.stage(), t.errorCode(), t.errorMessage(), t.result(),
                t.startedAt(), t.finishedAt(), t.leaseOwner(), t.leaseUntil(), t.attempts(), t.updatedAt()));
    }

    private static Task copy(Task t, TaskState state, double progress, String stage, String errorCode,
            String errorMessage, TaskResult result, Instant startedAt, Instant finishedAt, String leaseOwner,
            Instant leaseUntil, int attempts, Instant updatedAt) {
        return new Task(t.id(), t.keyId(), t.feature(), t.family(), t.requestId(), t.inputHash(), t.request(),
                state, progress, stage, errorCode, errorMessage, result, t.pollExempt(), t.createdAt(),
                startedAt, finishedAt, t.lastPolledAt(), leaseOwner, leaseUntil, attempts, updatedAt);
    }
}
