package dev.atelier.engines.diffusion;

import dev.atelier.engines.Progress;
import dev.atelier.engines.Upscaling;
import dev.atelier.engines.generation.ImageSize;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.Resample;
import dev.atelier.imaging.filter.Blur;
import java.util.Map;

/** The picture work around the pipeline: channels, resizing, bringing to the asked size, the feathered composite. */
final class Masks {
    private Masks() {}

    /** The mask as one grey plane (1 = repaint): the luminance of a colour mask, alpha ignored. */
    static Image grey(Image m) {
        if (m.channels() == 1) {
            return m;
        }
        float[] r = m.plane(0);
        float[] g = m.plane(1);
        float[] b = m.plane(2);
        float[] out = new float[r.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
        }
        return Image.wrap(m.width(), m.height(), out);
    }

    static Image rgb(Image img) {
        return img.channels() < 3 ? Image.wrap(img.width(), img.height(), img.plane(0), img.plane(0), img.plane(0))
                : img.withoutAlpha();
    }

    static Image resize(Image img, ImageSize size) {
        if (img.width() == size.width() && img.height() == size.height()) {
            return img;
        }
        Image out = Resample.resize(img, size.width(), size.height(), Resample.Kernel.LANCZOS3);
        for (int c = 0; c < out.channels(); c++) {
            float[] p = out.plane(c);
            for (int i = 0; i < p.length; i++) {
                p[i] = Math.clamp(p[i], 0f, 1f);
            }
        }
        return out;
    }

    /**
     * The native picture at {@code target}: through the upscaling engine (×2 or ×4) when the target is more than a
     * quarter larger, then centre-cropped to the target's aspect and resampled. Says what it did in {@code details}.
     */
    static Image toSize(Image img, ImageSize target, Upscaling upscaler, Map<String, Object> details) {
        double ratio = Math.max((double) target.width() / img.width(), (double) target.height() / img.height());
        Image out = img;
        if (ratio > 1.25) {
            int scale = ratio <= 2 ? 2 : 4;
            out = upscaler.enhance(img, scale, Progress.none());
            details.put("upscaler", upscaler.id());
            details.put("upscale_factor", scale);
        }
        double want = target.aspect();
        int cw = out.width();
        int ch = out.height();
        if ((double) cw / ch > want) {
            cw = Math.max(1, Math.min(cw, (int) Math.round(ch * want)));
        } else {
            ch = Math.max(1, Math.min(ch, (int) Math.round(cw / want)));
        }
        if (cw != out.width() || ch != out.height()) {
            out = crop(out, (out.width() - cw) / 2, (out.height() - ch) / 2, cw, ch);
        }
        return resize(out, target);
    }

    private static Image crop(Image img, int x0, int y0, int w, int h) {
        float[][] planes = new float[img.channels()][];
        for (int c = 0; c < img.channels(); c++) {
            float[] src = img.plane(c);
            float[] dst = new float[w * h];
            for (int y = 0; y < h; y++) {
                System.arraycopy(src, (y0 + y) * img.width() + x0, dst, y * w, w);
            }
            planes[c] = dst;
        }
        return Image.wrap(w, h, planes);
    }

    /**
     * The generated picture inside the mask, the source outside: the mask is feathered inward only (blurred, then
     * never above the mask itself), so a pixel the mask leaves out keeps the source's exact value.
     */
    static Image composite(Image source, Image generated, Image mask) {
        int w = source.width();
        int h = source.height();
        float[] m = mask.plane(0);
        float[] soft = Blur.gaussian(m, w, h, Math.max(1.0, Math.min(w, h) / 128.0));
        float[][] planes = new float[3][];
        for (int c = 0; c < 3; c++) {
            float[] a = source.plane(c);
            float[] b = generated.plane(c);
            float[] o = new float[a.length];
            for (int i = 0; i < o.length; i++) {
                float f = Math.clamp(Math.min(soft[i], m[i]), 0f, 1f);
                o[i] = f == 0 ? a[i] : a[i] + (b[i] - a[i]) * f;
            }
            planes[c] = o;
        }
        return Image.wrap(w, h, planes);
    }
}
