package dev.atelier.server.api.youcam;

import dev.atelier.server.effects.ResultShape;
import dev.atelier.server.tasks.Task;
import dev.atelier.server.tasks.TaskState;
import dev.atelier.server.tasks.TaskView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a task status in either family. Both carry the contract's fields; Atelier adds {@code progress},
 * {@code stage}, {@code queue_position} and {@code metadata} (how the result was made), which clients of the
 * original API ignore.
 */
final class StatusBodies {
    private StatusBodies() {}

    /** The contract's status word: queued tasks are {@code running} (the enum has no queued). */
    static String wireStatus(TaskState state) {
        return switch (state) {
            case QUEUED, RUNNING -> "running";
            case SUCCESS -> "success";
            case ERROR -> "error";
            case EXPIRED, DELETED -> throw new IllegalStateException("gone tasks have no status");
        };
    }

    /** {@code result} of {@code GET /s2s/v1.0/task/<feature>?task_id=}. */
    static Map<String, Object> legacy(TaskView view, long pollingIntervalMs, int actionId) {
        Task t = view.task();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("polling_interval", pollingIntervalMs);
        r.put("status", wireStatus(t.state()));
        r.put("error", t.state() == TaskState.ERROR ? t.errorCode() : null);
        r.put("error_message", t.state() == TaskState.ERROR ? t.errorMessage() : null);
        List<Map<String, Object>> data = new ArrayList<>();
        for (TaskView.OutputLink link : view.outputs()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("dst_id", link.output().fileId());
            d.put("url", link.url());
            d.putAll(link.output().extras());
            data.add(d);
        }
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("id", actionId);
        action.put("data", data);
        if (!agingSummary(view).isEmpty()) {
            action.put("custom_info", agingSummary(view)); // the legacy doc's aging summary
        }
        r.put("results", t.state() == TaskState.SUCCESS ? List.of(action) : List.of());
        addProgress(r, view);
        return r;
    }

    /** {@code data} of {@code GET /s2s/v2.x/task/<feature>/<task_id>}. */
    static Map<String, Object> v2(TaskView view, long pollingIntervalMs, ResultShape shape) {
        Task t = view.task();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("task_status", wireStatus(t.state()));
        d.put("error", t.state() == TaskState.ERROR ? t.errorCode() : null);
        d.put("error_message", t.state() == TaskState.ERROR ? t.errorMessage() : null);
        d.put("polling_interval", pollingIntervalMs);
        if (t.state() == TaskState.SUCCESS) {
            List<Map<String, Object>> outputs = new ArrayList<>();
            for (TaskView.OutputLink link : view.outputs()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("url", link.url());
                o.put("dst_id", link.output().fileId());
                o.putAll(link.output().extras());
                outputs.add(o);
            }
            d.put("results", switch (shape) {
                case SINGLE_URL -> outputs.isEmpty() ? Map.of() : outputs.getFirst();
                case OUTPUT_LIST -> Map.of("output", outputs);
                case AGING -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("output", outputs);
                    r.putAll(agingSummary(view));
                    yield r;
                }
            });
        }
        addProgress(d, view);
        return d;
    }

    /** The aging summary (age of the input, its index among the outputs, …), or empty for other features. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> agingSummary(TaskView view) {
        if (view.result() != null && view.result().metadata().get(ResultShape.AGING_SUMMARY) instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        return Map.of();
    }

    private static void addProgress(Map<String, Object> m, TaskView view) {
        Task t = view.task();
        m.put("progress", t.progress());
        if (t.stage() != null && t.state() == TaskState.RUNNING) {
            m.put("stage", t.stage());
        }
        if (view.queuePosition() >= 0) {
            m.put("queue_position", view.queuePosition());
        }
        if (view.result() != null && !view.result().metadata().isEmpty()) {
            m.put("metadata", view.result().metadata());
        }
    }
}
