package dev.atelier.server.api.youcam;

import dev.atelier.server.accounts.Credentials;
import dev.atelier.server.accounts.Principal;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.api.Envelope;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.errors.TaskFailure;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.files.FileService;
import dev.atelier.server.json.Json;
import dev.atelier.server.tasks.Task;
import dev.atelier.server.tasks.TaskRequest;
import dev.atelier.server.tasks.TaskService;
import dev.atelier.server.tasks.TaskState;
import dev.atelier.server.tasks.TaskView;
import io.javalin.config.RoutesConfig;
import dev.atelier.server.ratelimit.RateLimitFilter;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The YouCam-compatible routes: auth, File API, run and status, in both wire families (CONTRACTS A.0–A.5).
 *
 * <p>The family is chosen as CONTRACTS A.0 recommends: a run body with {@code payload} is legacy whatever the version
 * segment; a status asked with {@code ?task_id=} answers in the legacy shape, one with the id in the path in the v2
 * shape. Features are looked up in the effect table, so a feature added there is served here with no change.
 */
public final class YouCamApi {
    private static final Set<String> VERSIONS = Set.of("v1.0", "v2.0", "v2.1");

    private final Credentials credentials;
    private final FileService files;
    private final TaskService tasks;
    private final Effects effects;
    private final long pollingIntervalMs;

    public YouCamApi(Credentials credentials, FileService files, TaskService tasks, Effects effects,
            Duration pollingInterval) {
        this.credentials = credentials;
        this.files = files;
        this.tasks = tasks;
        this.effects = effects;
        this.pollingIntervalMs = pollingInterval.toMillis();
    }

    public void install(RoutesConfig routes) {
        routes.post("/s2s/v1.0/client/auth", this::auth);
        routes.post("/s2s/v1.0/file/<feature>", ctx -> createFiles(ctx, true, ctx.pathParam("feature")));
        routes.post("/s2s/v2.0/file", ctx -> createFiles(ctx, false, null));
        routes.post("/s2s/v2.0/file/<feature>", ctx -> createFiles(ctx, false, ctx.pathParam("feature")));
        claimedTaskPaths().forEach((version, keys) -> keys.forEach(key -> {
            String path = "/s2s/" + version + "/task/" + key;
            routes.post(path, ctx -> run(ctx, version, key));
            routes.get(path, ctx -> status(ctx, version, key));
            routes.get(path + "/{task_id}", ctx -> status(ctx, version, key + "/" + ctx.pathParam("task_id")));
        }));
        routes.put("/uploads/{fileId}", this::upload);
        routes.get("/files/{fileId}", this::download);
    }

    /**
     * The run and status paths the effect table claims, by version: on v1.0 the legacy slugs; on v2.x the v2 paths,
     * then the legacy slugs (some v2 features still take legacy bodies, face swap). Registering each one, instead of
     * a catch-all, is what lets the other {@code /s2s/.../task/...} routes be installed in any order.
     */
    private Map<String, Set<String>> claimedTaskPaths() {
        Map<String, Set<String>> byVersion = new LinkedHashMap<>();
        for (String version : List.of("v1.0", "v2.0", "v2.1")) {
            Set<String> keys = new java.util.LinkedHashSet<>();
            if (!version.equals("v1.0")) {
                String prefix = version + "/task/";
                effects.v2Paths().keySet().stream().filter(p -> p.startsWith(prefix)).sorted()
                        .forEach(p -> keys.add(p.substring(prefix.length())));
            }
            keys.addAll(new java.util.TreeSet<>(effects.legacySlugs().keySet()));
            byVersion.put(version, keys);
        }
        return byVersion;
    }

    /**
     * Answers a request on a task path no effect claims (called by the 404 handler): an unknown version or feature,
     * in the same words and order of checks (version, then credentials, then feature) as a claimed path.
     *
     * @return false when the path is not a task run or status path
     */
    public boolean answerUnclaimedTaskPath(Context ctx) {
        java.util.regex.Matcher m = TASK_PATH.matcher(ctx.path());
        if (!m.matches()) {
            return false;
        }
        switch (ctx.method().name()) {
            case "POST" -> run(ctx, m.group(1), m.group(2));
            case "GET" -> status(ctx, m.group(1), m.group(2));
            default -> {
                return false;
            }
        }
        return true;
    }

    private static final java.util.regex.Pattern TASK_PATH =
            java.util.regex.Pattern.compile("^/s2s/([^/]+)/task/(.+?)/?$");

