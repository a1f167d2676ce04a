package dev.atelier.engines.models;

import java.util.Locale;

/** What a model does, as the effects ask for it; the wire name is the lower-case kebab form. */
public enum ModelCapability {
    /** Salient-object segmentation: a soft foreground mask (ISNet, U²-Net, BiRefNet). */
    SALIENT_SEGMENTATION,
    /** Person segmentation for portraits (MediaPipe selfie segmentation). */
    PERSON_SEGMENTATION,
    /** Face boxes, scores and keypoints (BlazeFace). */
    FACE_DETECTION,
    /** Dense face landmarks (the 468-point face mesh). */
    FACE_LANDMARKS,
    /** Face parsing into hair, skin, lips and eye regions. */
    FACE_PARSING,
    INPAINTING,
    SUPER_RESOLUTION,
    COLORIZATION,
    /** The apparent age of a face crop, in years. */
    AGE_ESTIMATION,
    /** Probabilities that an image is a drawing, neutral, or sexual content (NSFW screening). */
    NSFW_CLASSIFICATION,
    /** A text-to-image diffusion bundle (text encoder, UNet, VAE, tokenizer, scheduler) in the optimum ONNX layout. */
    IMAGE_GENERATION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The capability with this wire name; {@link IllegalArgumentException} when there is none. */
    public static ModelCapability fromWire(String wire) {
        for (ModelCapability c : values()) {
            if (c.wireName().equals(wire)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown model capability: " + wire);
    }
}
