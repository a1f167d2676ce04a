package dev.atelier.server.api.openai;

import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.ImageInfo;
import dev.atelier.imaging.ImagingException;

/**
 * OpenAI marks the region to edit with fully transparent pixels (alpha 0); Atelier's masks are white where the
 * picture may change (CONTRACTS B.2). This converts the one into the other.
 */
final class Masks {
    private Masks() {}

    /** A converted mask: greyscale PNG bytes (white = edit) and its size. */
    record Converted(byte[] png, int width, int height) {}

    /**
     * Atelier's mask from an OpenAI mask (or, for dall-e-2 edits without one, from the image itself): white where
     * alpha is 0, black elsewhere. A picture without an alpha channel has no editable area and is refused, naming
     * {@code param}.
     */
    static Converted fromTransparency(byte[] bytes, DecodeLimits limits, String param) {
        Image img;
        try {
            img = Codecs.decode(bytes, limits);
        } catch (ImagingException e) {
            throw OpenAiException.invalid("the " + param + " cannot be decoded: " + e.getMessage(), param);
        }
        if (!img.hasAlpha()) {
            throw OpenAiException.invalid("the " + param + " must be a PNG with an alpha channel: fully transparent "
                    + "pixels mark the area to edit", param);
        }
        float[] alpha = img.plane(3);
        float[] out = new float[alpha.length];
        boolean any = false;
        for (int i = 0; i < alpha.length; i++) {
            if (alpha[i] <= 0.5f / 255f) {
                out[i] = 1f;
                any = true;
            }
        }
        if (!any) {
            throw OpenAiException.invalid("the " + param + " has no fully transparent pixel, so nothing may change",
                    param);
        }
        Image mask = Image.wrap(img.width(), img.height(), out);
        return new Converted(Codecs.encodeLossless(mask, ImageFormat.PNG), img.width(), img.height());
    }

    /** The header of an image, or a 400 naming {@code param}. */
    static ImageInfo probe(byte[] bytes, String param) {
        try {
            return Codecs.probe(bytes);
        } catch (ImagingException e) {
            throw OpenAiException.invalid("the " + param + " is not an image Atelier can read: " + e.getMessage(),
                    param);
        }
    }

    static boolean isPng(ImageInfo info) {
        return info.format() == ImageFormat.PNG;
    }
}