    /**
     * Task status polls for the rate limits: every GET on a task path. A refused one is recorded as a poll of the
     * task it names when its credential is valid (the task id itself is the secret that picks the task; nothing is
     * answered). An event stream ({@code …/events}) is not a poll.
     */
    public RateLimitFilter.StatusPolls statusPolls() {
        return new RateLimitFilter.StatusPolls() {
            @Override
            public boolean isStatusPoll(Context ctx) {
                return ctx.method() == io.javalin.http.HandlerType.GET && TASK_PATH.matcher(ctx.path()).matches()
                        && !ctx.path().endsWith("/events");
            }

            @Override
            public void refused(Context ctx) {
                java.util.regex.Matcher m = TASK_PATH.matcher(ctx.path());
                if (!m.matches()) {
                    return;
                }
                String queryId = ctx.queryParam("task_id");
                String path = m.group(2);
                String taskId = queryId != null ? queryId : path.substring(path.lastIndexOf('/') + 1);
                if (taskId.isEmpty() || (queryId == null && path.indexOf('/') < 0)) {
                    return;
                }
                try {
                    tasks.refusedPoll(principal(ctx, m.group(1).equals("v1.0")), taskId);
                } catch (RuntimeException e) {
                    // a bad credential or a store hiccup: the answer stays the 429 either way
                }
            }
        };
    }

    // ---- auth

    private void auth(Context ctx) {
        JsonNode body = jsonBody(ctx);
        Credentials.AccessToken token = credentials.exchange(RequestBodies.text(body, "client_id"),
                RequestBodies.text(body, "id_token"));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("access_token", token.token());
        result.put("expires_in", token.expiresInSeconds());
        ctx.json(Envelope.legacy(result));
    }

    private Principal principal(Context ctx, boolean legacy) {
        return credentials.authenticate(ctx.header("Authorization"), legacy);
    }

    // ---- File API

