package dev.atelier.client;

/** Background removal ({@code sod}): the subject on a transparent background (PNG or WebP). */
public final class RemoveBackground extends EffectCall<RemoveBackground> {
    RemoveBackground(AtelierClient client, Input source) {
        super(client, "sod");
        sources.add(source);
    }

    @Override
    RemoveBackground self() {
        return this;
    }
}
