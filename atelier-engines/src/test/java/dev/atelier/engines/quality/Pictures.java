package dev.atelier.engines.quality;

import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.Resample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small picture operations the quality cases are built from: crops, scaled pastes, masks, files. */
final class Pictures {
    private Pictures() {}

    /** A rectangle in pixels. */
    record Rect(int x, int y, int width, int height) {
        boolean contains(int px, int py) {
            return px >= x && py >= y && px < x + width && py < y + height;
        }
    }

    static Image crop(Image img, Rect r) {
        Image out = Image.create(r.width(), r.height(), img.channels());
        for (int c = 0; c < img.channels(); c++) {
            for (int y = 0; y < r.height(); y++) {
                System.arraycopy(img.plane(c), (y + r.y()) * img.width() + r.x(), out.plane(c), y * r.width(),
                        r.width());
            }
        }
        return out;
    }

    /** Bounding box of the pixels above {@code threshold} in a 1-channel mask, grown by {@code pad}; null if none. */
    static Rect bounds(Image mask, float threshold, int pad) {
        int w = mask.width();
        int h = mask.height();
        int minX = w, minY = h, maxX = -1, maxY = -1;
        float[] m = mask.plane(0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (m[y * w + x] > threshold) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (maxX < 0) {
            return null;
        }
        int x0 = Math.max(0, minX - pad);
        int y0 = Math.max(0, minY - pad);
        int x1 = Math.min(w, maxX + pad + 1);
        int y1 = Math.min(h, maxY + pad + 1);
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    static Image resize(Image img, int w, int h) {
        Image out = Resample.resize(img, w, h, Resample.Kernel.LANCZOS3);
        for (int c = 0; c < out.channels(); c++) {
            float[] p = out.plane(c);
            for (int i = 0; i < p.length; i++) {
                p[i] = Math.clamp(p[i], 0f, 1f);
            }
        }
        return out;
    }

    /** A 1-channel mask: 1 where {@code m > threshold}, then grown by {@code radius} pixels (a square brush). */
    static Image binaryDilated(Image m, float threshold, int radius) {
        int w = m.width();
        int h = m.height();
        float[] src = m.plane(0);
        float[] rows = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean on = false;
                for (int dx = -radius; dx <= radius && !on; dx++) {
                    int xx = x + dx;
                    on = xx >= 0 && xx < w && src[y * w + xx] > threshold;
                }
                rows[y * w + x] = on ? 1 : 0;
            }
        }
        Image out = Image.create(w, h, 1);
        float[] o = out.plane(0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean on = false;
                for (int dy = -radius; dy <= radius && !on; dy++) {
                    int yy = y + dy;
                    on = yy >= 0 && yy < h && rows[yy * w + x] > 0.5f;
                }
                o[y * w + x] = on ? 1 : 0;
            }
        }
        return out;
    }

    /** {@code alpha·fg + (1−alpha)·bg}, per channel on encoded samples (how a paste looks in an editor). */
    static Image over(Image fg, Image alpha, Image bg) {
        Image out = Image.create(bg.width(), bg.height(), 3);
        float[] a = alpha.plane(0);
        for (int c = 0; c < 3; c++) {
            float[] f = fg.plane(c);
            float[] b = bg.plane(c);
            float[] o = out.plane(c);
            for (int i = 0; i < o.length; i++) {
                o[i] = a[i] * f[i] + (1 - a[i]) * b[i];
            }
        }
        return out;
    }

    /** Places {@code small} (and its alpha) at (x, y) on a canvas of the given size; alpha 0 elsewhere. */
    static Image[] place(Image small, Image smallAlpha, int x, int y, int w, int h) {
        Image fg = Image.create(w, h, 3);
        Image alpha = Image.create(w, h, 1);
        for (int sy = 0; sy < small.height(); sy++) {
            for (int sx = 0; sx < small.width(); sx++) {
                int tx = x + sx;
                int ty = y + sy;
                if (tx < 0 || ty < 0 || tx >= w || ty >= h) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    fg.set(c, tx, ty, small.get(c, sx, sy));
                }
                alpha.set(0, tx, ty, smallAlpha.get(0, sx, sy));
            }
        }
        return new Image[] {fg, alpha};
    }

    static void savePng(Image img, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Codecs.encodeLossless(img, ImageFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Image loadRgb(Path file) {
        try {
            Image img = Codecs.decode(Files.readAllBytes(file), dev.atelier.imaging.DecodeLimits.defaults());
            return img.channels() == 1 ? Image.wrap(img.width(), img.height(), img.plane(0), img.plane(0),
                    img.plane(0)) : img.withoutAlpha();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double mean(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return values.length == 0 ? Double.NaN : s / values.length;
    }
}
