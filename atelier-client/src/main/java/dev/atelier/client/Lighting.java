package dev.atelier.client;

/** Lighting ({@code lighting}): brighter shadows, recovered highlights, local contrast (256 px short side at least). */
public final class Lighting extends EffectCall<Lighting> {
    Lighting(AtelierClient client, Input source) {
        super(client, "lighting");
        sources.add(source);
    }

    @Override
    Lighting self() {
        return this;
    }
}
