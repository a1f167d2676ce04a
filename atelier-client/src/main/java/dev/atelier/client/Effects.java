package dev.atelier.client;

import java.nio.file.Path;

/**
 * The typed calls, one per feature the SDK knows; {@link AtelierClient#task(String)} reaches the rest (face swap,
 * generation). Each takes any {@link Input}: {@code Input.of(path)}, {@code Input.of(bytes)}, {@code Input.fileId(id)}.
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
}
