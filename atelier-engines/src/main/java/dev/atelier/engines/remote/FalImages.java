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
 * fal's queue API: {@code POST https://queue.fal.run/{model_id}} with {@code Authorization: Key} answers
 * {@code request_id}, {@code status_url} and {@code response_url}; the status URL is polled until {@code COMPLETED},
 * then the response URL gives the model output ({@code images[].url}, {@code seed}, {@code timings.inference},
 * {@code has_nsfw_concepts}). Inputs follow fal's FLUX schema: {@code image_size} as {@code {width, height}},
 * {@code num_images}, {@code num_inference_steps}, {@code guidance_scale}, {@code image_url}/{@code image_urls},
 * {@code mask_url} (white = repaint), images inline as data URIs. Errors are FastAPI {@code detail} bodies or
 * request errors with {@code error_type}.
 */
final class FalImages extends RemoteImageEngine {

    FalImages(ProviderSettings settings, Upstream upstream) {
        super(settings, upstream);
    }

    @Override
    Produced perform(Call call, Progress progress) {
        String model = call.upstreamModel();
        Upstream.Response submitted = upstream.send(upstream.jsonPost(upstream.resolve("/" + model),
                Json.bytes(input(call))).build(), this::error);
        JsonNode queued = upstream.json(submitted, x -> x);
        String id = Json.text(queued, "request_id");
        if (id == null) {
            throw upstream.malformed("no request_id in " + Upstream.abbreviate(submitted.text()));
        }
        // Status and result URLs use only owner/app, not the endpoint path; prefer the ones fal returned.
        String app = appId(model);
        URI statusUrl = upstream.trusted(Json.text(queued, "status_url"),
                upstream.resolve("/" + app + "/requests/" + id + "/status"));
        URI responseUrl = upstream.trusted(Json.text(queued, "response_url"),
                upstream.resolve("/" + app + "/requests/" + id));
        progress.report(0.1, "queued at fal");
        upstream.poll("fal request " + id, () -> pollOnce(statusUrl, id, progress));
        progress.report(0.85, "fetching result");
        Upstream.Response result = upstream.send(upstream.request(responseUrl).GET().build(), this::error);
        return upstream.json(result, this::parse);
    }

    static String appId(String model) {
        String[] parts = model.split("/");
        return parts.length >= 2 ? parts[0] + "/" + parts[1] : model;
    }

    private ObjectNode input(Call call) {
        GenerationRequest r = call.request();
        ObjectNode in = Json.object();
        in.put("prompt", r.prompt());
        switch (call.op()) {
            case IMAGE_TO_IMAGE -> {
                List<EncodedImage> sources = call.sources();
                if (sources.size() == 1) {
                    in.put("image_url", sources.getFirst().dataUrl());
                } else {
                    var arr = in.putArray("image_urls");
                    sources.forEach(s -> arr.add(s.dataUrl()));
                }
            }
            case MASKED_EDIT -> {
                in.put("image_url", call.sources().getFirst().dataUrl());
                in.put("mask_url", call.mask().dataUrl());
            }
            case TEXT_TO_IMAGE -> { }
        }
        if (r.size() != null) {
            ObjectNode size = in.putObject("image_size");
            size.put("width", r.size().width());
            size.put("height", r.size().height());
        }
        in.put("num_images", r.count());
        putDiffusionFields(in, r, "guidance_scale", "jpeg");
        Json.putExtras(in, r.extras());
        return in;
    }

    private Optional<Boolean> pollOnce(URI statusUrl, String id, Progress progress) {
        JsonNode s = getJson(statusUrl, this::error);
        String status = Json.text(s, "status");
        if (status == null) {
            throw upstream.malformed("status answer without status for request " + id);
        }
        switch (status) {
            case "COMPLETED" -> {
                String error = Json.text(s, "error");
                if (error != null) {
                    String type = Json.text(s, "error_type");
                    String t = (error + " " + type).toLowerCase(Locale.ROOT);
                    Code code = t.contains("content_policy") || t.contains("nsfw") ? Code.CONTENT_POLICY
                            : Code.UNAVAILABLE;
                    throw ProviderError.builder(code, "fal request " + id + " failed: " + Upstream.abbreviate(error))
                            .provider(provider()).upstreamCode(type).build();
                }
                return Optional.of(true);
            }
            case "IN_QUEUE" -> {
                progress.report(0.15, "in queue at fal" + (s.has("queue_position")
                        ? " (position " + Json.text(s, "queue_position") + ")" : ""));
                return Optional.empty();
            }
            case "IN_PROGRESS" -> {
                progress.report(0.5, "running at fal");
                return Optional.empty();
            }
            default -> throw upstream.malformed("unknown status " + status + " for request " + id);
        }
    }

    private Produced parse(JsonNode out) {
        JsonNode images = out.path("images");
        if (!images.isArray() || images.isEmpty()) {
            JsonNode single = out.get("image");
            if (single == null || !single.isObject()) {
                throw upstream.malformed("no images in the result");
            }
            images = Json.MAPPER.createArrayNode().add(single);
        }
        JsonNode nsfw = out.path("has_nsfw_concepts");
        List<GeneratedImage> result = new ArrayList<>();
        int flagged = 0;
        for (int i = 0; i < images.size(); i++) {
            if (nsfw.isArray() && nsfw.path(i).asBoolean(false)) {
                flagged++; // fal's checker blanks these; a black square is not a result
                continue;
            }
            String url = Json.text(images.get(i), "url");
            if (url == null) {
                throw upstream.malformed("an image without url");
            }
            result.add(url.startsWith("data:") ? new GeneratedImage(upstream.base64Image(url), null, null)
                    : upstream.download(url, null));
        }
        if (result.isEmpty()) {
            throw ProviderError.builder(Code.CONTENT_POLICY, "fal's safety checker flagged all " + flagged
                    + " image(s)").provider(provider()).upstreamCode("has_nsfw_concepts").build();
        }
        Double seconds = Json.doubleValue(out.path("timings"), "inference");
        Duration inference = seconds == null ? null : Duration.ofMillis(Math.round(seconds * 1000));
        return new Produced(result, Json.longValue(out, "seed"), inference, null, null, null);
    }

    private ProviderError error(Upstream.Response r) {
        return FastApiErrors.map(upstream, r);
    }
}
