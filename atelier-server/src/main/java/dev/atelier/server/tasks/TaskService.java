package dev.atelier.server.tasks;

import dev.atelier.server.accounts.Principal;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.files.FileService;
import dev.atelier.server.files.StoredFile;
import dev.atelier.server.json.Json;
import dev.atelier.server.security.ServerSecret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task lifecycle as clients see it: submit (validation, idempotency, queueing), status (polling window, result
 * links) and expiry of abandoned tasks. Execution is the {@link WorkerPool}'s.
 */
public final class TaskService {
    private static final Logger log = LoggerFactory.getLogger(TaskService.class);

    private final TaskStore tasks;
    private final Effects effects;
    private final FileService files;
    private final InstantSource clock;
    private final Duration pollingWindow;
    private final int queueCapacity;
    private final Runnable wakeWorkers;
    private final TaskHooks hooks;
    private final PollLedger polls;
    private final FinishedViews finished;
    private final TaskCompletions completions;
    private final String nodeId;

    /**
     * A service over the store, with this node's completion signal (which {@code hooks} must feed) and its node id,
     * so that {@link #awaitOutcome} waits on the signal for tasks this node's workers run.
     */
    TaskService(TaskStore tasks, Effects effects, FileService files, InstantSource clock, Duration pollingWindow,
            int queueCapacity, Runnable wakeWorkers, TaskHooks hooks, PollLedger polls, FinishedViews finished,
            TaskCompletions completions, String nodeId) {
        this.hooks = hooks;
        this.completions = completions;
        this.nodeId = nodeId;
        this.tasks = tasks;
        this.effects = effects;
        this.files = files;
        this.clock = clock;
        this.pollingWindow = pollingWindow;
        this.queueCapacity = queueCapacity;
        this.wakeWorkers = wakeWorkers;
        this.polls = polls;
        this.finished = finished;
    }

    /**
     * Validates and queues a task, or returns the task an earlier request with the same request_id created.
     *
     * @param pollExempt true when nobody will poll (a synchronous caller waits on it)
     */
    public Task submit(Principal principal, TaskRequest request, boolean pollExempt) {
        return submit(principal, request, pollExempt, null);
    }

