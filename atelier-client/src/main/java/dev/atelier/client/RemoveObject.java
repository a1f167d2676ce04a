package dev.atelier.client;

/**
 * Object removal ({@code obj-removal}): what the mask covers (white, same size as the photo) is filled from its
 * surroundings.
 */
public final class RemoveObject extends EffectCall<RemoveObject> {
    RemoveObject(AtelierClient client, Input source, Input mask) {
        super(client, "obj-removal");
        sources.add(source);
        masks.add(mask);
    }

    @Override
    RemoveObject self() {
        return this;
    }
}
