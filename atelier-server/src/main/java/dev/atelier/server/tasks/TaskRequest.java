package dev.atelier.server.tasks;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    /** Input images by role. */
    public record Inputs(List<InputRef> sources, List<InputRef> refs, List<InputRef> masks) {
        public static final Inputs NONE = new Inputs(List.of(), List.of(), List.of());
    }

    /**
     * Where one input comes from: a file of the caller's, or a URL the worker fetches. Stored as {@code {"fileId": …}}
     * or {@code {"url": …}}; rows written before this type was sealed hold both keys, one of them null, and read back
     * the same.
     */
    public sealed interface InputRef {
        /** A file the caller uploaded (or a result it got), by id. */
        record File(String fileId) implements InputRef {
            public File {
                Objects.requireNonNull(fileId, "fileId");
            }
        }

        /** An http(s) URL, fetched through the address guard when the task runs. */
        record Url(String url) implements InputRef {
            public Url {
                Objects.requireNonNull(url, "url");
            }
        }

        static InputRef file(String id) {
            return new File(id);
        }

        static InputRef url(String url) {
            return new Url(url);
        }

        /** The stored form back: exactly one of the two keys holds a value. */
        @JsonCreator
        static InputRef fromJson(@JsonProperty("fileId") String fileId, @JsonProperty("url") String url) {
            if ((fileId == null) == (url == null)) {
                throw new IllegalArgumentException("an input reference has exactly one of fileId and url");
            }
            return fileId != null ? new File(fileId) : new Url(url);
        }
    }
}
