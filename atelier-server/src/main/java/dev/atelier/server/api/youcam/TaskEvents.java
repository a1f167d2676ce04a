package dev.atelier.server.api.youcam;

import dev.atelier.server.accounts.Credentials;
import dev.atelier.server.accounts.Principal;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.json.Json;
import dev.atelier.server.tasks.Task;
import dev.atelier.server.tasks.TaskHooks;
import dev.atelier.server.tasks.TaskService;
import dev.atelier.server.tasks.TaskState;
import dev.atelier.server.tasks.TaskView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Live progress as server-sent events: {@code GET /s2s/<version>/task/<feature>/<task_id>/events} streams the task's
 * state until it ends: {@code queued} (with its place in line), {@code running} (with progress and stage), then
 * {@code success} (with the result links of a status response) or {@code error}. Any holder of the task's credential
 * may listen, on any node; an open stream counts as polling, so the task does not expire while someone watches.
 *
 * <p>Changes made on this node arrive at once through the task hooks (a fast task still shows its running step);
 * changes made elsewhere are seen by re-reading the task every second, which is also the poll that keeps it alive.
 */
public final class TaskEvents implements TaskHooks {
    private static final Duration REFRESH = Duration.ofSeconds(1);
    private static final Set<String> VERSIONS = Set.of("v1.0", "v2.0", "v2.1");

    /** What a listener is told: a state change or progress, as the node that made it saw it. */
    private record Snapshot(TaskState state, double progress, String stage) {}

    private final Credentials credentials;
    private final TaskService tasks;
    private final Effects effects;
    private final long pollingIntervalMs;
    private final Duration maxStream;
    private final Map<String, Set<BlockingQueue<Snapshot>>> listeners = new ConcurrentHashMap<>();

    /** @param maxStream how long one stream may stay open (the task timeout plus a margin) */
    public TaskEvents(Credentials credentials, TaskService tasks, Effects effects, Duration pollingInterval,
            Duration maxStream) {
        this.credentials = credentials;
        this.tasks = tasks;
        this.effects = effects;
        this.pollingIntervalMs = pollingInterval.toMillis();
        this.maxStream = maxStream;
    }

    /** Installs the route; must run before {@link YouCamApi#install}, whose status route would match it too. */
    public void install(RoutesConfig routes) {
        routes.get("/s2s/{version}/task/<feature>/{task_id}/events", this::stream);
    }

    // ---- hooks: changes on this node

    @Override
    public void progressed(Task task, double fraction, String stage) {
        publish(task.id(), new Snapshot(TaskState.RUNNING, fraction, stage));
    }

    @Override
    public void finished(Task task) {
        publish(task.id(), new Snapshot(task.state(), task.progress(), null));
    }

    private void publish(String taskId, Snapshot s) {
        Set<BlockingQueue<Snapshot>> set = listeners.get(taskId);
        if (set != null) {
            set.forEach(q -> q.offer(s));
        }
    }

    // ---- the stream

    private void stream(Context ctx) throws IOException {
        String version = ctx.pathParam("version");
        if (!VERSIONS.contains(version)) {
            throw new Refusal(dev.atelier.server.errors.RefusalCode.NOT_FOUND, "Unknown API version '" + version + "'");
        }
        Principal principal = credentials.authenticate(ctx.header("Authorization"), version.equals("v1.0"));
        String featurePath = ctx.pathParam("feature");
        Effect effect = (version.equals("v1.0") ? effects.byLegacySlug(featurePath)
                : effects.byV2Path(version + "/task/" + featurePath).or(() -> effects.byLegacySlug(featurePath)))
                .orElseThrow(() -> Refusal.invalid("Unknown feature '" + featurePath + "'"));
        String feature = effect.spec().feature();
        String taskId = ctx.pathParam("task_id");
        BlockingQueue<Snapshot> queue = new LinkedBlockingQueue<>(1024);
        listeners.computeIfAbsent(taskId, k -> ConcurrentHashMap.newKeySet()).add(queue);
        try {
            TaskView view = tasks.status(principal, taskId, feature); // InvalidTaskId before any byte is sent
            ctx.status(200);
            ctx.contentType("text/event-stream");
            ctx.header("Cache-Control", "no-cache");
            ctx.header("X-Accel-Buffering", "no");
            OutputStream out = ctx.res().getOutputStream();
            Emitter emitter = new Emitter(out, effect, taskId);
            emitter.view(view);
            long deadline = System.nanoTime() + maxStream.toNanos();
            long nextRefresh = System.nanoTime() + REFRESH.toNanos();
            while (!emitter.ended && System.nanoTime() < deadline) {
                Snapshot s = queue.poll(Math.max(1, nextRefresh - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (s != null && !s.state().isTerminal()) {
                    emitter.snapshot(s, -1);
                    continue;
                }
                // a terminal change, or time to look again (other nodes' changes; keeps the task polled)
                nextRefresh = System.nanoTime() + REFRESH.toNanos();
                try {
                    emitter.view(tasks.status(principal, taskId, feature));
                } catch (Refusal gone) {
                    emitter.event("gone", Map.of("task_id", taskId, "error_code", dev.atelier.server.api.YouCamErrors.wireCode(gone.code())));
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientLeft) {
            // the client closed the stream: nothing to tell anyone
        } finally {
            Set<BlockingQueue<Snapshot>> set = listeners.get(taskId);
            if (set != null) {
                set.remove(queue);
                listeners.computeIfPresent(taskId, (k, v) -> v.isEmpty() ? null : v);
            }
        }
    }

    /** Writes events, skipping ones that would repeat the last. */
    private final class Emitter {
        private final OutputStream out;
        private final Effect effect;
        private final String taskId;
        private long sequence;
        private Object last;
        boolean ended;

        Emitter(OutputStream out, Effect effect, String taskId) {
            this.out = out;
            this.effect = effect;
            this.taskId = taskId;
        }

        void view(TaskView view) throws IOException {
            Task t = view.task();
            if (t.state().isTerminal()) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("task_id", t.id());
                data.put("state", t.state().dbName());
                data.putAll(StatusBodies.v2(view, pollingIntervalMs, effect.spec().resultShape()));
                event(t.state().dbName(), data);
                ended = true;
                return;
            }
            snapshot(new Snapshot(t.state(), t.progress(), t.stage()), view.queuePosition());
        }

        void snapshot(Snapshot s, int queuePosition) throws IOException {
            List<Object> key = java.util.Arrays.asList(s.state(), s.progress(), s.stage(), queuePosition);
            if (Objects.equals(key, last)) {
                return;
            }
            last = key;
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("task_id", taskId);
            data.put("state", s.state().dbName());
            data.put("task_status", "running");
            data.put("progress", s.progress());
            if (s.stage() != null) {
                data.put("stage", s.stage());
            }
            if (queuePosition >= 0) {
                data.put("queue_position", queuePosition);
            }
            event(s.state().dbName(), data);
        }

        void event(String name, Map<String, Object> data) throws IOException {
            String text = "id: " + (++sequence) + "\nevent: " + name + "\ndata: " + Json.write(data) + "\n\n";
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