    private void createFiles(Context ctx, boolean legacy, String featurePath) {
        Principal p = principal(ctx, legacy);
        String feature = null;
        if (featurePath != null) {
            Effect e = (legacy ? effects.byLegacySlug(featurePath)
                    : effects.byV2Path("v2.0/task/" + featurePath).or(() -> effects.byLegacySlug(featurePath)))
                    .orElseThrow(() -> unknownFeature(featurePath));
            feature = e.spec().feature();
        }
        JsonNode body = jsonBody(ctx);
        JsonNode items = body.path("files");
        if (!items.isArray()) {
            throw Refusal.invalid("files is required: an array of {content_type, file_name"
                    + (legacy ? "" : ", file_size") + "}");
        }
        List<FileService.FileRequest> requests = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isObject()) {
                throw Refusal.invalid("each item of files must be an object");
            }
            JsonNode size = item.path("file_size");
            if (!size.isMissingNode() && !size.isNull() && !size.isIntegralNumber()) {
                throw Refusal.invalid("file_size must be an integer number of bytes");
            }
            requests.add(new FileService.FileRequest(RequestBodies.text(item, "content_type"),
                    RequestBodies.text(item, "file_name"), size.isIntegralNumber() ? size.asLong() : null));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (FileService.UploadSlot slot : files.createUploads(p.keyId(), feature, requests, !legacy)) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("content_type", slot.file().contentType());
            f.put("file_name", slot.file().fileName());
            if (slot.file().declaredSize() != null) {
                f.put("file_size", slot.file().declaredSize());
            }
            f.put("file_id", slot.file().id());
            f.put("requests", List.of(Map.of("method", "PUT", "url", slot.url(), "headers", slot.headers())));
            out.add(f);
        }
        Map<String, Object> result = Map.of("files", out);
        ctx.json(legacy ? Envelope.legacy(result) : Envelope.v2(result));
    }

    private void upload(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        try (var in = ctx.req().getInputStream()) {
            files.acceptUpload(ctx.pathParam("fileId"), ctx.queryParam("expires"), ctx.queryParam("signature"),
                    ctx.header("Content-Type"), length, in);
        } catch (java.io.IOException e) {
            throw Refusal.invalid("the upload was interrupted: " + e.getMessage());
        }
        ctx.status(200);
    }

    private void download(Context ctx) {
        FileService.Download d = files.openDownload(ctx.pathParam("fileId"), ctx.queryParam("expires"),
                ctx.queryParam("signature"));
        if (!credentials.isUsable(d.file().keyId())) { // checked after the signature: no key states for strangers
            try {
                d.body().close();
            } catch (java.io.IOException e) {
                // nothing was read from it
            }
            throw new Refusal(RefusalCode.INACTIVE_API_KEY, "The key that owns this file is turned off or expired;"
                    + " its links no longer work");
        }
        ctx.contentType(d.file().contentType());
        ctx.header("X-Content-Type-Options", "nosniff"); // a stored file is never sniffed into something runnable
        ctx.header("Content-Disposition", "inline; filename=\"" + d.file().fileName().replace("\"", "") + "\"");
        ctx.header("Cache-Control", "private, max-age=3600");
        if (d.file().size() != null) {
            ctx.header("Content-Length", Long.toString(d.file().size()));
        }
        ctx.result(d.body());
    }

    // ---- run and status

    private void run(Context ctx, String versionSegment, String path) {
        ctx.attribute("atelier.route", "/s2s/{version}/task/<feature>"); // one metrics series for every effect
        String version = version(versionSegment);
        boolean legacyPath = version.equals("v1.0");
        Principal p = principal(ctx, legacyPath);
        Effect effect = resolve(version, path).orElseThrow(() -> unknownFeature(path));
        JsonNode body = jsonBody(ctx);
        boolean legacyBody = legacyPath || body.has("payload");
        TaskRequest request = legacyBody ? RequestBodies.legacy(effect.spec().feature(), body)
                : RequestBodies.flat(effect.spec().feature(), body);
        if (!legacyBody) {
            UnknownFields.refuse(effect, request.params().keySet());
            FieldTypes.check(effect, request.params());
        }
        Task task = tasks.submit(p, request, false, dev.atelier.server.ratelimit.ClientAddress.of(ctx));
        Map<String, Object> result = Map.of("task_id", task.id());
        ctx.json(legacyBody ? Envelope.legacy(result) : Envelope.v2(result));
    }

    private void status(Context ctx, String versionSegment, String path) {
        ctx.attribute("atelier.route", "/s2s/{version}/task/<feature>");
        String version = version(versionSegment);
        String queryId = ctx.queryParam("task_id");
        boolean legacyShape = queryId != null;
        Principal p = principal(ctx, version.equals("v1.0"));
        Effect effect;
        String taskId;
        if (legacyShape) {
            effect = resolve(version, path).orElseThrow(() -> unknownFeature(path));
            taskId = queryId;
        } else {
            int slash = path.lastIndexOf('/');
            if (slash < 0) {
                throw Refusal.invalid("task_id is required: GET .../task/<feature>/<task_id> or ?task_id=");
            }
            String featurePath = path.substring(0, slash);
            effect = resolve(version, featurePath).orElseThrow(() -> unknownFeature(featurePath));
            taskId = path.substring(slash + 1);
        }
        TaskView view = tasks.status(p, taskId, effect.spec().feature());
        if (view.task().state() == TaskState.ERROR && TaskFailure.of(view.task().errorCode(), view.task().errorMessage()).timedOut()) {
            throw new Refusal(RefusalCode.TASK_TIMEOUT, "Task execution timed out");
        }
        if (legacyShape) {
            int actionId = view.task().request().actionId();
            ctx.json(Envelope.legacy(StatusBodies.legacy(view, pollingIntervalMs, actionId)));
        } else {
            ctx.json(Envelope.v2(StatusBodies.v2(view, pollingIntervalMs, effect.spec().resultShape())));
        }
    }

    private static String version(String v) {
        if (!VERSIONS.contains(v)) {
            throw new Refusal(RefusalCode.NOT_FOUND, "Unknown API version '" + v + "': use v1.0, v2.0 or v2.1");
        }
        return v;
    }

    private Optional<Effect> resolve(String version, String path) {
        if (version.equals("v1.0")) {
            return effects.byLegacySlug(path);
        }
        // v2 paths first; legacy slugs too, because some v2 features still take legacy bodies (face swap).
        return effects.byV2Path(version + "/task/" + path).or(() -> effects.byLegacySlug(path));
    }

    private Refusal unknownFeature(String path) {
        List<String> known = effects.all().stream().map(e -> e.spec().feature()).sorted().toList();
        return Refusal.invalid("Unknown feature '" + path + "'. Features on this server: " + known);
    }

    private static JsonNode jsonBody(Context ctx) {
        String body = ctx.body();
        if (body == null || body.isBlank()) {
            throw Refusal.invalid("the request body must be a JSON object");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (!node.isObject()) {
                throw Refusal.invalid("the request body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw Refusal.invalid("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
