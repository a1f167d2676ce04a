package dev.atelier.imaging;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Conversions between AWT {@link BufferedImage} (what ImageIO reads and writes) and Atelier's planar {@link Image}.
 *
 * <p>Three read paths: sRGB or grey component samples are copied at full precision (16-bit PNG stays 16-bit);
 * palette and packed pixels go through {@code getRGB}; any other colour space (an embedded ICC profile) is converted
 * to sRGB with a {@link ColorConvertOp} first. Grey samples are taken as they are stored: the JDK labels them
 * "linear grey", but files store them gamma-encoded like sRGB.
 */
final class BufferedImages {
    private BufferedImages() {}

    static Image toImage(BufferedImage bi) {
        ColorModel cm = bi.getColorModel();
        ColorSpace cs = cm.getColorSpace();
        boolean grey = cs.getType() == ColorSpace.TYPE_GRAY;
        if (cm instanceof ComponentColorModel && (grey || cs.isCS_sRGB())) {
            return fromComponents(bi, cm, grey);
        }
        if (!cs.isCS_sRGB()) {
            BufferedImage converted = new BufferedImage(bi.getWidth(), bi.getHeight(),
                    cm.hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            new ColorConvertOp(null).filter(bi, converted);
            bi = converted;
        }
        return fromRgb(bi, cm.hasAlpha());
    }

    private static Image fromComponents(BufferedImage bi, ColorModel cm, boolean grey) {
        int w = bi.getWidth();
        int h = bi.getHeight();
        Raster raster = bi.getRaster();
        int colourBands = grey ? 1 : 3;
        boolean alpha = cm.hasAlpha();
        float[][] samples = new float[colourBands + (alpha ? 1 : 0)][];
        for (int b = 0; b < samples.length; b++) {
            float[] plane = raster.getSamples(0, 0, w, h, b, (float[]) null);
            int type = raster.getDataBuffer().getDataType();
            if (type != DataBuffer.TYPE_FLOAT && type != DataBuffer.TYPE_DOUBLE) {
                float scale = 1f / ((1L << cm.getComponentSize(b)) - 1);
                for (int i = 0; i < plane.length; i++) {
                    plane[i] *= scale;
                }
            }
            clamp(plane);
            samples[b] = plane;
        }
        if (alpha && cm.isAlphaPremultiplied()) {
            float[] a = samples[colourBands];
            for (int b = 0; b < colourBands; b++) {
                float[] p = samples[b];
                for (int i = 0; i < p.length; i++) {
                    p[i] = a[i] > 0 ? Math.min(1f, p[i] / a[i]) : 0f;
                }
            }
        }
        if (grey && alpha) {
            // Image has no grey+alpha layout: widen to RGBA sharing the grey plane.
            return Image.wrap(w, h, samples[0], samples[0].clone(), samples[0].clone(), samples[1]);
        }
        return Image.wrap(w, h, samples);
    }

    private static Image fromRgb(BufferedImage bi, boolean alpha) {
        int w = bi.getWidth();
        int h = bi.getHeight();
        Image img = Image.create(w, h, alpha ? 4 : 3);
        float[] r = img.plane(0);
        float[] g = img.plane(1);
        float[] b = img.plane(2);
        float[] a = alpha ? img.plane(3) : null;
        int[] row = new int[w];
        float k = 1f / 255f;
        for (int y = 0; y < h; y++) {
            bi.getRGB(0, y, w, 1, row, 0, w);
            int base = y * w;
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                r[base + x] = ((argb >>> 16) & 0xFF) * k;
                g[base + x] = ((argb >>> 8) & 0xFF) * k;
                b[base + x] = (argb & 0xFF) * k;
                if (a != null) {
                    a[base + x] = (argb >>> 24) * k;
                }
            }
        }
        return img;
    }

    /** An 8-bit BufferedImage holding {@code img}: grey, BGR or ABGR by channel count. */
    static BufferedImage toBufferedImage(Image img) {
        int w = img.width();
        int h = img.height();
        int type = switch (img.channels()) {
            case 1 -> BufferedImage.TYPE_BYTE_GRAY;
            case 3 -> BufferedImage.TYPE_3BYTE_BGR;
            default -> BufferedImage.TYPE_4BYTE_ABGR;
        };
        BufferedImage bi = new BufferedImage(w, h, type);
        WritableRaster raster = bi.getRaster();
        int[] samples = new int[w * h];
        for (int c = 0; c < img.channels(); c++) {
            float[] p = img.plane(c);
            for (int i = 0; i < samples.length; i++) {
                samples[i] = to8(p[i]);
            }
            raster.setSamples(0, 0, w, h, c, samples);
        }
        return bi;
    }

    /** Composites an RGBA image over an opaque background colour (for formats without alpha). */
    static Image flatten(Image img, float r, float g, float b) {
        if (!img.hasAlpha()) {
            return img;
        }
        Image out = Image.create(img.width(), img.height(), 3);
        float[] a = img.plane(3);
        float[] bg = {r, g, b};
        for (int c = 0; c < 3; c++) {
            float[] in = img.plane(c);
            float[] o = out.plane(c);
            float back = Srgb.toLinear(bg[c]);
            for (int i = 0; i < in.length; i++) {
                o[i] = Srgb.toEncoded(Srgb.toLinear(in[i]) * a[i] + back * (1 - a[i]));
            }
        }
        return out;
    }

    static int to8(float v) {
        int q = Math.round(v * 255f);
        return q < 0 ? 0 : Math.min(q, 255);
    }

    private static void clamp(float[] p) {
        for (int i = 0; i < p.length; i++) {
            float v = p[i];
            p[i] = v < 0f ? 0f : (v > 1f ? 1f : (v != v ? 0f : v));
        }
    }
}
