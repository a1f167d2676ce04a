package dev.atelier.engines.remote;

import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.GeneratedImage;
import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.generation.ProviderError.Code;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Stability AI's v2beta Stable Image API: {@code /v2beta/stable-image/generate/{core,ultra,sd3}} and
 * {@code /v2beta/stable-image/edit/inpaint}. Requests are multipart with {@code Authorization: Bearer} and
 * {@code Accept: image/*}; the image comes back as raw bytes with {@code seed} and {@code finish-reason} headers.
 * One image per call, so a count above one makes that many calls. Sizes become the nearest offered aspect ratio.
 * Image-to-image needs a {@code strength} (0..1, how far to move from the source): taken from the request extras,
 * else {@value #DEFAULT_STRENGTH}.
 */
final class StabilityImages extends RemoteImageEngine {
    static final double DEFAULT_STRENGTH = 0.7;

    StabilityImages(ProviderSettings settings, Upstream upstream) {
        super(settings, upstream);
    }

    @Override
    Produced perform(Call call, Progress progress) {
        List<Produced> each = eachImage(call.request().count(), progress, (i, slice) -> one(call, slice));
        List<GeneratedImage> images = new ArrayList<>();
        each.forEach(p -> images.addAll(p.images()));
        return new Produced(images, each.getFirst().seed(), null, null, null, null);
    }

    /** One generate or inpaint call: Stability answers one picture per call, its seed in a header. */
    private Produced one(Call call, Progress progress) {
        GenerationRequest r = call.request();
        String upstreamModel = call.upstreamModel();
        {
            Multipart body = new Multipart();
            String path;
            switch (call.op()) {
                case TEXT_TO_IMAGE, IMAGE_TO_IMAGE -> {
                    path = "/v2beta/stable-image/generate/" + endpoint(upstreamModel);
                    body.field("prompt", r.prompt());
                    if (endpoint(upstreamModel).equals("sd3")) {
                        body.field("model", upstreamModel);
                        body.field("mode", call.op() == GenerationOperation.TEXT_TO_IMAGE ? "text-to-image" : "image-to-image");
                        body.field("cfg_scale", r.guidance());
                    }
                    if (call.op() == GenerationOperation.IMAGE_TO_IMAGE) {
                        if (call.sources().size() > 1) {
                            throw invalid("Stability takes one source image, got " + call.sources().size(), "image");
                        }
                        EncodedImage src = call.sources().getFirst();
                        body.file("image", "image." + src.extension(), src.mimeType(), src.data());
                        if (!r.extras().containsKey("strength")) {
                            body.field("strength", DEFAULT_STRENGTH);
                        }
                    } else if (r.size() != null) {
                        body.field("aspect_ratio", AspectRatios.nearest(r.size(), AspectRatios.STABILITY));
                    }
                }
                case MASKED_EDIT -> {
                    path = "/v2beta/stable-image/edit/inpaint";
                    EncodedImage src = call.sources().getFirst();
                    body.file("image", "image." + src.extension(), src.mimeType(), src.data());
                    // Stability's mask convention matches ours: white is repainted, black is kept.
                    body.file("mask", "mask." + call.mask().extension(), call.mask().mimeType(), call.mask().data());
                    body.field("prompt", r.prompt());
                }
                default -> throw new IllegalStateException();
            }
            body.field("negative_prompt", r.negativePrompt());
            body.field("seed", r.seed());
            body.field("style_preset", r.style());
            body.field("output_format", outputFormat(r.outputFormat()));
            body.fields(r.extras());
            Upstream.Response resp = upstream.send(upstream.multipartPost(upstream.resolve(path), body)
                    .header("Accept", "image/*").build(), this::error);
            String finish = resp.header("finish-reason");
            if (finish != null && finish.equalsIgnoreCase("CONTENT_FILTERED")) {
                throw ProviderError.builder(Code.CONTENT_POLICY, "stability filtered the generated image "
                        + "(finish-reason CONTENT_FILTERED)").provider(provider()).httpStatus(resp.status())
                        .upstreamCode("CONTENT_FILTERED").build();
            }
            Long seed = null;
            if (resp.header("seed") != null) {
                try {
                    seed = Long.parseLong(resp.header("seed").trim());
                } catch (NumberFormatException ignored) {
                    // a seed we cannot read is not worth failing a paid generation for
                }
            }
            progress.report(0.95, "image received");
            return new Produced(List.of(new GeneratedImage(image(resp), null, null)), seed, null, null, null, null);
        }
    }

    /** {@code core}, {@code ultra}, or {@code sd3} for the sd3 family (which takes the model as a field). */
    private static String endpoint(String upstreamModel) {
        String m = upstreamModel.toLowerCase(Locale.ROOT);
        return m.startsWith("sd3") ? "sd3" : m;
    }

    private static String outputFormat(String requested) {
        if (requested == null) {
            return null;
        }
        return requested.equalsIgnoreCase("jpg") ? "jpeg" : requested.toLowerCase(Locale.ROOT);
    }

    private EncodedImage image(Upstream.Response resp) {
        if (resp.contentType().startsWith("application/json")) {
            // Accept: image/* should give bytes, but a JSON answer ({"image": base64, "finish_reason", "seed"}) is
            // still understood.
            return upstream.json(resp, n -> upstream.base64Image(Json.text(n, "image")));
        }
        return upstream.image(resp.body(), resp.contentType());
    }

    /** {@code {"id": "...", "name": "bad_request", "errors": ["..."]}}; moderation is {@code content_moderation}. */
    private ProviderError error(Upstream.Response r) {
        JsonNode root = Json.parseOrNull(r.body());
        String name = Json.text(root, "name");
        String message = null;
        if (root != null && root.path("errors").isArray()) {
            List<String> errors = new ArrayList<>();
            root.path("errors").forEach(e -> errors.add(e.asString()));
            message = String.join("; ", errors);
        } else if (root != null) {
            message = Json.text(root, "message");
        }
        ProviderError.Builder b = upstream.errorFor(r, message).upstreamCode(name);
        if (name != null && name.contains("moderation")) {
            b.code(Code.CONTENT_POLICY);
        }
        if (message != null) {
            int colon = message.indexOf(':');
            if (colon > 0 && message.substring(0, colon).matches("[a-z_]+")) {
                b.param(message.substring(0, colon));
            }
        }
        return b.build();
    }
}
