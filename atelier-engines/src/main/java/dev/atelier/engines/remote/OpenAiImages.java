package dev.atelier.engines.remote;

import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.GeneratedImage;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.generation.ProviderError.Code;
import dev.atelier.engines.generation.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAI Images API ({@code /images/generations}, {@code /images/edits}, {@code /images/variations}) and every
 * server that copies it: LocalAI, APIpie, another Atelier. Auth is {@code Authorization: Bearer}; errors are
 * {@code {"error":{"message","type","param","code"}}}; images come back as {@code b64_json} or {@code url}.
 */
final class OpenAiImages extends RemoteImageEngine {

    OpenAiImages(ProviderSettings settings, Upstream upstream) {
        super(settings, upstream);
    }

    static void auth(ProviderSettings s, java.net.http.HttpRequest.Builder b) {
        if (s.apiKey() != null) {
            b.header("Authorization", "Bearer " + s.apiKey());
        }
    }

    @Override
    Produced perform(Call call, Progress progress) {
        String model = call.upstreamModel();
        GenerationRequest r = call.request();
        Upstream.Response resp = switch (call.op()) {
            case TEXT_TO_IMAGE -> upstream.send(upstream.jsonPost(upstream.resolve("/images/generations"),
                    Json.bytes(generationBody(model, r))).header("Accept", "application/json").build(), this::error);
            case IMAGE_TO_IMAGE -> {
                if (isDallE2(model)) {
                    if (!r.prompt().isBlank()) {
                        throw invalid("dall-e-2 changes an image only with a mask (edit) or, without a prompt, as a "
                                + "variation", "prompt");
                    }
                    yield upstream.send(upstream.multipartPost(upstream.resolve("/images/variations"),
                            variationBody(model, r, call.sources().getFirst())).build(), this::error);
                }
                yield upstream.send(upstream.multipartPost(upstream.resolve("/images/edits"),
                        editBody(model, r, call.sources(), null)).build(), this::error);
            }
            case MASKED_EDIT -> upstream.send(upstream.multipartPost(upstream.resolve("/images/edits"),
                    editBody(model, r, call.sources(), call.mask())).build(), this::error);
        };
        progress.report(0.8, "receiving images");
        return upstream.json(resp, this::parse);
    }

    private static boolean isDallE(String model) {
        return model != null && model.toLowerCase(Locale.ROOT).startsWith("dall-e");
    }

    private static boolean isDallE2(String model) {
        return model != null && model.toLowerCase(Locale.ROOT).startsWith("dall-e-2");
    }

    private static boolean isGptImage(String model) {
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        return m.startsWith("gpt-image") || m.startsWith("chatgpt-image");
    }

    /** GPT image models always answer base64 and reject {@code response_format}; everyone else is asked for it. */
    private static boolean asksResponseFormat(String model) {
        return !isGptImage(model);
    }

    private ObjectNode generationBody(String model, GenerationRequest r) {
        ObjectNode body = Json.object();
        if (model != null) {
            body.put("model", model);
        }
        body.put("prompt", r.prompt());
        body.put("n", r.count());
        if (r.size() != null) {
            body.put("size", r.size().toString());
        }
        if (r.quality() != null) {
            body.put("quality", r.quality());
        }
        if (r.style() != null) {
            body.put("style", r.style());
        }
        if (asksResponseFormat(model)) {
            body.put("response_format", "b64_json");
        }
        if (r.outputFormat() != null && !isDallE(model)) {
            body.put("output_format", r.outputFormat());
        }
        if (r.background() != null && !isDallE(model)) {
            body.put("background", r.background());
        }
        if (settings.type() == ProviderType.OPENAI_COMPATIBLE) {
            // Compatible servers (LocalAI, another Atelier) take these; OpenAI itself rejects unknown parameters.
            if (r.negativePrompt() != null) {
                body.put("negative_prompt", r.negativePrompt());
            }
            if (r.seed() != null) {
                body.put("seed", r.seed());
            }
        }
        Json.putExtras(body, r.extras());
        return body;
    }

