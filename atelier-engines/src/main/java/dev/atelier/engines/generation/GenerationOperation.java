package dev.atelier.engines.generation;

import java.util.Locale;

/** The three things an image generator can be asked to do. */
public enum GenerationOperation {
    /** A prompt becomes one or more images. */
    TEXT_TO_IMAGE,
    /** One or more source images plus a prompt become new images (a prompt-less call on dall-e-2 is a variation). */
    IMAGE_TO_IMAGE,
    /** One image, a mask (white = change) and a prompt: only the masked region is repainted. */
    MASKED_EDIT;

    /** Lower-case name with dashes, e.g. {@code text-to-image}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