    /**
     * As {@link #submit(Principal, TaskRequest, boolean)}, recording the client address the request came from (for
     * usage records). Units are reserved before the task is queued: not enough gives {@code CreditInsufficiency}.
     *
     * @param sourceIp the client's address, or null when unknown
     */
    public Task submit(Principal principal, TaskRequest request, boolean pollExempt, String sourceIp) {
        Effect effect = effects.byFeature(request.feature())
                .orElseThrow(() -> Refusal.invalid("unknown feature '" + request.feature() + "'"));
        EffectSpec spec = effect.spec();
        RunPipeline.Checked checked = RunPipeline.check(effect, request.params(), request.outputFormat(),
                RunPipeline.Caller.SUBMIT);
        Map<String, Object> params = checked.params();
        String format = checked.format().wire();
        TaskRequest.Inputs inputs = request.inputs() == null ? TaskRequest.Inputs.NONE : request.inputs();
        checkInputs(principal, spec.input(), inputs);

        TaskRequest normalized = new TaskRequest(spec.feature(), request.family(), request.requestId(), inputs,
                new LinkedHashMap<>(params), format, request.actionId());
        String canonical = Json.canonical(Map.of("feature", spec.feature(), "inputs", inputs, "params", params,
                "output", format, "action", request.actionId()));
        String inputHash = ServerSecret.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));

        if (request.requestId() == null && tasks.countQueued() >= queueCapacity) {
            log.info("submit refused: the queue is full ({} tasks)", queueCapacity);
            throw new Refusal(RefusalCode.TOO_MANY_REQUESTS,
                    "the queue is full (" + queueCapacity + " tasks); retry later", java.time.Duration.ofSeconds(5));
        }
        if (request.requestId() != null) {
            // A retry must return its task even when the units are all reserved now (CONTRACTS D.3).
            Task existing = tasks.findByRequestId(principal.keyId(), spec.feature(), request.requestId()).orElse(null);
            if (existing != null) {
                return retried(existing, inputHash, request.requestId());
            }
        }
        Instant now = clock.instant();
        boolean exempt = pollExempt || hooks.exemptFromPolling(principal.keyId());
        Task candidate = Task.queued(ServerSecret.randomToken(36), principal.keyId(), spec.feature(),
                request.family(), request.requestId(), inputHash, normalized, exempt, now);
        hooks.admit(candidate, sourceIp);
        Task stored;
        try {
            stored = tasks.insertOrGetExisting(candidate);
        } catch (RuntimeException e) {
            hooks.withdraw(candidate);
            throw e;
        }
        if (!stored.id().equals(candidate.id())) {
            hooks.withdraw(candidate);
            return retried(stored, inputHash, request.requestId());
        }
        log.info("task {} queued: feature={} key={}", stored.id(), spec.feature(), principal.key().name());
        wakeWorkers.run();
        return stored;
    }

    private static Task retried(Task stored, String inputHash, Long requestId) {
        if (!stored.inputHash().equals(inputHash)) {
            throw Refusal.invalid("request_id " + requestId + " was already used for different "
                    + "inputs; increment request_id to run a new task");
        }
        log.debug("request_id {} retried: task {} returned", requestId, stored.id());
        return stored;
    }

    private void checkInputs(Principal principal, InputSpec spec, TaskRequest.Inputs inputs) {
        checkRole(principal, "src", spec.sources(), inputs.sources());
        checkRole(principal, "ref", spec.refs(), inputs.refs());
        checkRole(principal, "mask", spec.masks(), inputs.masks());
    }

    private void checkRole(Principal principal, String role, InputSpec.Range range, List<TaskRequest.InputRef> refs) {
        List<TaskRequest.InputRef> list = refs == null ? List.of() : refs;
        if (!range.contains(list.size())) {
            throw Refusal.invalid(range.max() == 0
                    ? "this feature takes no " + role + " files"
                    : "this feature takes " + range + " " + role + " file(s), got " + list.size());
        }
        for (TaskRequest.InputRef r : list) {
            switch (r) {
                case TaskRequest.InputRef.File f -> files.requireInput(principal.keyId(), f.fileId(), role + "_file_id");
                case TaskRequest.InputRef.Url u -> checkUrl(role, u.url());
            }
        }
    }

    private static void checkUrl(String role, String url) {
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw Refusal.invalid(role + "_file_url must be an absolute http(s) URL");
            }
        } catch (java.net.URISyntaxException e) {
            throw Refusal.invalid(role + "_file_url is not a valid URL");
        }
    }

    /**
     * The status of {@code taskId} for its owner, counting as a poll. Unknown, foreign, expired and deleted tasks,
     * and tasks of another feature, are all {@code InvalidTaskId}.
     */
    public TaskView status(Principal principal, String taskId, String feature) {
        Instant now = clock.instant();
        TaskView remembered = finished.fresh(taskId, now);
        if (remembered != null && remembered.task().keyId().equals(principal.keyId())
                && (feature == null || remembered.task().feature().equals(feature))) {
            finished.polled(taskId, now);
            polls.record(taskId, now);
            return remembered;
        }
        Task task = ownTask(principal, taskId, feature);
        if (isAbandoned(task, now)) {
            expire(task, now);
            throw invalidTask();
        }
        polls.record(task.id(), now);
        return task.state().isTerminal() ? finished.remember(task, now, () -> view(task)) : view(task);
    }

    /**
     * A status poll of {@code taskId} that the rate limits refused: it is still a poll (the client is polling), so it
     * keeps the task from expiring. Nothing is read: the poll ledger writes it behind like any poll, and an id that
     * names no task changes nothing. {@code principal} is authenticated by the caller.
     */
    public void refusedPoll(Principal principal, String taskId) {
        Objects.requireNonNull(principal);
        polls.record(taskId, clock.instant());
    }

    /** A view without counting as a poll (synchronous adapters, event streams). */
    public TaskView peek(Principal principal, String taskId) {
        return view(ownTask(principal, taskId, null));
    }

    /** While a task is queued or runs elsewhere, how often the store is read again (its outcome never signals here). */
    private static final Duration OTHER_NODE_CHECK = Duration.ofMillis(500);
    /** A safety net for a task running here: the signal is expected, the store is read anyway this rarely. */
    private static final Duration LOCAL_CHECK = Duration.ofSeconds(30);

    /**
     * Waits until the task succeeds or fails, at most {@code timeout}, and returns its view then (or the last view
     * when the time ran out). While it runs on this node the wait is on this node's completion signal and the store
     * is not read; while it is queued or runs on another node, the store is read every 500 ms.
     *
     * @throws InterruptedException when the waiting thread is interrupted (the server is shutting down)
     */
    public TaskView awaitOutcome(Principal principal, String taskId, Duration timeout) throws InterruptedException {
        java.util.concurrent.CompletableFuture<Void> signal = completions.watch(taskId);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                TaskView view = peek(principal, taskId);
                Task task = view.task();
                long left = deadline - System.nanoTime();
                if (task.state().isTerminal() || left <= 0) {
                    return view;
                }
                if (signal.isDone()) { // signalled, yet not over by the store: wait for the next signal
                    signal = completions.watch(taskId);
                }
                boolean here = nodeId != null && task.state() == TaskState.RUNNING && task.leaseOwner() != null
                        && task.leaseOwner().startsWith(nodeId + "/");
                long wait = Math.min(left, (here ? LOCAL_CHECK : OTHER_NODE_CHECK).toNanos());
                try {
                    signal.get(wait, java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // read the store again: the task may run on another node
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            }
        } finally {
            completions.forget(taskId);
        }
    }

    private Task ownTask(Principal principal, String taskId, String feature) {
        if (taskId == null || taskId.isBlank()) {
            throw Refusal.invalid("task_id is required");
        }
        Task task = tasks.find(taskId)
                .filter(t -> t.keyId().equals(principal.keyId()))
                .filter(t -> feature == null || t.feature().equals(feature))
                .orElseThrow(TaskService::invalidTask);
        if (task.state().isGone()) {
            throw invalidTask();
        }
        return task;
    }

    private TaskView view(Task task) {
        int position = task.state() == TaskState.QUEUED ? tasks.queuePosition(task) : -1;
        TaskResult result = null;
        List<TaskView.OutputLink> links = new ArrayList<>();
        if (task.state() == TaskState.SUCCESS && task.result() != null) {
            result = task.result();
            for (TaskResult.Output o : result.outputs()) {
                StoredFile f = files.find(o.fileId()).orElse(null);
                links.add(new TaskView.OutputLink(o, f == null ? null : files.downloadUrl(f)));
            }
        }
        return new TaskView(task, position, result, links);
    }

    private boolean isAbandoned(Task task, Instant now) {
        return !task.pollExempt() && Duration.between(polls.lastPolled(task), now).compareTo(pollingWindow) > 0;
    }

    private void expire(Task task, Instant now) {
        finished.forget(task.id());
        if (tasks.transition(TaskTransition.of(task.id(), task.state(), TaskState.EXPIRED, now))) {
            log.info("task {} expired: not polled for more than {} s (was {})", task.id(), pollingWindow.toSeconds(),
                    task.state().dbName());
            notifyFinished(task.id());
        }
    }

    /** Tells the hooks about a transition this node made, with the record as stored now. */
    private void notifyFinished(String taskId) {
        tasks.find(taskId).ifPresent(hooks::finished);
    }

    /**
     * Deletes a finished task of {@code principal} (CONTRACTS A.7 {@code task/delete}): its record becomes a tombstone
     * and the hooks remove its result files. Unknown, foreign and already gone tasks are {@code InvalidTaskId}; tasks
     * still queued or running are {@code OperationInvalid}.
     */
    public Task delete(Principal principal, String taskId) {
        Task task = ownTask(principal, taskId, null);
        if (!task.state().isTerminal()) {
            throw new Refusal(RefusalCode.OPERATION_INVALID, "the task is not finished yet; delete it once its "
                    + "status is success or error");
        }
        finished.forget(task.id());
        if (!tasks.transition(TaskTransition.of(task.id(), task.state(), TaskState.DELETED, clock.instant()))) {
            throw invalidTask(); // expired or deleted meanwhile
        }
        log.info("task {} deleted by its owner", task.id());
        Task deleted = tasks.find(task.id()).orElse(task);
        hooks.finished(deleted);
        return deleted;
    }

    /**
     * Expires every task not polled within the window; returns how many. Safe to run on many nodes at once: this
     * node's pending polls are written first, and other nodes' may be {@link PollLedger#lag()} late, so a task is
     * only expired once the window and that lag have passed. The time is read before the flush: every poll up to it
     * is then in the store, however long the write takes.
     */
    public int expireAbandoned() {
        Instant now = clock.instant();
        polls.flush();
        int expired = 0;
        List<Task> stale;
        do {
            stale = tasks.unpolledSince(now.minus(pollingWindow).minus(PollLedger.lag()), 100);
            for (Task t : stale) {
                finished.forget(t.id());
                if (tasks.transition(TaskTransition.of(t.id(), t.state(), TaskState.EXPIRED, now))) {
                    expired++;
                    log.info("task {} expired: not polled for more than {} s (was {})", t.id(),
                            pollingWindow.toSeconds(), t.state().dbName());
                    notifyFinished(t.id());
                }
            }
        } while (stale.size() == 100);
        return expired;
    }

    private static Refusal invalidTask() {
        return new Refusal(RefusalCode.INVALID_TASK_ID, "Invalid task ID");
    }
}
