package dev.atelier.server.api.openai;

import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.routing.GenerationRouter;
import dev.atelier.engines.routing.RoutedModel;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.server.accounts.Credentials;
import dev.atelier.server.accounts.Principal;
import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.effects.generate.GenerationSettings;
import dev.atelier.server.effects.generate.ImagesEffect;
import dev.atelier.server.files.FileService;
import dev.atelier.server.tasks.Task;
import dev.atelier.server.tasks.TaskRequest;
import dev.atelier.server.tasks.TaskService;
import dev.atelier.server.tasks.TaskState;
import dev.atelier.server.tasks.TaskView;
import dev.atelier.server.tasks.WireFamily;
import dev.atelier.server.credits.UsageStore;
import dev.atelier.server.ratelimit.ClientAddress;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import jakarta.servlet.http.Part;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible images API, APIpie flavour (CONTRACTS B): {@code POST /v1/images/generations},
 * {@code POST /v1/images/edits} (multipart or JSON), {@code POST /v1/images/variations} and {@code GET /v1/models}.
 *
 * <p>Each request is checked per model (B.5) and against what the configured providers offer, then runs as an
 * ordinary task ({@link ImagesEffect}, poll-exempt) that this handler waits for, so keys, credits, limits and
 * engines are those of the YouCam API. OpenAI's mask convention (transparent = edit) is converted to Atelier's
 * (white = edit) on the way in. Answers carry {@code url} (signed, expiring) or {@code b64_json}, the serving
 * {@code provider}, and {@code usage} with {@code cost}, {@code latency_ms}, {@code image_size}, {@code model_used}
 * and token counts when the upstream reported them. Errors are {@code {"error":{"message","type","param","code"}}}.
 * {@code GET /v1/usage} lists the caller's settled requests (every task, whichever API submitted it) for audits.
 */
public final class OpenAiApi {
    private static final Logger log = LoggerFactory.getLogger(OpenAiApi.class);
    /** dall-e-2 and variations take square PNGs under 4 MB (CONTRACTS B.2, B.3). */
    static final long DALL_E_2_MAX_BYTES = 4L << 20;
    private static final Set<String> OUTPUT_FORMATS = Set.of("png", "jpeg", "webp");
    private static final Set<String> BACKGROUNDS = Set.of("transparent", "opaque", "auto");

    private final Credentials credentials;
    private final FileService files;
    private final TaskService tasks;
    private final GenerationRouter router;
    private final GenerationSettings settings;
    private final long maxFileBytes;
    private final InstantSource clock;
    private final DecodeLimits maskLimits;
    private final long startedAt;
    private final UsageStore usage;
    private final Pictures pictures;
    private final Bodies bodies;
    private final UsageRoute usageRoute;
    private final Answers answers;
    private final RouteCheck routes;

    public OpenAiApi(Credentials credentials, FileService files, TaskService tasks, GenerationRouter router,
            GenerationSettings settings, long maxFileBytes, InstantSource clock, UsageStore usage) {
        this.usage = usage;
        this.credentials = credentials;
        this.files = files;
        this.tasks = tasks;
        this.router = router;
        this.settings = settings;
        this.maxFileBytes = maxFileBytes;
        this.clock = clock;
        this.maskLimits = new DecodeLimits(40_000_000L, maxFileBytes);
        this.startedAt = clock.instant().getEpochSecond();
        this.pictures = new Pictures(files, maxFileBytes, maskLimits);
        this.bodies = new Bodies(settings.openAiMaxRequestBytes());
        this.usageRoute = new UsageRoute(usage, clock);
        this.answers = new Answers(files, settings.openAiUrlTtl(), clock);
        this.routes = new RouteCheck(router);
    }

    /** Whether a request belongs to these routes (and so gets OpenAI-shaped errors). */
    public static boolean owns(Context ctx) {
        return ctx.path().startsWith("/v1/");
    }

