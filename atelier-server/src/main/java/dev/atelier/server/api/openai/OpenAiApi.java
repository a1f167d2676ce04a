package dev.atelier.server.api.openai;

import dev.atelier.engines.Availability;
import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.ImageGeneration;
import dev.atelier.engines.routing.GenerationRouter;
import dev.atelier.engines.routing.RoutedModel;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.ImageInfo;
import dev.atelier.server.accounts.Credentials;
import dev.atelier.server.accounts.Principal;
import dev.atelier.server.api.ApiException;
import dev.atelier.server.api.ErrorCode;
import dev.atelier.server.effects.generate.GenerationSettings;
import dev.atelier.server.effects.generate.ImagesEffect;
import dev.atelier.server.effects.generate.Throttled;
import dev.atelier.server.files.FileService;
import dev.atelier.server.files.StoredFile;
import dev.atelier.server.json.Json;
import dev.atelier.server.tasks.Task;
import dev.atelier.server.tasks.TaskRequest;
import dev.atelier.server.tasks.TaskResult;
import dev.atelier.server.tasks.TaskService;
import dev.atelier.server.tasks.TaskState;
import dev.atelier.server.tasks.TaskView;
import dev.atelier.server.tasks.WireFamily;
import dev.atelier.server.credits.UsageRecord;
import dev.atelier.server.credits.UsageStore;
import dev.atelier.server.ratelimit.ClientAddress;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

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
        config.routes.get("/v1/usage", this::usage);
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
    public static void renderError(Context ctx, ApiException e) {
        OpenAiError error = switch (e.code()) {
            case INVALID_PARAMETERS, BAD_REQUEST, INVALID_STYLE_GROUP, INVALID_STYLE, INVALID_TASK_ID,
                    OPERATION_NOT_SUPPORT, OPERATION_INVALID -> OpenAiError.INVALID_PARAMETER;
            case CREDIT_INSUFFICIENCY -> OpenAiError.INSUFFICIENT_QUOTA;
            case FEATURE_UNAVAILABLE -> OpenAiError.FEATURE_UNAVAILABLE;
            case INVALID_API_KEY, INACTIVE_API_KEY, EXPIRED_API_KEY, INVALID_ACCESS_TOKEN, INVALID_SIGNATURE,
                    URL_EXPIRED -> OpenAiError.INVALID_API_KEY;
            case NOT_FOUND -> OpenAiError.NOT_FOUND;
            case ENTITY_TOO_LARGE -> OpenAiError.REQUEST_TOO_LARGE;
            case UNSUPPORTED_MEDIA_TYPE -> OpenAiError.UNSUPPORTED_MEDIA_TYPE;
            case TOO_MANY_REQUESTS -> OpenAiError.RATE_LIMIT_EXCEEDED;
            case TASK_TIMEOUT -> OpenAiError.TIMEOUT;
            case INTERNAL -> OpenAiError.SERVER_ERROR;
            case UNAVAILABLE -> OpenAiError.SERVICE_UNAVAILABLE;
        };
        render(ctx, new OpenAiException(error, e.getMessage(), null, e.headers()));
    }

    private Principal principal(Context ctx) {
        return credentials.authenticate(ctx.header("Authorization"), false);
    }

    // ---- generations

    private void generations(Context ctx) {
        long start = System.nanoTime();
        Principal p = principal(ctx);
        Form f = new Form(jsonFields(ctx));
        String prompt = required(f, "prompt");
        String model = f.string("model");
        ModelRules rules = ModelRules.of(model);
        if (rules == ModelRules.CLASSICAL && f.string("image") == null) {
            throw OpenAiException.invalid(model + " is a local style filter: it only edits and varies a picture "
                    + "(POST /v1/images/edits or /v1/images/variations, or send image here); to make a picture from "
                    + "a prompt, pick a generation model (GET /v1/models lists them)", "model");
        }
        Common c = common(f, rules, model, prompt);
        String stream = stream(f, rules, model, "image_generation");
        // APIpie's `image`: a source picture to change, on the generations route.
        String image = f.string("image");
        if (image != null) {
            if (!rules.edits) {
                throw OpenAiException.invalid(describe(model) + " cannot change a source image", "image");
            }
            checkRoute(GenerationOperation.IMAGE_TO_IMAGE, model, c.provider);
            TaskRequest.InputRef ref = store(p, fromUrl(image, "image"));
            TaskRequest.Inputs inputs = new TaskRequest.Inputs(List.of(ref), List.of(), List.of());
            respond(ctx, run(ctx, p, ImagesEffect.EDITS, inputs, c), c, start, stream);
            return;
        }
        checkRoute(GenerationOperation.TEXT_TO_IMAGE, model, c.provider);
        respond(ctx, run(ctx, p, ImagesEffect.GENERATIONS, TaskRequest.Inputs.NONE, c), c, start, stream);
    }

    /** The fields every images route shares, checked per model. */
    private record Common(Map<String, Object> params, String responseFormat, String outputFormat, String provider) {}

    private Common common(Form f, ModelRules rules, String model, String prompt) {
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
        return new Common(params, format, outputFormat == null ? "png" : outputFormat, provider);
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

    /**
     * Refuses, before queueing, what no configured provider can do: nothing configured (naming the settings), an
     * unknown provider, or a model not offered for the operation.
     */
    private void checkRoute(GenerationOperation op, String model, String provider) {
        List<ImageGeneration> available = router.engines().stream().filter(e -> e.availability().isAvailable())
                .toList();
        if (provider != null) {
            ImageGeneration e = router.engines().stream()
                    .filter(x -> x.provider().equalsIgnoreCase(provider) || x.id().equalsIgnoreCase(provider))
                    .findFirst()
                    .orElseThrow(() -> OpenAiException.invalid("unknown provider '" + provider
                            + "'; configured providers: " + available.stream().map(ImageGeneration::provider).toList(),
                            "provider"));
            if (!e.availability().isAvailable()) {
                throw OpenAiError.FEATURE_UNAVAILABLE.with("provider " + e.provider() + " is not configured: "
                        + e.availability().describe(), "provider");
            }
            if (!e.supports(op, model)) {
                throw OpenAiException.invalid("provider " + e.provider() + " offers no model "
                        + (model == null ? "" : "'" + model + "' ") + "for " + op.wireName(), "model");
            }
            return;
        }
        if (available.stream().anyMatch(e -> e.supports(op, model))) {
            return;
        }
        Availability any = router.availability();
        if (!any.isAvailable()) {
            throw OpenAiError.FEATURE_UNAVAILABLE.with("image generation is not configured on this server: "
                    + any.describe() + " (docs/configuration.md, 'Image generation providers')", null);
        }
        throw OpenAiException.invalid((model == null ? "no configured model" : "model '" + model + "'")
                + " is offered here for " + op.wireName().replace('-', ' ') + "; GET /v1/models lists what is", "model");
    }

    // ---- edits and variations

    /** One input picture: inline bytes, or a reference (URL or file id) resolved by the task. */
    private record Picture(byte[] bytes, String contentType, String name, TaskRequest.InputRef ref) {}

    private void edits(Context ctx) {
        long start = System.nanoTime();
        Principal p = principal(ctx);
        boolean multipart = isMultipart(ctx);
        Form f;
        List<Picture> images = new ArrayList<>();
        Picture mask = null;
        if (multipart) {
            checkLength(ctx);
            Map<String, List<Part>> parts = parts(ctx);
            f = new Form(formFields(parts));
            for (Part u : parts.getOrDefault("image", List.of())) {
                images.add(picture(u, "image"));
            }
            for (Part u : parts.getOrDefault("image[]", List.of())) {
                images.add(picture(u, "image"));
            }
            List<Part> masks = parts.getOrDefault("mask", List.of());
            if (masks.size() > 1) {
                throw OpenAiException.invalid("send at most one mask", "mask");
            }
            mask = masks.isEmpty() ? null : picture(masks.getFirst(), "mask");
        } else {
            Map<String, Object> fields = jsonFields(ctx);
            f = new Form(fields);
            Object list = fields.get("images");
            if (list == null && fields.get("image") != null) {
                list = List.of(fields.get("image"));
            }
            if (!(list instanceof List<?> refs)) {
                throw OpenAiException.invalid("images is required: [{\"image_url\": …} | {\"file_id\": …}]", "images");
            }
            for (Object r : refs) {
                images.add(reference(p, r, "images"));
            }
            if (fields.get("mask") != null) {
                mask = reference(p, fields.get("mask"), "mask");
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
        Common c = common(f, rules, model, prompt);
        String stream = stream(f, rules, model, "image_edit");
        if (rules == ModelRules.DALL_E_2) {
            checkDallE2Image(images.getFirst(), "image");
        }
        TaskRequest.InputRef maskRef = null;
        if (mask != null) {
            if (images.size() > 1) {
                throw OpenAiException.invalid("with a mask, send one image: the mask applies to it alone", "mask");
            }
            maskRef = convertMask(p, mask, images.getFirst(), "mask");
        } else if (rules == ModelRules.DALL_E_2) {
            // dall-e-2 without a mask edits where the image itself is transparent.
            maskRef = convertMask(p, images.getFirst(), images.getFirst(), "image");
        }
        GenerationOperation op = maskRef != null ? GenerationOperation.MASKED_EDIT
                : GenerationOperation.IMAGE_TO_IMAGE;
        checkRoute(op, model, c.provider);
        List<TaskRequest.InputRef> sources = new ArrayList<>();
        for (Picture pic : images) {
            sources.add(store(p, pic));
        }
        TaskRequest.Inputs inputs = new TaskRequest.Inputs(sources, List.of(),
                maskRef == null ? List.of() : List.of(maskRef));
        respond(ctx, run(ctx, p, ImagesEffect.EDITS, inputs, c), c, start, stream);
    }

    private void variations(Context ctx) {
        long start = System.nanoTime();
        Principal p = principal(ctx);
        if (!isMultipart(ctx)) {
            throw OpenAiException.invalid("variations take multipart/form-data with an image file", "image");
        }
        checkLength(ctx);
        Map<String, List<Part>> parts = parts(ctx);
        Form f = new Form(formFields(parts));
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
        Picture image = picture(uploads.getFirst(), "image");
        if (rules == ModelRules.DALL_E_2) {
            checkDallE2Image(image, "image");
        }
        Common c = common(f, rules, model, null);
        c.params.remove("prompt");
        checkRoute(GenerationOperation.IMAGE_TO_IMAGE, model, c.provider);
        TaskRequest.Inputs inputs = new TaskRequest.Inputs(List.of(store(p, image)), List.of(), List.of());
        respond(ctx, run(ctx, p, ImagesEffect.VARIATIONS, inputs, c), c, start, null);
    }

    private static void checkDallE2Image(Picture image, String param) {
        if (image.bytes() == null) {
            return; // a URL or file id: the task checks it when it reads it
        }
        if (image.bytes().length >= DALL_E_2_MAX_BYTES) {
            throw OpenAiException.invalid("dall-e-2 takes a PNG under 4 MB; this one is " + image.bytes().length
                    + " bytes", param);
        }
        ImageInfo info = Masks.probe(image.bytes(), param);
        if (!Masks.isPng(info) || info.width() != info.height()) {
            throw OpenAiException.invalid("dall-e-2 takes one square PNG; got a " + info.width() + "x" + info.height()
                    + " " + info.format(), param);
        }
    }

    private TaskRequest.InputRef convertMask(Principal p, Picture mask, Picture image, String param) {
        byte[] bytes = mask.bytes();
        if (bytes == null && mask.ref().fileId() != null) {
            bytes = readOwnFile(p, mask.ref().fileId(), param);
        }
        if (bytes == null) {
            throw OpenAiException.invalid("send the " + param + " inline (a file part or a data: URL) or as a "
                    + "file_id: its transparency is converted before the task runs", param);
        }
        Masks.Converted converted = Masks.fromTransparency(bytes, maskLimits, param);
        byte[] imageBytes = image.bytes() != null ? image.bytes()
                : image.ref().fileId() != null ? readOwnFile(p, image.ref().fileId(), "image") : null;
        if (imageBytes != null) {
            ImageInfo info = Masks.probe(imageBytes, "image");
            if (info.width() != converted.width() || info.height() != converted.height()) {
                throw OpenAiException.invalid("the mask is " + converted.width() + "x" + converted.height()
                        + " but the image is " + info.width() + "x" + info.height() + "; they must match", "mask");
            }
        }
        return store(p, new Picture(converted.png(), "image/png", "mask.png", null));
    }

    private byte[] readOwnFile(Principal p, String fileId, String param) {
        try {
            StoredFile file = files.requireInput(p.keyId(), fileId, param);
            return files.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TaskRequest.InputRef store(Principal p, Picture pic) {
        if (pic.ref() != null) {
            return pic.ref();
        }
        try {
            StoredFile stored = files.storeInput(p.keyId(), ImagesEffect.EDITS, pic.bytes(), pic.contentType(),
                    pic.name());
            return TaskRequest.InputRef.file(stored.id());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Picture picture(Part u, String param) {
        if (u.getSize() > maxFileBytes) {
            throw OpenAiError.REQUEST_TOO_LARGE.with("the " + param + " is " + u.getSize() + " bytes; at most "
                    + maxFileBytes + " are allowed", param);
        }
        byte[] bytes;
        try (InputStream in = u.getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileBytes + 1));
        } catch (IOException e) {
            throw OpenAiException.invalid("the " + param + " upload was interrupted: " + e.getMessage(), param);
        }
        if (bytes.length == 0) {
            throw OpenAiException.invalid("the " + param + " is empty", param);
        }
        if (bytes.length > maxFileBytes) {
            throw OpenAiError.REQUEST_TOO_LARGE.with("the " + param + " is larger than " + maxFileBytes + " bytes",
                    param);
        }
        Masks.probe(bytes, param);
        String name = u.getSubmittedFileName() == null || u.getSubmittedFileName().isBlank() ? param
                : u.getSubmittedFileName();
        return new Picture(bytes, contentType(bytes), name.length() > 200 ? name.substring(0, 200) : name, null);
    }

    private static String contentType(byte[] bytes) {
        return dev.atelier.engines.generation.ImageBytes.sniffMimeType(bytes);
    }

    /** {@code {image_url}} or {@code {file_id}} (also a bare URL string) from a JSON edit request. */
    private Picture reference(Principal p, Object item, String param) {
        String url;
        String fileId;
        if (item instanceof String s) {
            url = s;
            fileId = null;
        } else if (item instanceof Map<?, ?> m) {
            Object u = m.get("image_url");
            Object id = m.get("file_id");
            if ((u == null) == (id == null)) {
                throw OpenAiException.invalid("each " + param + " item needs exactly one of image_url and file_id",
                        param);
            }
            url = u instanceof String s ? s : u instanceof Map<?, ?> um && um.get("url") instanceof String s2 ? s2
                    : null;
            fileId = id instanceof String s ? s : null;
            if (url == null && fileId == null) {
                throw OpenAiException.invalid(param + ": image_url and file_id are strings", param);
            }
        } else {
            throw OpenAiException.invalid(param + " items are {\"image_url\": …} or {\"file_id\": …}", param);
        }
        if (fileId != null) {
            files.requireInput(p.keyId(), fileId, param);
            return new Picture(null, null, null, TaskRequest.InputRef.file(fileId));
        }
        return fromUrl(url, param);
    }

    /** A {@code data:} URL becomes inline bytes; an http(s) URL is fetched by the task (SSRF-guarded). */
    private Picture fromUrl(String url, String param) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("data:")) {
            return fromDataUrl(url, param);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new Picture(null, null, null, TaskRequest.InputRef.url(url));
        }
        throw OpenAiException.invalid(param + " must be an http(s) URL or a data: URL", param);
    }

    private Picture fromDataUrl(String url, String param) {
        int comma = url.indexOf(',');
        if (comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
            throw OpenAiException.invalid(param + ": data URLs must be base64 (data:image/png;base64,…)", param);
        }
        if ((long) (url.length() - comma) * 3 / 4 > maxFileBytes + 3) {
            throw OpenAiError.REQUEST_TOO_LARGE.with("the " + param + " is larger than " + maxFileBytes + " bytes",
                    param);
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(url.substring(comma + 1));
        } catch (IllegalArgumentException e) {
            throw OpenAiException.invalid(param + ": the data URL is not valid base64", param);
        }
        Masks.probe(bytes, param);
        return new Picture(bytes, contentType(bytes), param + "." + dev.atelier.engines.generation.ImageBytes
                .extension(contentType(bytes)), null);
    }

    private static boolean isMultipart(Context ctx) {
        String ct = ctx.header("Content-Type");
        return ct != null && ct.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    private void checkLength(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length > settings.openAiMaxRequestBytes()) {
            throw OpenAiError.REQUEST_TOO_LARGE.with("the request is " + length + " bytes; at most "
                    + settings.openAiMaxRequestBytes() + " are allowed (ATELIER_OPENAI_MAX_REQUEST_BYTES)", null);
        }
    }

    /** Picture fields; parts with these names are read as files whether or not the client named a file. */
    private static final Set<String> FILE_PARTS = Set.of("image", "image[]", "mask");

    /**
     * Every part by name. Javalin parses the body with the configured limits; the parts are then read from the
     * servlet request because some clients send pictures without a file name, which Javalin counts as text fields.
     */
    private static Map<String, List<Part>> parts(Context ctx) {
        try {
            ctx.uploadedFiles(); // parses with the multipart limits of install()
            Map<String, List<Part>> out = new LinkedHashMap<>();
            for (Part part : ctx.req().getParts()) {
                out.computeIfAbsent(part.getName(), k -> new ArrayList<>()).add(part);
            }
            return out;
        } catch (IOException | ServletException | RuntimeException e) {
            throw multipartError(e);
        }
    }

    private static Map<String, Object> formFields(Map<String, List<Part>> parts) {
        Map<String, Object> out = new LinkedHashMap<>();
        parts.forEach((name, list) -> {
            if (FILE_PARTS.contains(name)) {
                return;
            }
            List<String> values = new ArrayList<>();
            for (Part part : list) {
                try (InputStream in = part.getInputStream()) {
                    values.add(new String(in.readNBytes(1 << 20), java.nio.charset.StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw OpenAiException.invalid("the field " + name + " cannot be read", name);
                }
            }
            out.put(name, values.size() == 1 ? values.getFirst() : values);
        });
        return out;
    }

    private static OpenAiException multipartError(Exception e) {
        String message = String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : ": " + e.getCause().getMessage());
        if (message.toLowerCase(Locale.ROOT).contains("exceed") || message.toLowerCase(Locale.ROOT).contains("size")) {
            return OpenAiError.REQUEST_TOO_LARGE.with("the multipart body is too large: " + message, null);
        }
        return OpenAiException.invalid("the multipart body cannot be read: " + message, null);
    }

    /** A JSON object body, read with the OpenAI request bound (data URLs make JSON edits large). */
    private Map<String, Object> jsonFields(Context ctx) {
        checkLength(ctx);
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.openAiMaxRequestBytes() + 1));
        } catch (IOException e) {
            throw OpenAiException.invalid("the request body could not be read: " + e.getMessage(), null);
        }
        if (body.length > settings.openAiMaxRequestBytes()) {
            throw OpenAiError.REQUEST_TOO_LARGE.with("the request is larger than "
                    + settings.openAiMaxRequestBytes() + " bytes (ATELIER_OPENAI_MAX_REQUEST_BYTES)", null);
        }
        if (body.length == 0) {
            throw OpenAiException.invalid("the request body must be a JSON object", null);
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (!node.isObject()) {
                throw OpenAiException.invalid("the request body must be a JSON object", null);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = Json.MAPPER.convertValue(node, Map.class);
            return map;
        } catch (JacksonException e) {
            throw OpenAiException.invalid("the request body is not valid JSON: " + e.getOriginalMessage(), null);
        }
    }

    // ---- running and answering

    private TaskView run(Context ctx, Principal p, String feature, TaskRequest.Inputs inputs, Common c) {
        Task task = tasks.submit(p, new TaskRequest(feature, WireFamily.OPENAI, null, inputs, c.params,
                c.outputFormat, 0), true, ClientAddress.of(ctx));
        return await(p, task.id());
    }

    /** Waits for the task, polling the store (it may run on another node) with a growing pause. */
    private TaskView await(Principal p, String taskId) {
        long deadline = System.nanoTime() + settings.openAiWaitTimeout().toNanos();
        long pauseMs = 10;
        while (true) {
            TaskView view = tasks.peek(p, taskId);
            TaskState state = view.task().state();
            if (state == TaskState.SUCCESS || state == TaskState.ERROR) {
                return view;
            }
            if (System.nanoTime() > deadline) {
                throw OpenAiError.TIMEOUT.with("the image was not ready within "
                        + settings.openAiWaitTimeout().toSeconds() + " s (ATELIER_OPENAI_WAIT_TIMEOUT); task "
                        + taskId + " is still " + state.dbName(), null);
            }
            try {
                Thread.sleep(Duration.ofMillis(pauseMs));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw OpenAiError.SERVICE_UNAVAILABLE.with("the server is shutting down", null);
            }
            pauseMs = Math.min(250, pauseMs * 2);
        }
    }

    private void respond(Context ctx, TaskView view, Common asked, long startNanos, String stream) {
        String responseFormat = asked.responseFormat;
        Task task = view.task();
        if (task.state() == TaskState.ERROR) {
            throw taskError(task);
        }
        TaskResult result = view.result();
        Duration ttl = settings.openAiUrlTtl();
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
            sendEvents(ctx, stream, body, asked.params);
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
        String code = task.errorCode() == null ? "" : task.errorCode();
        String message = task.errorMessage() == null ? code : task.errorMessage();
        return switch (code) {
            case "invalid_parameter" -> OpenAiException.invalid(message, null);
            case "error_nsfw_content_detected" -> OpenAiError.CONTENT_POLICY_VIOLATION.with(message, "prompt");
            case "error_download_image", "error_decode_image", "exceed_max_filesize", "error_exceed_max_image_size",
                    "error_below_min_image_size", "error_unsupport_ratio" -> OpenAiException.invalid(message, "image");
            case "error_download_mask", "error_decode_mask", "size_mismatch_on_input_image_and_mask" ->
                    OpenAiException.invalid(message, "mask");
            case "error_inference" -> Throttled.retryAfter(message)
                    .map(wait -> new OpenAiException(OpenAiError.RATE_LIMIT_EXCEEDED, message, null,
                            Map.of("Retry-After", Long.toString(wait.toSeconds()))))
                    .orElseGet(() -> OpenAiError.UPSTREAM_ERROR.with(message, null));
            case "TaskTimeout" -> OpenAiError.TIMEOUT.with(message, null);
            default -> OpenAiError.SERVER_ERROR.with(message + " (" + code + ")", null);
        };
    }

    // ---- usage

    static final int MAX_USAGE_PAGE = 1000;

    /**
     * The caller's usage records in {@code [from, to)} (epoch seconds or ISO-8601; default the last 30 days), oldest
     * first, {@code limit} per page (1..1000, default 100) after the record {@code after}; with totals per feature.
     */
    private void usage(Context ctx) {
        Principal p = principal(ctx);
        java.time.Instant now = clock.instant();
        java.time.Instant to = instant(ctx.queryParam("to"), "to", now.plusSeconds(1));
        java.time.Instant from = instant(ctx.queryParam("from"), "from", to.minus(Duration.ofDays(30)));
        if (!from.isBefore(to)) {
            throw OpenAiException.invalid("from must be before to", "from");
        }
        int limit = (int) queryLong(ctx, "limit", 1, MAX_USAGE_PAGE, 100);
        long after = queryLong(ctx, "after", 0, Long.MAX_VALUE, 0);
        List<UsageRecord> records = usage.list(p.keyId(), from, to, after, limit + 1);
        boolean more = records.size() > limit;
        List<UsageRecord> page = more ? records.subList(0, limit) : records;
        List<Map<String, Object>> data = new ArrayList<>();
        for (UsageRecord r : page) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("object", "usage.record");
            m.put("task_id", r.taskId());
            m.put("created", r.createdAt().getEpochSecond());
            m.put("settled", r.settledAt().getEpochSecond());
            m.put("feature", r.feature());
            m.put("provider", r.provider());
            m.put("model", r.model());
            m.put("engine", r.engine());
            m.put("cost", r.costMicros() == null ? null : r.costMicros() / 1_000_000.0);
            m.put("units", r.units() / 100.0);
            m.put("latency_ms", r.queueMs() == null && r.runMs() == null ? null
                    : (r.queueMs() == null ? 0 : r.queueMs()) + (r.runMs() == null ? 0 : r.runMs()));
            m.put("image_size", r.width() == null || r.height() == null ? null : r.width() + "x" + r.height());
            m.put("images", r.outputs());
            m.put("source_ip", r.sourceIp());
            m.put("status", r.status());
            m.put("error_code", r.errorCode());
            data.add(m);
        }
        List<Map<String, Object>> totals = new ArrayList<>();
        for (UsageStore.Total t : usage.totals(p.keyId(), from, to)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature", t.feature());
            m.put("requests", t.tasks());
            m.put("units", t.units() / 100.0);
            m.put("cost", t.costMicros() / 1_000_000.0);
            totals.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("from", from.getEpochSecond());
        body.put("to", to.getEpochSecond());
        body.put("data", data);
        body.put("has_more", more);
        body.put("next_after", more ? page.getLast().id() : null);
        body.put("totals", totals);
        ctx.json(body);
    }

    private static java.time.Instant instant(String text, String param, java.time.Instant dflt) {
        if (text == null || text.isBlank()) {
            return dflt;
        }
        try {
            return text.matches("\\d{1,12}") ? java.time.Instant.ofEpochSecond(Long.parseLong(text))
                    : java.time.Instant.parse(text);
        } catch (java.time.DateTimeException e) {
            throw OpenAiException.invalid(param + " must be epoch seconds or ISO-8601, got '" + text + "'", param);
        }
    }

    private static long queryLong(Context ctx, String name, long min, long max, long dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw OpenAiException.invalid(name + " must be an integer " + min + ".." + max + ", got '" + v + "'", name);
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
