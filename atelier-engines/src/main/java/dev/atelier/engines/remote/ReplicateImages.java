package dev.atelier.engines.remote;

import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.GeneratedImage;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.generation.ProviderError.Code;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replicate's predictions API: {@code POST /v1/models/{owner}/{name}/predictions} (or {@code POST /v1/predictions}
 * with {@code version} for an {@code owner/name:version} id), {@code Authorization: Bearer}, and {@code Prefer: wait}
 * so quick models answer in the same call; otherwise {@code urls.get} is polled until the prediction is
 * {@code succeeded}, {@code failed} or {@code canceled}. Inputs follow the FLUX models' schema ({@code prompt},
 * {@code aspect_ratio}, {@code seed}, {@code num_outputs}, {@code output_format}, {@code input_image}, {@code image}
 * + {@code mask}); images go inline as data URLs; model-specific inputs come from the request extras. Errors are
 * RFC 7807 problem documents ({@code title}, {@code detail}, {@code status}).
 */
final class ReplicateImages extends RemoteImageEngine {

    ReplicateImages(ProviderSettings settings, Upstream upstream) {
        super(settings, upstream);
    }

    @Override
    Produced perform(Call call, Progress progress) {
        String model = call.upstreamModel();
        ObjectNode body = Json.object();
        URI create;
        int colon = model.indexOf(':');
        if (colon > 0) {
            body.put("version", model.substring(colon + 1));
            create = upstream.resolve("/v1/predictions");
        } else {
            create = upstream.resolve("/v1/models/" + model + "/predictions");
        }
        body.set("input", input(call));
        long waitSeconds = Math.clamp(settings.requestTimeout().toSeconds() / 2, 1, 60);
        Upstream.Response created = upstream.send(upstream.jsonPost(create, Json.bytes(body))
                .header("Prefer", "wait=" + waitSeconds).build(), this::error);
        JsonNode prediction = upstream.json(created, x -> x);
        progress.report(0.2, "prediction " + Json.text(prediction, "status"));
        String id = Json.text(prediction, "id");
        if (!finished(prediction)) {
            if (id == null) {
                throw upstream.malformed("prediction without id");
            }
            URI get = upstream.trusted(Json.text(prediction.path("urls"), "get"),
                    upstream.resolve("/v1/predictions/" + id));
            prediction = upstream.poll("replicate prediction " + id, () -> pollOnce(get, progress));
        }
        String status = Json.text(prediction, "status");
        if (!"succeeded".equals(status)) {
            String err = Json.text(prediction, "error");
            String text = err == null ? "" : err.toLowerCase(Locale.ROOT);
            Code code = text.contains("nsfw") || text.contains("sensitive") || text.contains("flagged")
                    || text.contains("safety") ? Code.CONTENT_POLICY : Code.UNAVAILABLE;
            throw ProviderError.builder(code, "replicate prediction " + id + " " + status
                    + (err == null ? "" : ": " + Upstream.abbreviate(err))).provider(provider()).upstreamCode(status)
                    .build();
        }
        progress.report(0.85, "downloading");
        List<GeneratedImage> images = new ArrayList<>();
        JsonNode output = prediction.path("output");
        if (output.isArray()) {
            for (JsonNode o : output) {
                images.add(fetch(o));
            }
        } else if (output.isString()) {
            images.add(fetch(output));
        } else {
            throw upstream.malformed("prediction " + id + " succeeded without image output");
        }
        Double predictTime = Json.doubleValue(prediction.path("metrics"), "predict_time");
        Duration inference = predictTime == null ? null : Duration.ofMillis(Math.round(predictTime * 1000));
        return new Produced(images, null, inference, null, null, null);
    }

    private ObjectNode input(Call call) {
        GenerationRequest r = call.request();
        ObjectNode in = Json.object();
        in.put("prompt", r.prompt());
        switch (call.op()) {
            case IMAGE_TO_IMAGE -> {
                if (call.sources().size() > 1) {
                    throw invalid("replicate models here take one source image (input_image); pass more in the "
                            + "model's own fields through extras", "image");
                }
                in.put("input_image", call.sources().getFirst().dataUrl());
            }
            case MASKED_EDIT -> {
                // FLUX Fill on Replicate: "Black areas will be preserved while white areas will be inpainted."
                in.put("image", call.sources().getFirst().dataUrl());
                in.put("mask", call.mask().dataUrl());
            }
            case TEXT_TO_IMAGE -> { }
        }
        if (r.size() != null) {
            in.put("aspect_ratio", AspectRatios.nearest(r.size(), AspectRatios.FLUX));
        }
        if (r.count() > 1) {
            in.put("num_outputs", r.count());
        }
        putDiffusionFields(in, r, "guidance", "jpg");
        Json.putExtras(in, r.extras());
        return in;
    }

    private static boolean finished(JsonNode prediction) {
        String s = Json.text(prediction, "status");
        return "succeeded".equals(s) || "failed".equals(s) || "canceled".equals(s) || "aborted".equals(s);
    }

    private Optional<JsonNode> pollOnce(URI get, Progress progress) {
        JsonNode p = getJson(get, this::error);
        progress.report(0.5, "prediction " + Json.text(p, "status"));
        return finished(p) ? Optional.of(p) : Optional.empty();
    }

    private GeneratedImage fetch(JsonNode output) {
        String s = output.asString();
        if (s.startsWith("data:")) {
            return new GeneratedImage(upstream.base64Image(s), null, null);
        }
        return upstream.download(s, null);
    }

    /** RFC 7807: {@code {"title": "...", "detail": "...", "status": 422}}. */
    private ProviderError error(Upstream.Response r) {
        JsonNode root = Json.parseOrNull(r.body());
        String detail = Json.text(root, "detail");
        String title = Json.text(root, "title");
        String message = detail != null ? detail : title;
        ProviderError.Builder b = upstream.errorFor(r, message).upstreamCode(title);
        String t = (message == null ? "" : message).toLowerCase(Locale.ROOT);
        if (t.contains("nsfw") || t.contains("flagged as sensitive")) {
            b.code(Code.CONTENT_POLICY);
        }
        JsonNode invalid = root == null ? null : root.get("invalid_fields");
        if (invalid != null && invalid.isArray() && !invalid.isEmpty()) {
            b.param(Json.text(invalid.get(0), "field"));
        }
        return b.build();
    }
}
