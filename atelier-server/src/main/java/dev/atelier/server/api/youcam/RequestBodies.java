package dev.atelier.server.api.youcam;

import dev.atelier.server.errors.Refusal;
import dev.atelier.server.tasks.TaskRequest;
import dev.atelier.server.tasks.WireFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Translates both YouCam run-request shapes into the neutral {@link TaskRequest}. No rule about a feature lives
 * here: only where each field sits on the wire.
 */
final class RequestBodies {
    static final Set<String> V2_INPUT_FIELDS = Set.of("src_file_id", "src_file_url", "src_file_ids",
            "src_file_urls", "ref_file_id", "ref_file_url", "ref_file_ids", "ref_file_urls", "msk_file_id",
            "msk_file_url", "output_ext", "request_id");

    private RequestBodies() {}

    /** The legacy shape: {@code {request_id, payload: {file_sets, actions: [{id, params}]}, output_ext}}. */
    static TaskRequest legacy(String feature, JsonNode body) {
        JsonNode payload = body.path("payload");
        if (!payload.isObject()) {
            throw Refusal.invalid("payload is required and must be an object");
        }
        Long requestId = requestId(body, true);
        JsonNode fileSets = payload.path("file_sets");
        TaskRequest.Inputs inputs = new TaskRequest.Inputs(
                fileIds(fileSets, "src_ids"), fileIds(fileSets, "ref_ids"), fileIds(fileSets, "mask_ids"));
        JsonNode actions = payload.path("actions");
        if (!actions.isArray() || actions.size() != 1) {
            throw Refusal.invalid("payload.actions must hold exactly one action");
        }
        JsonNode action = actions.get(0);
        JsonNode id = action.path("id");
        if (!id.isMissingNode() && !(id.isIntegralNumber() && id.canConvertToInt())) {
            throw Refusal.invalid("payload.actions[0].id must be a 32-bit integer");
        }
        JsonNode params = action.path("params");
        if (!params.isMissingNode() && !params.isNull() && !params.isObject()) {
            throw Refusal.invalid("payload.actions[0].params must be an object");
        }
        // output_ext sits beside payload in the legacy doc and inside it in client code: accept both.
        String outputExt = text(payload, "output_ext");
        if (outputExt == null) {
            outputExt = text(body, "output_ext");
        }
        return new TaskRequest(feature, WireFamily.LEGACY, requestId, inputs, toMap(params), outputExt,
                id.isMissingNode() ? 0 : id.asInt());
    }

    /** The v2 shape: flat {@code src_file_id|src_file_url}, {@code ref_*}, {@code msk_*} and feature fields. */
    static TaskRequest flat(String feature, JsonNode body) {
        TaskRequest.Inputs inputs = new TaskRequest.Inputs(
                refs(body, "src_file_id", "src_file_url", "src_file_ids", "src_file_urls"),
                refs(body, "ref_file_id", "ref_file_url", "ref_file_ids", "ref_file_urls"),
                refs(body, "msk_file_id", "msk_file_url", null, null));
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            if (!V2_INPUT_FIELDS.contains(e.getKey())) {
                params.put(e.getKey(), plain(e.getValue()));
            }
        }
        return new TaskRequest(feature, WireFamily.V2, requestId(body, false), inputs, params,
                text(body, "output_ext"), 0);
    }

    private static Long requestId(JsonNode body, boolean required) {
        JsonNode r = body.path("request_id");
        if (r.isMissingNode() || r.isNull()) {
            if (required) {
                throw Refusal.invalid("request_id is required: an integer, incremented from 0 per new task");
            }
            return null;
        }
        if (!r.isIntegralNumber() || !r.canConvertToLong() || r.asLong() < 0) {
            throw Refusal.invalid("request_id must be a non-negative 64-bit integer");
        }
        return r.asLong();
    }

    private static List<TaskRequest.InputRef> fileIds(JsonNode fileSets, String name) {
        JsonNode ids = fileSets.path(name);
        if (ids.isMissingNode() || ids.isNull()) {
            return List.of();
        }
        if (!ids.isArray()) {
            throw Refusal.invalid("payload.file_sets." + name + " must be an array of file ids");
        }
        List<TaskRequest.InputRef> out = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isString() || id.asString().isBlank()) {
                throw Refusal.invalid("payload.file_sets." + name + " must hold file id strings");
            }
            out.add(TaskRequest.InputRef.file(id.asString()));
        }
        return out;
    }

    private static List<TaskRequest.InputRef> refs(JsonNode body, String idField, String urlField, String idsField,
            String urlsField) {
        List<TaskRequest.InputRef> out = new ArrayList<>();
        String id = text(body, idField);
        String url = text(body, urlField);
        if (id != null && url != null) {
            throw Refusal.invalid("send either " + idField + " or " + urlField + ", not both");
        }
        if (id != null) {
            out.add(TaskRequest.InputRef.file(id));
        }
        if (url != null) {
            out.add(TaskRequest.InputRef.url(url));
        }
        if (idsField != null) {
            for (String s : strings(body, idsField)) {
                out.add(TaskRequest.InputRef.file(s));
            }
            for (String s : strings(body, urlsField)) {
                out.add(TaskRequest.InputRef.url(s));
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode a = body.path(field);
        if (a.isMissingNode() || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw Refusal.invalid(field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : a) {
            if (!n.isString()) {
                throw Refusal.invalid(field + " must be an array of strings");
            }
            out.add(n.asString());
        }
        return out;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw Refusal.invalid(field + " must be a string");
        }
        return v.asString();
    }

    private static Map<String, Object> toMap(JsonNode params) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (params != null && params.isObject()) {
            for (Map.Entry<String, JsonNode> e : params.properties()) {
                m.put(e.getKey(), plain(e.getValue()));
            }
        }
        return m;
    }

    /** JSON to plain Java values (Map, List, String, Number, Boolean, null) for the neutral request. */
    private static Object plain(JsonNode n) {
        if (n.isObject()) {
            return toMap(n);
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(plain(x)));
            return l;
        }
        if (n.isIntegralNumber()) { // beyond 64 bits stays a BigInteger, which no integer parameter accepts
            return n.canConvertToInt() ? (Object) n.asInt()
                    : n.canConvertToLong() ? (Object) n.asLong() : (Object) n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isNull()) {
            return null;
        }
        return n.asString();
    }
}
