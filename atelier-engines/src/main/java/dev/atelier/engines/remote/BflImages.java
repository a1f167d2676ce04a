package dev.atelier.engines.remote;

import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.GeneratedImage;
import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.generation.ProviderError.Code;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Black Forest Labs' FLUX API: {@code POST /v1/{model}} with an {@code x-key} header answers {@code {id,
 * polling_url}}; the {@code polling_url} is polled (same key) until {@code status} is {@code Ready}, then
 * {@code result.sample} is a short-lived signed URL to fetch. Kontext models take source images as base64
 * {@code input_image}, {@code input_image_2}...; fill models take base64 {@code image} and {@code mask} (white =
 * repaint, as ours). One image per task. The submit answer's {@code cost} is in credits of one US cent.
 */
final class BflImages extends RemoteImageEngine {
    private static final BigDecimal CREDIT_USD = new BigDecimal("0.01");

    BflImages(ProviderSettings settings, Upstream upstream) {
        super(settings, upstream);
    }

    @Override
    Produced perform(Call call, Progress progress) {
        List<Produced> each = eachImage(call.request().count(), progress, (i, slice) -> one(call, slice));
        List<GeneratedImage> images = new ArrayList<>();
        Duration inference = null;
        BigDecimal cost = null;
        for (Produced p : each) {
            images.addAll(p.images());
            if (p.inference() != null) {
                inference = inference == null ? p.inference() : inference.plus(p.inference());
            }
            if (p.upstreamCost() != null) {
                cost = cost == null ? p.upstreamCost() : cost.add(p.upstreamCost());
            }
        }
        return new Produced(images, each.getFirst().seed(), inference, null, cost, null);
    }

    /** One BFL task: submit, poll its {@code polling_url}, download the sample. */
    private Produced one(Call call, Progress slice) {
        ObjectNode body = body(call);
        Upstream.Response submitted = upstream.send(upstream.jsonPost(
                upstream.resolve("/v1/" + call.upstreamModel()), Json.bytes(body))
                .header("Accept", "application/json").build(), this::error);
        JsonNode task = upstream.json(submitted, x -> x);
        String id = Json.text(task, "id");
        if (id == null) {
            throw upstream.malformed("no task id in " + Upstream.abbreviate(submitted.text()));
        }
        BigDecimal credits = Json.decimal(task, "cost");
        URI polling = pollingUri(Json.text(task, "polling_url"), id);
        slice.report(0.1, "queued at bfl");
        JsonNode done = upstream.poll("bfl task " + id, () -> pollOnce(polling, id, slice));
        JsonNode result = done.path("result");
        String sample = Json.text(result, "sample");
        if (sample == null) {
            throw upstream.malformed("task " + id + " is Ready without result.sample");
        }
        slice.report(0.9, "downloading");
        GeneratedImage image = upstream.download(sample, null);
        Double seconds = Json.doubleValue(result, "duration");
        return new Produced(List.of(image), Json.longValue(result, "seed"),
                seconds == null ? null : Duration.ofMillis(Math.round(seconds * 1000)), null,
                credits == null ? null : credits.multiply(CREDIT_USD), null);
    }

    private ObjectNode body(Call call) {
        GenerationRequest r = call.request();
        String model = call.upstreamModel().toLowerCase(Locale.ROOT);
        ObjectNode body = Json.object();
        body.put("prompt", r.prompt());
        switch (call.op()) {
            case MASKED_EDIT -> {
                body.put("image", call.sources().getFirst().base64());
                body.put("mask", call.mask().base64());
            }
            case IMAGE_TO_IMAGE -> {
                List<EncodedImage> sources = call.sources();
                for (int i = 0; i < sources.size(); i++) {
                    body.put(i == 0 ? "input_image" : "input_image_" + (i + 1), sources.get(i).base64());
                }
            }
            case TEXT_TO_IMAGE -> { }
        }
        if (r.size() != null && call.op() != GenerationOperation.MASKED_EDIT) {
            if (model.contains("ultra") || model.contains("kontext")) {
                body.put("aspect_ratio", AspectRatios.nearest(r.size(), AspectRatios.FLUX));
            } else {
                body.put("width", multipleOf32(r.size().width()));
                body.put("height", multipleOf32(r.size().height()));
            }
        }
        if (r.seed() != null) {
            body.put("seed", r.seed());
        }
        if (r.steps() != null) {
            body.put("steps", r.steps());
        }
        if (r.guidance() != null) {
            body.put("guidance", r.guidance());
        }
        if (r.outputFormat() != null) {
            body.put("output_format", r.outputFormat().equalsIgnoreCase("jpg") ? "jpeg"
                    : r.outputFormat().toLowerCase(Locale.ROOT));
        }
        Json.putExtras(body, r.extras());
        return body;
    }

    /** FLUX wants sides that are multiples of 32 within 256..1440. */
    static int multipleOf32(int side) {
        int rounded = Math.round(side / 32f) * 32;
        return Math.clamp(rounded, 256, 1440);
    }

    /**
     * The polling URL BFL returned, when it is on BFL's own domain (it is the only URL that works with the global
     * endpoint); anything else falls back to {@code /v1/get_result?id=} on the base URL so the key never leaves BFL.
     */
    private URI pollingUri(String pollingUrl, String id) {
        return upstream.trusted(pollingUrl, upstream.resolve("/v1/get_result?id="
                + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)));
    }

    private Optional<JsonNode> pollOnce(URI polling, String id, Progress progress) {
        Upstream.Response r = upstream.send(upstream.request(polling).header("Accept", "application/json").GET()
                .build(), this::error);
        JsonNode node = upstream.json(r, x -> x);
        String status = Json.text(node, "status");
        if (status == null) {
            throw upstream.malformed("poll answer without status for task " + id);
        }
        switch (status) {
            case "Ready" -> {
                return Optional.of(node);
            }
            case "Pending" -> {
                Double p = Json.doubleValue(node, "progress");
                progress.report(0.1 + 0.8 * (p == null ? 0 : Math.clamp(p > 1 ? p / 100 : p, 0, 1)), "running at bfl");
                return Optional.empty();
            }
            case "Request Moderated", "Content Moderated" -> throw ProviderError.builder(Code.CONTENT_POLICY,
                            "bfl refused task " + id + ": " + status + details(node))
                    .provider(provider()).upstreamCode(status).build();
            case "Task not found" -> throw ProviderError.builder(Code.UNAVAILABLE, "bfl lost task " + id
                    + " (Task not found)").provider(provider()).upstreamCode(status).build();
            default -> throw ProviderError.builder(Code.UNAVAILABLE, "bfl task " + id + " ended with status "
                    + status + details(node)).provider(provider()).upstreamCode(status).build();
        }
    }

    private static String details(JsonNode node) {
        JsonNode d = node.get("details");
        return d == null || d.isNull() ? "" : " " + Upstream.abbreviate(d.toString());
    }

    /** FastAPI-style {@code {"detail": "..."}} or {@code {"detail": [{"loc", "msg", "type"}]}}. */
    private ProviderError error(Upstream.Response r) {
        return FastApiErrors.map(upstream, r);
    }
}