    private Multipart editBody(String model, GenerationRequest r, List<EncodedImage> images, EncodedImage mask) {
        Multipart m = new Multipart();
        boolean dallE2 = isDallE2(model);
        if (images.size() == 1) {
            EncodedImage img = dallE2 ? Masks.toPng(images.getFirst(), provider()) : images.getFirst();
            m.file("image", "image." + img.extension(), img.mimeType(), img.data());
        } else {
            if (dallE2) {
                throw invalid("dall-e-2 edits exactly one image", "image");
            }
            for (int i = 0; i < images.size(); i++) {
                EncodedImage img = images.get(i);
                m.file("image[]", "image-" + (i + 1) + "." + img.extension(), img.mimeType(), img.data());
            }
        }
        if (mask != null) {
            EncodedImage alpha = Masks.toOpenAiAlphaMask(mask, provider());
            m.file("mask", "mask.png", alpha.mimeType(), alpha.data());
        }
        m.field("prompt", r.prompt());
        m.field("model", model);
        m.field("n", r.count());
        if (r.size() != null) {
            m.field("size", r.size().toString());
        }
        m.field("quality", r.quality());
        if (asksResponseFormat(model)) {
            m.field("response_format", "b64_json");
        }
        if (!isDallE(model)) {
            m.field("output_format", r.outputFormat());
            m.field("background", r.background());
        }
        m.fields(r.extras());
        return m;
    }

    private Multipart variationBody(String model, GenerationRequest r, EncodedImage image) {
        EncodedImage png = Masks.toPng(image, provider());
        Multipart m = new Multipart()
                .file("image", "image.png", png.mimeType(), png.data())
                .field("model", model)
                .field("n", r.count());
        if (r.size() != null) {
            m.field("size", r.size().toString());
        }
        m.field("response_format", "b64_json");
        return m.fields(r.extras());
    }

    private Produced parse(JsonNode root) {
        JsonNode data = root.path("data");
        if (!data.isArray() || data.isEmpty()) {
            throw upstream.malformed("no 'data' array");
        }
        List<GeneratedImage> images = new ArrayList<>();
        for (JsonNode item : data) {
            String revised = Json.text(item, "revised_prompt");
            String b64 = Json.text(item, "b64_json");
            String url = Json.text(item, "url");
            if (b64 != null) {
                images.add(new GeneratedImage(upstream.base64Image(b64), null, revised));
            } else if (url != null) {
                images.add(upstream.download(url, revised));
            } else {
                throw upstream.malformed("a data item has neither b64_json nor url");
            }
        }
        JsonNode usage = root.get("usage");
        TokenUsage tokens = null;
        java.math.BigDecimal cost = null;
        String modelUsed = null;
        if (usage != null && usage.isObject()) {
            Long in = Json.longValue(usage, "input_tokens");
            Long out = Json.longValue(usage, "output_tokens");
            if (in != null || out != null) {
                long i = in == null ? 0 : in;
                long o = out == null ? 0 : out;
                Long total = Json.longValue(usage, "total_tokens");
                JsonNode details = usage.get("input_tokens_details");
                tokens = new TokenUsage(i, o, total == null ? i + o : total, Json.longValue(details, "text_tokens"),
                        Json.longValue(details, "image_tokens"));
            }
            cost = Json.decimal(usage, "cost"); // APIpie reports its charge in usage.cost
            modelUsed = Json.text(usage, "model_used");
        }
        return new Produced(images, null, null, tokens, cost, modelUsed);
    }

    /** OpenAI's error body; APIpie's {@code {"error":{"code","message"}}} is the same shape minus two keys. */
    private ProviderError error(Upstream.Response r) {
        JsonNode root = Json.parseOrNull(r.body());
        JsonNode err = root == null ? null : root.get("error");
        String message = err != null && err.isObject() ? Json.text(err, "message")
                : err != null ? err.asString() : null;
        String code = err != null && err.isObject() ? Json.text(err, "code") : null;
        String type = err != null && err.isObject() ? Json.text(err, "type") : null;
        String param = err != null && err.isObject() ? Json.text(err, "param") : null;
        ProviderError.Builder b = upstream.errorFor(r, message)
                .upstreamCode(code != null ? code : type)
                .param(param);
        String c = (code == null ? "" : code) + " " + (type == null ? "" : type);
        if (c.contains("content_policy_violation") || c.contains("moderation_blocked")
                || c.contains("image_generation_user_error") && message != null && message.contains("safety")) {
            return b.code(Code.CONTENT_POLICY).build();
        }
        if (c.contains("insufficient_quota") || c.contains("billing_hard_limit_reached")) {
            return b.code(Code.QUOTA_EXCEEDED).build();
        }
        if (c.contains("invalid_api_key")) {
            return b.code(Code.AUTH).build();
        }
        return b.build();
    }
}
