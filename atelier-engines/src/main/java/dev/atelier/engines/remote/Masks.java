package dev.atelier.engines.remote;

import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.generation.ProviderError.Code;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Mask and image conversions some upstreams need, done with the JDK's ImageIO (PNG, JPEG, BMP, GIF). Dimensions
 * are read from the header and checked before any pixel is decoded.
 */
final class Masks {
    /** The largest picture converted here; larger inputs are refused before decoding. */
    static final long MAX_PIXELS = 64L * 1024 * 1024;

    private Masks() {}

    /**
     * Atelier's mask (white = change, any bright pixel counts) as OpenAI wants it: a PNG with alpha 0 where the
     * image may change and opaque black elsewhere.
     */
    static EncodedImage toOpenAiAlphaMask(EncodedImage mask, String provider) {
        BufferedImage src = decode(mask, provider, "mask");
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = src.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                double luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
                out.setRGB(x, y, luma >= 127.5 ? 0x00000000 : 0xFF000000);
            }
        }
        return new EncodedImage(png(out), "image/png");
    }

    /** The image as PNG (dall-e-2 takes nothing else); PNG input is returned as is. */
    static EncodedImage toPng(EncodedImage image, String provider) {
        if (image.mimeType().equals("image/png")) {
            return image;
        }
        BufferedImage src = decode(image, provider, "image");
        return new EncodedImage(png(src), "image/png");
    }

    static BufferedImage decode(EncodedImage image, String provider, String what) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image.data()))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw ProviderError.builder(Code.INVALID_REQUEST, "the " + what + " (" + image.mimeType()
                        + ") cannot be read for " + provider + "; send it as PNG").provider(provider).param(what)
                        .build();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw ProviderError.builder(Code.INVALID_REQUEST, "the " + what + " has " + pixels
                            + " pixels, more than " + MAX_PIXELS).provider(provider).param(what).build();
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw ProviderError.builder(Code.INVALID_REQUEST, "the " + what + " cannot be decoded: " + e.getMessage())
                    .provider(provider).param(what).cause(e).build();
        }
    }

    private static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
