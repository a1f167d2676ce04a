package dev.atelier.client;

/** Background blur ({@code bg-blur}): a lens-like blur behind the subject. */
public final class BlurBackground extends EffectCall<BlurBackground> {
    BlurBackground(AtelierClient client, Input source) {
        super(client, "bg-blur");
        sources.add(source);
    }

    @Override
    BlurBackground self() {
        return this;
    }

    /**
     * How strong the blur is (the server's default is 50).
     *
     * @throws IllegalArgumentException outside 0..100
     */
    public BlurBackground intensity(int value) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException("intensity must be 0..100, got " + value);
        }
        params.put("intensity", value);
        return this;
    }
}
