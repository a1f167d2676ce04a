package dev.atelier.server.api.openai;

import dev.atelier.server.errors.TaskFailure;
import dev.atelier.engines.EngineCode;
import dev.atelier.server.files.FileService;
import dev.atelier.server.files.StoredFile;
import dev.atelier.server.json.Json;
import dev.atelier.server.tasks.Task;
import dev.atelier.server.tasks.TaskResult;
import dev.atelier.server.tasks.TaskState;
import dev.atelier.server.tasks.TaskView;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer of an images request once its task finished: {@code data} ({@code url}, signed and expiring, or
 * {@code b64_json}), {@code usage} and the serving {@code provider}, or OpenAI's event stream; a failed task as the
 * OpenAI error its engine code maps to (one exhaustive switch).
 */
final class Answers {
    private static final Logger log = LoggerFactory.getLogger(Answers.class);

    private final FileService files;
    private final Duration urlTtl;
    private final InstantSource clock;

    Answers(FileService files, Duration urlTtl, InstantSource clock) {
        this.files = files;
        this.urlTtl = urlTtl;
        this.clock = clock;
    }

    void respond(Context ctx, TaskView view, Asked asked, long startNanos, String stream) {
        String responseFormat = asked.responseFormat();
        Task task = view.task();
        if (task.state() == TaskState.ERROR) {
            throw taskError(task);
        }
        TaskResult result = view.result();
        Duration ttl = urlTtl;
        List<Map<String, Object>> data = new ArrayList<>();
        for (TaskResult.Output o : result.outputs()) {
            StoredFile file = files.find(o.fileId()).orElseThrow(() -> OpenAiError.SERVER_ERROR.with(
                    "result file " + o.fileId() + " is missing", null));
            Map<String, Object> item = new LinkedHashMap<>();
            if (stream != null || responseFormat.equals("b64_json")) {
                try {
                    item.put("b64_json", Base64.getEncoder().encodeToString(files.read(file)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                item.put("url", files.downloadUrl(file, ttl));
            }
            Object revised = o.extras() == null ? null : o.extras().get("revised_prompt");
            if (revised != null) {
                item.put("revised_prompt", revised);
            }
            data.add(item);
        }
        Map<String, Object> meta = result.metadata();
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("cost", meta.get("cost"));
        usage.put("latency_ms", (System.nanoTime() - startNanos) / 1_000_000);
        TaskResult.Output first = result.outputs().getFirst();
        usage.put("image_size", first.width() + "x" + first.height());
        usage.put("model_used", meta.get("model"));
        usage.put("provider", meta.get("provider"));
        if (meta.get("tokens") instanceof Map<?, ?> tokens) {
            tokens.forEach((k, v) -> usage.put(String.valueOf(k), v));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("created", clock.instant().getEpochSecond());
        body.put("data", data);
        body.put("usage", usage);
        body.put("provider", meta.get("provider"));
        body.put("output_format", first.format().equals("jpg") ? "jpeg" : first.format());
        body.put("size", first.width() + "x" + first.height());
        log.info("task {} answered on {}: provider={} model={} cost={}", task.id(), ctx.path(), meta.get("provider"),
                meta.get("model"), meta.get("cost"));
        if (stream != null) {
            sendEvents(ctx, stream, body, asked.params());
        } else {
            ctx.json(body);
        }
    }

    /**
     * OpenAI's image stream: one {@code <prefix>.completed} event per picture ({@code type}, {@code b64_json},
     * {@code created_at}, {@code size}, {@code output_format}, {@code background}, {@code quality}, {@code usage}). The task has finished when this runs,
     * so errors before it are ordinary JSON errors with their HTTP status.
     */
    @SuppressWarnings("unchecked")
    private static void sendEvents(Context ctx, String prefix, Map<String, Object> body, Map<String, Object> asked) {
        StringBuilder out = new StringBuilder();
        List<Map<String, Object>> data = (List<Map<String, Object>>) body.get("data");
        for (int i = 0; i < data.size(); i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", prefix + ".completed");
            event.put("b64_json", data.get(i).get("b64_json"));
            event.put("image_index", i);
            event.put("created_at", body.get("created"));
            event.put("size", body.get("size"));
            event.put("output_format", body.get("output_format"));
            // OpenAI's clients read these: what was asked, as far as the picture shows it
            event.put("background", "transparent".equals(asked.get("background")) ? "transparent" : "opaque");
            event.put("quality", asked.getOrDefault("quality", "auto"));
            event.put("provider", body.get("provider"));
            event.put("usage", body.get("usage"));
            out.append("event: ").append(prefix).append(".completed\n")
                    .append("data: ").append(Json.MAPPER.writeValueAsString(event)).append("\n\n");
        }
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/event-stream").result(out.toString());
    }

    /** A failed task as the OpenAI error that fits its engine code. */
    static OpenAiException taskError(Task task) {
        TaskFailure failure = TaskFailure.of(task.errorCode(), task.errorMessage());
        String message = failure.message();
        return switch (failure.code()) {
            case TaskFailure.TimedOut t -> OpenAiError.TIMEOUT.with(message, null);
            case TaskFailure.Engine(EngineCode code) -> switch (code) {
                case INVALID_PARAMETER -> OpenAiException.invalid(message, null);
                case ERROR_NSFW_CONTENT_DETECTED -> OpenAiError.CONTENT_POLICY_VIOLATION.with(message, "prompt");
                case ERROR_DOWNLOAD_IMAGE, ERROR_DECODE_IMAGE, EXCEED_MAX_FILESIZE, ERROR_EXCEED_MAX_IMAGE_SIZE,
                        ERROR_BELOW_MIN_IMAGE_SIZE, ERROR_UNSUPPORT_RATIO -> OpenAiException.invalid(message, "image");
                case ERROR_DOWNLOAD_MASK, ERROR_DECODE_MASK, SIZE_MISMATCH_ON_INPUT_IMAGE_AND_MASK ->
                        OpenAiException.invalid(message, "mask");
                case ERROR_INFERENCE -> failure.retryAfter().isPresent()
                        ? new OpenAiException(OpenAiError.RATE_LIMIT_EXCEEDED, message, null,
                                OpenAiApi.retryAfter(failure.retryAfter()))
                        : OpenAiError.UPSTREAM_ERROR.with(message, null);
                // face and video checks and internal failures: no OpenAI route runs those features, so these are ours
                case ERROR_NO_FACE, ERROR_MULTIPLE_PEOPLE, ERROR_LARGE_FACE_ANGLE, ERROR_FACE_POSITION_TOO_SMALL,
                        ERROR_SRC_NO_FACE, ERROR_REF_NO_FACE, ERROR_SRC_FACE_TOO_SMALL, ERROR_REF_FACE_TOO_SMALL,
                        ERROR_SRC_LARGE_FACE_ANGLE, ERROR_REF_LARGE_FACE_ANGLE, ERROR_FACE_ANGLE_UPWARD,
                        ERROR_FACE_ANGLE_DOWNWARD, ERROR_FACE_ANGLE_LEFTWARD, ERROR_FACE_ANGLE_RIGHTWARD,
                        ERROR_FACE_ANGLE_LEFT_TILT, ERROR_FACE_ANGLE_RIGHT_TILT, ERROR_DOWNLOAD_VIDEO, ERROR_DECODE_VIDEO,
                        ERROR_UNEXPECTED_VIDEO_DURATION, UNKNOWN_INTERNAL_ERROR ->
                        OpenAiError.SERVER_ERROR.with(message + " (" + code.wire() + ")", null);
            };
        };
    }
}
