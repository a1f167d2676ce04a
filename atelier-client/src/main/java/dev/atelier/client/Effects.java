package dev.atelier.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The typed calls, one per feature the SDK knows; {@link AtelierClient#task(String)} reaches the rest. Each takes any {@link Input}: {@code Input.of(path)}, {@code Input.of(bytes)}, {@code Input.fileId(id)}.
 */
public final class Effects {
    private final AtelierClient client;

    Effects(AtelierClient client) {
        this.client = client;
    }

    /** Photo Enhance of a local file. */
    public Enhance enhance(Path file) {
        return new Enhance(client, Input.of(file));
    }

    /** Photo Enhance of image bytes. */
    public Enhance enhance(byte[] image) {
        return new Enhance(client, Input.of(image));
    }

    /** Photo Enhance of any input: a file id (e.g. an earlier result's {@code dst_id}), a URL, a file or bytes. */
    public Enhance enhance(Input source) {
        return new Enhance(client, source);
    }

    /** AI Video Enhance of a local MP4 or MOV file: every frame ×2 (or ×1), audio kept; MP4 out. */
    public VideoEnhance videoEnhance(Path video) {
        return new VideoEnhance(client, Input.of(video));
    }

    /** AI Video Enhance of any input: a file id, a URL or a file. */
    public VideoEnhance videoEnhance(Input source) {
        return new VideoEnhance(client, source);
    }

    /** Colour correction: several variants of the photo. */
    public ColorCorrect colorCorrect(Input source) {
        return new ColorCorrect(client, source);
    }

    /** Lighting: shadows, highlights and local contrast. */
    public Lighting lighting(Input source) {
        return new Lighting(client, source);
    }

    /** Object removal: fills what {@code mask} covers (white on black, the photo's size). */
    public RemoveObject removeObject(Input source, Input mask) {
        return new RemoveObject(client, source, mask);
    }

    /** Background removal: the subject on transparency. */
    public RemoveBackground removeBackground(Input source) {
        return new RemoveBackground(client, source);
    }

    /** Background blur behind the subject. */
    public BlurBackground blurBackground(Input source) {
        return new BlurBackground(client, source);
    }

    /** Background change: a template, a colour or your own picture behind the subject. */
    public ReplaceBackground replaceBackground(Input source) {
        return new ReplaceBackground(client, source);
    }

    /** Face Swap pre-process: the faces of a photo ({@link TaskResult#faces()}). */
    public FacePreProcess facePreProcess(Input source) {
        return new FacePreProcess(client, source);
    }

    /** AI Image Generator V1: a prompt in a template's (v2) or legacy style's look. */
    public TextToImage textToImage(String prompt) {
        return new TextToImage(client, prompt);
    }

    /** AI Image Generator V2, text to image. */
    public TextToImageV2 textToImageV2(String prompt) {
        return new TextToImageV2(client, prompt);
    }

    /** AI Image Generator V2, image to image: one to three sources changed by a prompt. */
    public ImageToImage imageToImage(String prompt, Input... sources) {
        return new ImageToImage(client, prompt, List.of(sources));
    }

    /** The templates of AI Image Generator V1, every page. */
    public List<Template> templates() {
        List<Template> out = new ArrayList<>();
        String token = null;
        do {
            JsonNode data = client.transport().getJson("/s2s/v2.0/task/template/text-to-image?page_size=20"
                    + (token == null ? "" : "&starting_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                    .path("data");
            for (JsonNode t : data.path("templates")) {
                out.add(new Template(Json.text(t, "id"), Json.text(t, "title"), Json.text(t, "category_name")));
            }
            token = Json.text(data, "next_token");
        } while (token != null);
        return List.copyOf(out);
    }
}
