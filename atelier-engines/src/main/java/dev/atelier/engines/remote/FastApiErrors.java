package dev.atelier.engines.remote;

import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.generation.ProviderError.Code;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Error bodies in the FastAPI/pydantic shape BFL and fal use: {@code {"detail": "text"}} or {@code {"detail":
 * [{"loc": ["body", "width"], "msg": "...", "type": "..."}]}}, optionally with fal's {@code error_type}.
 */
final class FastApiErrors {
    private FastApiErrors() {}

    static ProviderError map(Upstream upstream, Upstream.Response r) {
        JsonNode root = Json.parseOrNull(r.body());
        JsonNode detail = root == null ? null : root.get("detail");
        String message = null;
        String param = null;
        String type = root == null ? null : Json.text(root, "error_type");
        if (detail != null && detail.isArray()) {
            List<String> msgs = new ArrayList<>();
            for (JsonNode d : detail) {
                msgs.add(Json.text(d, "msg"));
                if (type == null) {
                    type = Json.text(d, "type");
                }
                JsonNode loc = d.path("loc");
                if (param == null && loc.isArray() && !loc.isEmpty()) {
                    JsonNode last = loc.get(loc.size() - 1);
                    param = last.isString() && !last.asString().equals("body") ? last.asString() : null;
                }
            }
            message = String.join("; ", msgs.stream().filter(m -> m != null).toList());
        } else if (detail != null && detail.isString()) {
            message = detail.asString();
        } else if (root != null && Json.text(root, "message") != null) {
            message = Json.text(root, "message");
        }
        if (type == null) {
            type = r.header("x-fal-error-type");
        }
        ProviderError.Builder b = upstream.errorFor(r, message).upstreamCode(type).param(param);
        String t = ((type == null ? "" : type) + " " + (message == null ? "" : message)).toLowerCase(Locale.ROOT);
        if (t.contains("content_policy") || t.contains("moderat") || t.contains("nsfw")) {
            b.code(Code.CONTENT_POLICY);
        }
        return b.build();
    }
}
