package dev.atelier.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Where each field sits in either family: run bodies, envelopes, status shapes. No behaviour lives here. */
final class Wire {
    /** Fields of a v2 run body that are not feature parameters. */
    static final Set<String> V2_RESERVED = Set.of("src_file_id", "src_file_url", "src_file_ids", "src_file_urls",
            "ref_file_id", "ref_file_url", "ref_file_ids", "ref_file_urls", "msk_file_id", "msk_file_url",
            "output_ext", "request_id");

    private Wire() {}

    /** A resolved input: a file id on the server or a URL it fetches. */
    record Ref(String fileId, URI url) {}

    static String runPath(ApiFamily family, String feature) {
        return (family == ApiFamily.LEGACY ? "/s2s/v1.0/task/" : "/s2s/v2.0/task/") + feature;
    }

    static String statusPath(ApiFamily family, String feature, String taskId) {
        return family == ApiFamily.LEGACY
                ? "/s2s/v1.0/task/" + feature + "?task_id=" + taskId
                : "/s2s/v2.0/task/" + feature + "/" + taskId;
    }

    /** The server-sent event stream of a task (an Atelier extension; other servers answer 404). */
    static String eventsPath(ApiFamily family, String feature, String taskId) {
        return (family == ApiFamily.LEGACY ? "/s2s/v1.0/task/" : "/s2s/v2.0/task/") + feature + "/" + taskId
                + "/events";
    }

    /** A {@code queued} or {@code running} event's data as a status. */
    static TaskStatus eventStatus(String taskId, JsonNode data) {
        JsonNode stage = data.path("stage");
        JsonNode position = data.path("queue_position");
        return new TaskStatus(taskId, TaskState.RUNNING, data.path("progress").asDouble(0),
                stage.isString() ? stage.asString() : null, position.isNumber() ? position.asInt() : -1,
                Duration.ofSeconds(1));
    }

    static String envelope(ApiFamily family) {
        return family == ApiFamily.LEGACY ? "result" : "data";
    }

    static Map<String, Object> runBody(ApiFamily family, long requestId, List<Ref> sources, List<Ref> refs,
            List<Ref> masks, Map<String, Object> params, String outputExt) {
        return family == ApiFamily.LEGACY
                ? legacyRun(requestId, sources, refs, masks, params, outputExt)
                : v2Run(requestId, sources, refs, masks, params, outputExt);
    }

    private static Map<String, Object> legacyRun(long requestId, List<Ref> sources, List<Ref> refs, List<Ref> masks,
            Map<String, Object> params, String outputExt) {
        Map<String, Object> fileSets = new LinkedHashMap<>();
        putIds(fileSets, "src_ids", sources);
        putIds(fileSets, "ref_ids", refs);
        putIds(fileSets, "mask_ids", masks);
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("id", 0);
        action.put("params", params);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("file_sets", fileSets);
        payload.put("actions", List.of(action));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", requestId);
        body.put("payload", payload);
        if (outputExt != null) {
            body.put("output_ext", outputExt);
        }
        return body;
    }

