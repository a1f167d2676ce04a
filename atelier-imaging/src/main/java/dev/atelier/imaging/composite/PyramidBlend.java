package dev.atelier.imaging.composite;

import dev.atelier.imaging.Image;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-band (Laplacian pyramid) blending after Burt and Adelson: each frequency band of two pictures is mixed
 * with a correspondingly blurred mask, so broad colour changes fade over a wide zone while fine detail switches
 * over a narrow one. A pasted face then has no visible seam and keeps its sharpness.
 */
public final class PyramidBlend {
    private static final float[] TAPS = {1 / 16f, 4 / 16f, 6 / 16f, 4 / 16f, 1 / 16f};

    private PyramidBlend() {}

    /**
     * {@code foreground} where {@code mask} is 1, {@code background} where it is 0, mixed band by band. All three
     * must have the same size; the result has the background's colour channels. {@code levels} bands at most
     * (fewer when the picture is small).
     */
    public static Image blend(Image foreground, Image background, float[] mask, int levels) {
        int w = background.width();
        int h = background.height();
        if (foreground.width() != w || foreground.height() != h || mask.length != w * h) {
            throw new IllegalArgumentException("foreground, background and mask must have the same size");
        }
        int depth = Math.max(1, Math.min(levels, (int) (Math.log(Math.min(w, h) / 8.0) / Math.log(2)) + 1));
        List<Level> maskPyramid = gaussian(new Level(mask.clone(), w, h), depth);
        int channels = Math.min(3, background.channels());
        Image out = Image.create(w, h, channels);
        for (int c = 0; c < channels; c++) {
            List<Level> fg = laplacian(new Level(foreground.plane(Math.min(c, foreground.channels() - 1)), w, h),
                    depth);
            List<Level> bg = laplacian(new Level(background.plane(c), w, h), depth);
            // blend each band, then collapse from the coarsest up
            Level acc = null;
            for (int l = depth - 1; l >= 0; l--) {
                Level f = fg.get(l);
                Level b = bg.get(l);
                float[] m = maskPyramid.get(l).p;
                float[] mixed = new float[f.p.length];
                for (int i = 0; i < mixed.length; i++) {
                    mixed[i] = m[i] * f.p[i] + (1 - m[i]) * b.p[i];
                }
                if (acc != null) {
                    float[] up = expand(acc, f.w, f.h).p;
                    for (int i = 0; i < mixed.length; i++) {
                        mixed[i] += up[i];
                    }
                }
                acc = new Level(mixed, f.w, f.h);
            }
            float[] plane = out.plane(c);
            for (int i = 0; i < plane.length; i++) {
                plane[i] = Math.clamp(acc.p[i], 0f, 1f);
            }
        }
        return out;
    }

    record Level(float[] p, int w, int h) {}

    static List<Level> gaussian(Level base, int depth) {
        List<Level> out = new ArrayList<>();
        out.add(base);
        for (int l = 1; l < depth; l++) {
            out.add(reduce(out.getLast()));
        }
        return out;
    }

    /** Band-pass levels, finest first; the last level is the coarsest low-pass residual. */
    static List<Level> laplacian(Level base, int depth) {
        List<Level> g = gaussian(base, depth);
        List<Level> out = new ArrayList<>();
        for (int l = 0; l < depth - 1; l++) {
            Level fine = g.get(l);
            float[] up = expand(g.get(l + 1), fine.w, fine.h).p;
            float[] band = new float[fine.p.length];
            for (int i = 0; i < band.length; i++) {
                band[i] = fine.p[i] - up[i];
            }
            out.add(new Level(band, fine.w, fine.h));
        }
        out.add(g.get(depth - 1));
        return out;
    }

    /** Blur with the 5-tap binomial kernel and keep every other sample. */
    static Level reduce(Level in) {
        float[] blurred = blur(in);
        int w = (in.w + 1) / 2;
        int h = (in.h + 1) / 2;
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = blurred[(2 * y) * in.w + 2 * x];
            }
        }
        return new Level(out, w, h);
    }

    /** Back to {@code w × h}: samples on the even grid, zeros between, then the kernel with gain 4. */
    static Level expand(Level in, int w, int h) {
        float[] up = new float[w * h];
        for (int y = 0; y < in.h && 2 * y < h; y++) {
            for (int x = 0; x < in.w && 2 * x < w; x++) {
                up[(2 * y) * w + 2 * x] = 4 * in.p[y * in.w + x];
            }
        }
        return new Level(blur(new Level(up, w, h)), w, h);
    }

    private static float[] blur(Level in) {
        int w = in.w;
        int h = in.h;
        float[] tmp = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float acc = 0;
                for (int k = -2; k <= 2; k++) {
                    acc += TAPS[k + 2] * in.p[y * w + reflect(x + k, w)];
                }
                tmp[y * w + x] = acc;
            }
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float acc = 0;
                for (int k = -2; k <= 2; k++) {
                    acc += TAPS[k + 2] * tmp[reflect(y + k, h) * w + x];
                }
                out[y * w + x] = acc;
            }
        }
        return out;
    }

    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        if (i < 0) {
            return Math.min(-i, n - 1);
        }
        return i >= n ? Math.max(0, 2 * n - 2 - i) : i;
    }
}
