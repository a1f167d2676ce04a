package dev.atelier.server.tasks;

import java.util.List;
import java.util.Map;

/**
 * The neutral form of a run request that every adapter produces: what to do, to which inputs, with which parameters.
 *
 * @param requestId    legacy idempotency key, or null
 * @param params       feature parameters as the client sent them (validated by the effect)
 * @param outputFormat requested {@code output_ext}, or null for the effect's default
 * @param actionId     the legacy {@code actions[0].id}, echoed in status {@code results[].id}; 0 otherwise
 */
public record TaskRequest(
        String feature,
        WireFamily family,
        Long requestId,
        Inputs inputs,
        Map<String, Object> params,
        String outputFormat,
        int actionId) {

    /** Input images by role; each reference is a file id or a URL. */
    public record Inputs(List<InputRef> sources, List<InputRef> refs, List<InputRef> masks) {
        public static final Inputs NONE = new Inputs(List.of(), List.of(), List.of());
    }

    /** Exactly one of {@code fileId} and {@code url}. */
    public record InputRef(String fileId, String url) {
        public static InputRef file(String id) {
            return new InputRef(id, null);
        }

        public static InputRef url(String url) {
            return new InputRef(null, url);
        }
    }
}