    private static void putIds(Map<String, Object> fileSets, String name, List<Ref> refs) {
        if (refs.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>();
        for (Ref r : refs) {
            if (r.fileId() == null) {
                throw new IllegalArgumentException("the legacy family takes file ids only; upload the image or use "
                        + "the v2 family for URL inputs");
            }
            ids.add(r.fileId());
        }
        fileSets.put(name, ids);
    }

    private static Map<String, Object> v2Run(long requestId, List<Ref> sources, List<Ref> refs, List<Ref> masks,
            Map<String, Object> params, String outputExt) {
        Map<String, Object> body = new LinkedHashMap<>();
        putRefs(body, "src", sources, true);
        putRefs(body, "ref", refs, true);
        putRefs(body, "msk", masks, false);
        for (Map.Entry<String, Object> e : params.entrySet()) {
            if (V2_RESERVED.contains(e.getKey())) {
                throw new IllegalArgumentException("'" + e.getKey() + "' is not a feature parameter: set inputs, the "
                        + "output format and the request id with their own methods");
            }
            body.put(e.getKey(), e.getValue());
        }
        if (outputExt != null) {
            body.put("output_ext", outputExt);
        }
        // Atelier reads request_id on v2 too, which makes retried v2 runs idempotent as well.
        body.put("request_id", requestId);
        return body;
    }

    private static void putRefs(Map<String, Object> body, String role, List<Ref> refs, boolean plural) {
        if (refs.size() == 1) {
            Ref r = refs.getFirst();
            if (r.fileId() != null) {
                body.put(role + "_file_id", r.fileId());
            } else {
                body.put(role + "_file_url", r.url().toString());
            }
            return;
        }
        if (refs.size() > 1 && !plural) {
            throw new IllegalArgumentException("at most one " + role + " input");
        }
        List<String> ids = refs.stream().filter(r -> r.fileId() != null).map(Ref::fileId).toList();
        List<String> urls = refs.stream().filter(r -> r.fileId() == null).map(r -> r.url().toString()).toList();
        if (!ids.isEmpty()) {
            body.put(role + "_file_ids", ids);
        }
        if (!urls.isEmpty()) {
            body.put(role + "_file_urls", urls);
        }
    }

    static String taskId(ApiFamily family, JsonNode runResponse) {
        JsonNode env = runResponse.path("result");
        if (!env.isObject()) {
            env = runResponse.path("data");
        }
        String id = env.path("task_id").asString(null);
        if (id == null) {
            throw new IllegalStateException("the run answer has no task_id: " + runResponse);
        }
        return id;
    }

    /** The status object inside the envelope of a status answer. */
    static JsonNode statusBody(ApiFamily family, JsonNode response) {
        JsonNode body = response.path(envelope(family));
        if (!body.isObject()) {
            throw new IllegalStateException("the status answer has no '" + envelope(family) + "' object: " + response);
        }
        return body;
    }

    static TaskStatus status(ApiFamily family, String taskId, JsonNode body) {
        String word = body.path(family == ApiFamily.LEGACY ? "status" : "task_status").asString(null);
        JsonNode interval = body.path("polling_interval");
        Duration poll = interval.isNumber() ? Duration.ofMillis(Math.max(0, interval.asLong()))
                : Duration.ofSeconds(1);
        JsonNode stage = body.path("stage");
        JsonNode position = body.path("queue_position");
        return new TaskStatus(taskId, TaskState.fromWire(word), body.path("progress").asDouble(0),
                stage.isString() ? stage.asString() : null, position.isNumber() ? position.asInt() : -1, poll);
    }

    static String errorCode(JsonNode body) {
        JsonNode e = body.path("error");
        return e.isString() ? e.asString() : "unknown_internal_error";
    }

    static String errorMessage(JsonNode body) {
        JsonNode e = body.path("error_message");
        return e.isString() ? e.asString() : null;
    }

    static List<TaskResult.Output> outputs(ApiFamily family, JsonNode body) {
        List<TaskResult.Output> out = new ArrayList<>();
        JsonNode results = body.path("results");
        if (family == ApiFamily.LEGACY) {
            for (JsonNode action : results) {
                for (JsonNode d : action.path("data")) {
                    out.add(output(d));
                }
            }
        } else if (results.path("output").isArray()) {
            for (JsonNode d : results.path("output")) {
                out.add(output(d));
            }
        } else if (results.isObject() && results.has("url")) {
            out.add(output(results));
        }
        return out;
    }

    private static TaskResult.Output output(JsonNode d) {
        Map<String, Object> extras = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : d.properties()) {
            if (!e.getKey().equals("url") && !e.getKey().equals("dst_id")) {
                extras.put(e.getKey(), Transport.JSON.convertValue(e.getValue(), Object.class));
            }
        }
        return new TaskResult.Output(d.path("dst_id").asString(null), d.path("url").asString(null), extras);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metadata(JsonNode body) {
        JsonNode m = body.path("metadata");
        return m.isObject()
                ? java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Transport.JSON.convertValue(m, Map.class)))
                : Map.of();
    }
}
