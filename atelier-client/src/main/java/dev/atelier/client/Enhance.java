package dev.atelier.client;

/**
 * Photo Enhance ({@code enhance}): denoise, sharpen and upscale ×1, ×2 or ×4, with JPEG, PNG or WebP output.
 * {@code client.effects().enhance(Path.of("photo.jpg")).scale(2).run()}.
 */
public final class Enhance extends EffectCall<Enhance> {
    Enhance(AtelierClient client, Input source) {
        super(client, "enhance");
        sources.add(source);
    }

    @Override
    Enhance self() {
        return this;
    }

    /**
     * The upscale factor (required).
     *
     * @throws IllegalArgumentException unless it is 1, 2 or 4
     */
    public Enhance scale(int factor) {
        if (factor != 1 && factor != 2 && factor != 4) {
            throw new IllegalArgumentException("scale must be 1, 2 or 4, got " + factor);
        }
        params.put("scale", factor);
        return this;
    }

    @Override
    void check() {
        if (!params.containsKey("scale")) {
            throw new IllegalStateException("enhance needs a scale: call scale(1), scale(2) or scale(4)");
        }
    }
}
