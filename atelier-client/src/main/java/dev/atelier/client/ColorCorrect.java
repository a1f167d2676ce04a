package dev.atelier.client;

/**
 * Colour correction ({@code color-correct}; v2 {@code colorize/color-correct}): several white-balance and levels
 * variants of one photo, listed in {@link TaskResult#outputs()}.
 */
public final class ColorCorrect extends EffectCall<ColorCorrect> {
    ColorCorrect(AtelierClient client, Input source) {
        super(client, "color-correct", "colorize/color-correct");
        sources.add(source);
    }

    @Override
    ColorCorrect self() {
        return this;
    }
}