    /** Routes, the OpenAI error handler, and the multipart limits (files up to the upload limit each). */
    public void install(JavalinConfig config) {
        config.jetty.multipartConfig.maxFileSize(maxFileBytes, SizeUnit.BYTES);
        config.jetty.multipartConfig.maxTotalRequestSize(settings.openAiMaxRequestBytes(), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
        config.routes.post("/v1/images/generations", this::generations);
        config.routes.post("/v1/images/edits", this::edits);
        config.routes.post("/v1/images/variations", this::variations);
        config.routes.get("/v1/models", this::models);
        config.routes.get("/v1/models/{model}", this::model);
        config.routes.get("/v1/usage", ctx -> usageRoute.usage(ctx, principal(ctx)));
        config.routes.exception(OpenAiException.class, (e, ctx) -> render(ctx, e));
    }

    // ---- errors

    static void render(Context ctx, OpenAiException e) {
        ctx.attribute("atelier.error", Boolean.TRUE);
        e.headers().forEach(ctx::header);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", e.getMessage());
        error.put("type", e.error().type());
        error.put("param", e.param());
        error.put("code", e.error().code());
        ctx.status(e.error().httpStatus()).json(Map.of("error", error));
    }

    /** A request-level error of the shared services (auth, uploads, queue, credits) in OpenAI's shape. */
    public static void renderError(Context ctx, Refusal e) {
        render(ctx, new OpenAiException(errorFor(e.code()), e.getMessage(), null, retryAfter(e.retryAfter())));
    }

    /** The body of a refusal in OpenAI's shape, for errors answered outside any route (the HTTP layer's own). */
    public static Map<String, Object> errorBody(RefusalCode code, String message) {
        OpenAiError error = errorFor(code);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("type", error.type());
        body.put("param", null);
        body.put("code", error.code());
        return Map.of("error", body);
    }

    public static OpenAiError errorFor(RefusalCode code) {
        return switch (code) {
            case INVALID_PARAMETERS, BAD_REQUEST, INVALID_STYLE_GROUP, INVALID_STYLE, INVALID_TASK_ID,
                    OPERATION_NOT_SUPPORT, OPERATION_INVALID -> OpenAiError.INVALID_PARAMETER;
            case CREDIT_INSUFFICIENCY -> OpenAiError.INSUFFICIENT_QUOTA;
            case FEATURE_UNAVAILABLE -> OpenAiError.FEATURE_UNAVAILABLE;
            case INVALID_API_KEY, INACTIVE_API_KEY, EXPIRED_API_KEY, INVALID_ACCESS_TOKEN, INVALID_SIGNATURE,
                    URL_EXPIRED -> OpenAiError.INVALID_API_KEY;
            case NOT_FOUND -> OpenAiError.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> OpenAiError.METHOD_NOT_ALLOWED;
            case HEADERS_TOO_LARGE -> OpenAiError.HEADERS_TOO_LARGE;
            case ENTITY_TOO_LARGE -> OpenAiError.REQUEST_TOO_LARGE;
            case UNSUPPORTED_MEDIA_TYPE -> OpenAiError.UNSUPPORTED_MEDIA_TYPE;
            case TOO_MANY_REQUESTS -> OpenAiError.RATE_LIMIT_EXCEEDED;
            case TASK_TIMEOUT -> OpenAiError.TIMEOUT;
            case INTERNAL -> OpenAiError.SERVER_ERROR;
            case UNAVAILABLE -> OpenAiError.SERVICE_UNAVAILABLE;
        };
    }

    static Map<String, String> retryAfter(java.util.Optional<java.time.Duration> wait) {
        return wait.map(w -> Map.of("Retry-After", Long.toString(Math.max(1, w.toSeconds())))).orElse(Map.of());
    }

    private Principal principal(Context ctx) {
        return credentials.authenticate(ctx.header("Authorization"), false);
    }

    // ---- generations

    private void generations(Context ctx) {
        long start = System.nanoTime();
        Principal p = principal(ctx);
        Form f = new Form(bodies.jsonFields(ctx));
        String prompt = required(f, "prompt");
        String model = f.string("model");
        ModelRules rules = ModelRules.of(model);
        if (rules == ModelRules.CLASSICAL && f.string("image") == null) {
            throw OpenAiException.invalid(model + " is a local style filter: it only edits and varies a picture "
                    + "(POST /v1/images/edits or /v1/images/variations, or send image here); to make a picture from "
                    + "a prompt, pick a generation model (GET /v1/models lists them)", "model");
        }
        Asked c = common(f, rules, model, prompt);
        String stream = stream(f, rules, model, "image_generation");
        // APIpie's `image`: a source picture to change, on the generations route.
        String image = f.string("image");
        if (image != null) {
            if (!rules.edits) {
                throw OpenAiException.invalid(describe(model) + " cannot change a source image", "image");
            }
            routes.check(GenerationOperation.IMAGE_TO_IMAGE, model, c.provider());
            TaskRequest.InputRef ref = pictures.store(p, pictures.fromUrl(image, "image"));
            TaskRequest.Inputs inputs = new TaskRequest.Inputs(List.of(ref), List.of(), List.of());
            answers.respond(ctx, run(ctx, p, ImagesEffect.EDITS, inputs, c), c, start, stream);
            return;
        }
        routes.check(GenerationOperation.TEXT_TO_IMAGE, model, c.provider());
        answers.respond(ctx, run(ctx, p, ImagesEffect.GENERATIONS, TaskRequest.Inputs.NONE, c), c, start, stream);
    }

    private Asked common(Form f, ModelRules rules, String model, String prompt) {
        int n = f.integer("n", 1, 10) == null ? 1 : f.integer("n", 1, 10).intValue();
        String size = f.string("size");
        String quality = f.string("quality");
        String style = f.string("style");
        String responseFormat = f.string("response_format");
        rules.check(model, prompt, n, size, quality, style, responseFormat);
        String outputFormat = f.oneOf("output_format", OUTPUT_FORMATS);
        String background = f.oneOf("background", BACKGROUNDS);
        if (background != null && rules.urlResponses && rules.openAiFamily()) {
            throw OpenAiException.invalid("background is only for GPT image models", "background");
        }
        if ("transparent".equals(background) && "jpeg".equals(outputFormat)) {
            throw OpenAiException.invalid("a transparent background needs output_format png or webp", "background");
        }
        Number compression = f.integer("output_compression", 0, 100);
        f.integer("partial_images", 0, 3);
        f.oneOf("moderation", Set.of("low", "auto"));
        String provider = f.string("provider");
        Map<String, Object> params = new LinkedHashMap<>();
        put(params, "prompt", prompt);
        put(params, "negative_prompt", f.string("negative_prompt"));
        put(params, "model", model);
        put(params, "provider", provider);
        params.put("n", n);
        if (size != null && !size.equals("auto")) {
            params.put("size", size);
        }
        if (quality != null && !(quality.equals("auto") && rules.urlResponses && rules.openAiFamily())) {
            params.put("quality", quality);
        }
        put(params, "style", style);
        if (background != null && !background.equals("auto")) {
            params.put("background", background);
        }
        if (compression != null && !"png".equals(outputFormat) && outputFormat != null) {
            params.put("output_compression", compression.intValue()); // PNG is lossless: nothing to apply
        }
        put(params, "seed", f.integer("seed", 0, 0xFFFF_FFFFL));
        put(params, "steps", f.integer("steps", 1, 500));
        put(params, "guidance", f.number("guidance", 0, 100));
        String fidelity = f.oneOf("input_fidelity", Set.of("high", "low"));
        if (fidelity != null && rules == ModelRules.GPT_IMAGE) {
            params.put("extras", Map.of("input_fidelity", fidelity));
        }
        String format = responseFormat != null ? responseFormat : rules.defaultResponseFormat();
        return new Asked(params, format, outputFormat == null ? "png" : outputFormat, provider);
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /**
     * The event-name prefix when the client asked for {@code stream=true} (OpenAI: GPT image models only), else
     * {@code null}. {@code partial_images} is accepted, but no engine here draws progressively, so only the
     * {@code .completed} events are sent.
     */
    private static String stream(Form f, ModelRules rules, String model, String prefix) {
        if (!f.bool("stream")) {
            return null;
        }
        if (rules == ModelRules.DALL_E_2 || rules == ModelRules.DALL_E_3) {
            throw OpenAiException.invalid(describe(model) + " does not stream; leave stream out", "stream");
        }
        return prefix;
    }

    private static String required(Form f, String name) {
        String v = f.string(name);
        if (v == null || v.isBlank()) {
            throw OpenAiException.invalid(name + " is required", name);
        }
        return v;
    }

    private static String describe(String model) {
        return model == null ? "the default model" : model;
    }

    // ---- edits and variations

    private void edits(Context ctx) {
        long start = System.nanoTime();
        Principal p = principal(ctx);
        boolean multipart = Bodies.isMultipart(ctx);
        Form f;
        List<Picture> images = new ArrayList<>();
        Picture mask = null;
        if (multipart) {
            bodies.checkLength(ctx);
            Map<String, List<Part>> parts = Bodies.parts(ctx);
            f = new Form(Bodies.formFields(parts));
            for (Part u : parts.getOrDefault("image", List.of())) {
                images.add(pictures.picture(u, "image"));
            }
            for (Part u : parts.getOrDefault("image[]", List.of())) {
                images.add(pictures.picture(u, "image"));
            }
            List<Part> masks = parts.getOrDefault("mask", List.of());
            if (masks.size() > 1) {
                throw OpenAiException.invalid("send at most one mask", "mask");
            }
            mask = masks.isEmpty() ? null : pictures.picture(masks.getFirst(), "mask");
        } else {
            Map<String, Object> fields = bodies.jsonFields(ctx);
            f = new Form(fields);
            Object list = fields.get("images");
            if (list == null && fields.get("image") != null) {
                list = List.of(fields.get("image"));
            }
            if (!(list instanceof List<?> refs)) {
                throw OpenAiException.invalid("images is required: [{\"image_url\": …} | {\"file_id\": …}]", "images");
            }
            for (Object r : refs) {
                images.add(pictures.reference(p, r, "images"));
            }
            if (fields.get("mask") != null) {
                mask = pictures.reference(p, fields.get("mask"), "mask");
            }
        }
        String prompt = required(f, "prompt");
        String model = f.string("model");
        ModelRules rules = ModelRules.of(model);
        if (!rules.edits) {
            throw OpenAiException.invalid(describe(model) + " does not edit images; use gpt-image-1 or dall-e-2",
                    "model");
        }
        if (images.isEmpty()) {
            throw OpenAiException.invalid("image is required", "image");
        }
        if (images.size() > rules.maxEditImages) {
            throw OpenAiException.invalid(describe(model) + " edits at most " + rules.maxEditImages + " image(s), got "
                    + images.size(), "image");
        }
        Asked c = common(f, rules, model, prompt);
        String stream = stream(f, rules, model, "image_edit");
        if (rules == ModelRules.DALL_E_2) {
            Pictures.checkDallE2Image(images.getFirst(), "image");
        }
        TaskRequest.InputRef maskRef = null;
        if (mask != null) {
            if (images.size() > 1) {
                throw OpenAiException.invalid("with a mask, send one image: the mask applies to it alone", "mask");
            }
            maskRef = pictures.convertMask(p, mask, images.getFirst(), "mask");
        } else if (rules == ModelRules.DALL_E_2) {
            // dall-e-2 without a mask edits where the image itself is transparent.
            maskRef = pictures.convertMask(p, images.getFirst(), images.getFirst(), "image");
        }
        GenerationOperation op = maskRef != null ? GenerationOperation.MASKED_EDIT
                : GenerationOperation.IMAGE_TO_IMAGE;
        routes.check(op, model, c.provider());
        List<TaskRequest.InputRef> sources = new ArrayList<>();
        for (Picture pic : images) {
            sources.add(pictures.store(p, pic));
        }
        TaskRequest.Inputs inputs = new TaskRequest.Inputs(sources, List.of(),
                maskRef == null ? List.of() : List.of(maskRef));
        answers.respond(ctx, run(ctx, p, ImagesEffect.EDITS, inputs, c), c, start, stream);
    }

    private void variations(Context ctx) {
        long start = System.nanoTime();
        Principal p = principal(ctx);
        if (!Bodies.isMultipart(ctx)) {
            throw OpenAiException.invalid("variations take multipart/form-data with an image file", "image");
        }
        bodies.checkLength(ctx);
        Map<String, List<Part>> parts = Bodies.parts(ctx);
        Form f = new Form(Bodies.formFields(parts));
        List<Part> uploads = parts.getOrDefault("image", List.of());
        if (uploads.size() != 1) {
            throw OpenAiException.invalid("send exactly one image", "image");
        }
        String model = f.string("model") == null ? "dall-e-2" : f.string("model");
        ModelRules rules = ModelRules.of(model);
        String forModel = model;
        // A local diffusion bundle varies a picture by image-to-image from it (dall-e-2's meaning of a variation).
        boolean local = router.engines().stream().anyMatch(e -> e.kind() == dev.atelier.engines.EngineKind.ONNX
                && e.availability().isAvailable() && e.supports(GenerationOperation.IMAGE_TO_IMAGE, forModel));
        if (!rules.variations && !local) {
            throw OpenAiException.invalid("variations are offered for dall-e-2, the classical-* filters and the local"
                    + " diffusion bundles only, not " + model, "model");
        }
        Picture image = pictures.picture(uploads.getFirst(), "image");
        if (rules == ModelRules.DALL_E_2) {
            Pictures.checkDallE2Image(image, "image");
        }
        Asked c = common(f, rules, model, null);
        c.params().remove("prompt");
        routes.check(GenerationOperation.IMAGE_TO_IMAGE, model, c.provider());
        TaskRequest.Inputs inputs = new TaskRequest.Inputs(List.of(pictures.store(p, image)), List.of(), List.of());
        answers.respond(ctx, run(ctx, p, ImagesEffect.VARIATIONS, inputs, c), c, start, null);
    }

    // ---- running and answering

    private TaskView run(Context ctx, Principal p, String feature, TaskRequest.Inputs inputs, Asked c) {
        Task task = tasks.submit(p, new TaskRequest(feature, WireFamily.OPENAI, null, inputs, c.params(),
                c.outputFormat(), 0), true, ClientAddress.of(ctx));
        return await(p, task.id());
    }

    /**
     * Waits for the task: on this node's completion signal while one of this node's workers runs it, reading the store
     * only while it is queued or runs on another node.
     */
    private TaskView await(Principal p, String taskId) {
        Duration timeout = settings.openAiWaitTimeout();
        TaskView view;
        try {
            view = tasks.awaitOutcome(p, taskId, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpenAiError.SERVICE_UNAVAILABLE.with("the server is shutting down", null);
        }
        TaskState state = view.task().state();
        if (state != TaskState.SUCCESS && state != TaskState.ERROR) {
            throw OpenAiError.TIMEOUT.with("the image was not ready within " + timeout.toSeconds()
                    + " s (ATELIER_OPENAI_WAIT_TIMEOUT); task " + taskId + " is still " + state.dbName(), null);
        }
        return view;
    }

    // ---- models

    private void models(Context ctx) {
        principal(ctx);
        List<Map<String, Object>> data = new ArrayList<>();
        for (RoutedModel m : router.models()) {
            data.add(modelObject(m));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", data);
        ctx.json(body);
    }

    private void model(Context ctx) {
        principal(ctx);
        String id = ctx.pathParam("model");
        RoutedModel m = router.models().stream().filter(x -> x.name().equals(id)).findFirst()
                .orElseThrow(() -> OpenAiError.NOT_FOUND.with("model '" + id + "' is not offered here", "model"));
        ctx.json(modelObject(m));
    }

    private Map<String, Object> modelObject(RoutedModel m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", m.name());
        o.put("object", "model");
        o.put("created", startedAt);
        o.put("owned_by", m.providers().getFirst());
        o.put("providers", m.providers());
        o.put("operations", m.operations().stream().map(GenerationOperation::wireName).sorted().toList());
        boolean text = m.operations().contains(GenerationOperation.TEXT_TO_IMAGE);
        boolean edit = m.operations().contains(GenerationOperation.IMAGE_TO_IMAGE)
                || m.operations().contains(GenerationOperation.MASKED_EDIT);
        boolean variation = m.operations().contains(GenerationOperation.IMAGE_TO_IMAGE);
        o.put("capabilities", ModelRules.of(m.name()).capabilities(text, edit, variation));
        return o;
    }
}
