package dev.atelier.client;

/**
 * Background change ({@code bg-replace}): the subject over a template (the server's default unless one is chosen), a
 * plain colour, or a picture of yours.
 */
public final class ReplaceBackground extends EffectCall<ReplaceBackground> {
    ReplaceBackground(AtelierClient client, Input source) {
        super(client, "bg-replace");
        sources.add(source);
    }

    @Override
    ReplaceBackground self() {
        return this;
    }

    /**
     * A plain colour behind the subject.
     *
     * @throws IllegalArgumentException unless it is {@code #rrggbb}
     */
    public ReplaceBackground color(String rgb) {
        if (rgb == null || !rgb.matches("#[0-9a-fA-F]{6}")) {
            throw new IllegalArgumentException("color must be #rrggbb, got " + rgb);
        }
        params.remove("type");
        params.remove("template_id");
        params.put("color", rgb);
        return this;
    }

    /** One of the server's background templates, by id. */
    public ReplaceBackground template(String templateId) {
        params.remove("color");
        params.put("type", "template");
        params.put("template_id", templateId);
        return this;
    }

    /** A picture of yours as the background (resized to the photo). */
    public ReplaceBackground background(Input picture) {
        refs.clear();
        refs.add(picture);
        return this;
    }
}
