package dev.atelier.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v1/images/edits}: one or more images changed by a prompt, optionally only where a mask is fully
 * transparent (OpenAI's convention; the server converts it). Local files and bytes go as a multipart form; when an
 * input is already on the server (a file id) or a URL, the request is JSON and local inputs travel as {@code data:}
 * URLs.
 */
public final class ImageEdit extends ImageCall<ImageEdit> {
    private final List<Input> images = new ArrayList<>();
    private Input mask;

    ImageEdit(AtelierClient client, String prompt) {
        super(client);
        fields.put("prompt", prompt);
    }

    @Override
    ImageEdit self() {
        return this;
    }

    /** Adds an image to edit (at least one; with a mask, exactly one). */
    public ImageEdit image(Input image) {
        images.add(Objects.requireNonNull(image, "image"));
        return this;
    }

    /** Adds a local image to edit. */
    public ImageEdit image(Path image) {
        return image(Input.of(image));
    }

    /** The mask: the first image's size, fully transparent where the image may change. */
    public ImageEdit mask(Input maskImage) {
        this.mask = Objects.requireNonNull(maskImage, "mask");
        return this;
    }

    /** The quality, as the model understands it (e.g. {@code high}). */
    public ImageEdit quality(String quality) {
        return field("quality", quality);
    }

    /** {@code png}, {@code jpeg} or {@code webp} (GPT image models). */
    public ImageEdit outputFormat(String format) {
        return field("output_format", format);
    }

    /** {@code transparent}, {@code opaque} or {@code auto} (GPT image models). */
    public ImageEdit background(String background) {
        return field("background", background);
    }

    /** {@code high} or {@code low}: how closely to keep the inputs' details (GPT image models). */
    public ImageEdit inputFidelity(String fidelity) {
        return field("input_fidelity", fidelity);
    }

    @Override
    GeneratedImages send() {
        if (images.isEmpty()) {
            throw new IllegalStateException("an edit needs at least one image: call image(...)");
        }
        List<Input> all = new ArrayList<>(images);
        if (mask != null) {
            all.add(mask);
        }
        boolean local = all.stream().allMatch(i -> i instanceof Input.FileInput || i instanceof Input.BytesInput);
        if (local) {
            Multipart form = LocalImages.form(fields);
            String name = images.size() == 1 ? "image" : "image[]";
            for (Input in : images) {
                LocalImages.part(form, name, in);
            }
            if (mask != null) {
                LocalImages.part(form, "mask", mask);
            }
            return GeneratedImages.of(client, client.transport().postMultipart("/v1/images/edits", form,
                    Transport.Dialect.OPENAI_RUN));
        }
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("images", images.stream().map(ImageEdit::reference).toList());
        if (mask != null) {
            body.put("mask", reference(mask));
        }
        return GeneratedImages.of(client, client.transport().postJson("/v1/images/edits", body, true,
                Transport.Dialect.OPENAI_RUN));
    }

    private static Map<String, String> reference(Input in) {
        return switch (in) {
            case Input.FileIdInput id -> Map.of("file_id", id.fileId());
            case Input.UrlInput url -> Map.of("image_url", url.url().toString());
            case Input.FileInput f -> dataUrl(LocalImages.read(f));
            case Input.BytesInput b -> dataUrl(b);
        };
    }

    private static Map<String, String> dataUrl(Input.BytesInput b) {
        return Map.of("image_url", "data:" + b.contentType() + ";base64,"
                + Base64.getEncoder().encodeToString(b.bytes()));
    }
}
