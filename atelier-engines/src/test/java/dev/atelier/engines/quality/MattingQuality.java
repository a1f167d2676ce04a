package dev.atelier.engines.quality;

import dev.atelier.engines.quality.Pictures.Rect;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.Srgb;
import dev.atelier.imaging.composite.Background;
import dev.atelier.imaging.composite.Matting;
import dev.atelier.imaging.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Mattes and edges with a known answer: a subject with a known alpha and a known foreground colour composited (in
 * linear light, as a camera sees it) over another photo. The plant has a hand-made matte (OpenCV's alphamat sample);
 * the other subjects take their photo's background-remover matte as their alpha; the foreground colour is made
 * exactly known by {@link #solidColours}. Measured:
 * <ul>
 *   <li>background removal: SAD (sum of |α̂ − α| / 1000) and MSE of the alpha; and the <b>halo</b>, the foreground
 *       colour error in the soft edge as the cut-out shows it (see {@link #halo}), with the estimated matte and with
 *       the true one;</li>
 *   <li>background change: the result over a third photo against the true composite αF + (1−α)N, PSNR in the edge
 *       band (the soft edge grown by 4 px);</li>
 *   <li>background blur: against αF + (1−α)·blur(B), the clean background blurred with the same disc, PSNR in the
 *       edge band.</li>
 * </ul>
 */
final class MattingQuality {
    /** A subject (its photo; its alpha from a matte file or from the background remover) over a background photo. */
    record Case(String subject, String matteFile, String background, String replacement) {
        String id() {
            return strip(subject) + "-over-" + strip(background);
        }

        private static String strip(String name) {
            return name.substring(0, name.indexOf('.')).replace("_cls", "");
        }
    }

    /** A built case: composite, truth alpha and foreground, clean background, and the replacement background. */
    record Built(Case spec, Image input, Image alpha, Image foreground, Image background, Image replacement) {}

    /**
     * Per-case measures; each pair is {@code [baseline, Atelier]}: the halo with the source colours (what a plain
     * cut-out carries) and with Atelier's; {@code trueMatteHalo} the same with the true alpha (the colour estimate
     * alone, matte errors aside); background change and blur against the plain composite.
     */
    record Measured(Built built, double sad, double mse, double[] halo, double[] trueMatteHalo, double[] replace,
            double[] blur) {}

    static final List<Case> FULL = List.of(
            new Case("plant.jpg", "plant_matte.png", "grass.png", "coffee.png"),
            new Case("plant.jpg", "plant_matte.png", "starry_night.jpg", "brick.png"),
            new Case("squirrel_cls.jpg", null, "grass.png", "home.jpg"),
            new Case("butterfly.jpg", null, "brick.png", "aero1.jpg"),
            new Case("orange.jpg", null, "baboon.jpg", "building.jpg"),
            new Case("coffee.png", null, "gravel.png", "starry_night.jpg"));

    static final List<Case> REDUCED = List.of(FULL.get(2), FULL.get(5));

    /** The blur intensity the background blur is scored at. */
    static final int BLUR_INTENSITY = 60;

    private MattingQuality() {}

    static Built build(Bench bench, Case c) {
        Image fg = bench.photo(c.subject());
        Image alpha;
        if (c.matteFile() != null) {
            Image m = bench.photo(c.matteFile());
            alpha = Image.wrap(m.width(), m.height(), m.plane(0).clone());
        } else {
            alpha = enclosedFilled(bench.matte(c.subject()));
        }
        fg = solidColours(fg, alpha);
        int w = fg.width();
        int h = fg.height();
        Image bg = cover(bench.photo(c.background()), w, h);
        Image input = Image.create(w, h, 3);
        float[] a = alpha.plane(0);
        for (int ch = 0; ch < 3; ch++) {
            for (int i = 0; i < w * h; i++) {
                float lin = a[i] * Srgb.toLinear(fg.plane(ch)[i]) + (1 - a[i]) * Srgb.toLinear(bg.plane(ch)[i]);
                input.plane(ch)[i] = Srgb.toEncoded(lin);
            }
        }
        return new Built(c, input, alpha, fg, bg, cover(bench.photo(c.replacement()), w, h));
    }

    /**
     * The known foreground colour F: the subject photo's own colour where its alpha is solid (≥ 0.95), and at every
     * other pixel the colour of the nearest solid pixel (breadth-first, 4-neighbours). A photo's soft edge already
     * mixes in its original background, which no one could separate; this makes F exactly known, with the edge
     * colours the subject has nearby, and the composite's background the only thing mixed into the soft edge.
     */
    static Image solidColours(Image photo, Image alpha) {
        int w = photo.width();
        int h = photo.height();
        float[] a = alpha.plane(0);
        int[] from = new int[w * h];
        java.util.Arrays.fill(from, -1);
        int[] queue = new int[w * h];
        int head = 0;
        int tail = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] >= 0.95f) {
                from[i] = i;
                queue[tail++] = i;
            }
        }
        while (head < tail) {
            int i = queue[head++];
            int x = i % w;
            int y = i / w;
            int[] next = {x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1};
            for (int j : next) {
                if (j >= 0 && from[j] < 0) {
                    from[j] = from[i];
                    queue[tail++] = j;
                }
            }
        }
        Image out = photo.copy();
        for (int c = 0; c < 3; c++) {
            float[] src = photo.plane(c);
            float[] dst = out.plane(c);
            for (int i = 0; i < dst.length; i++) {
                dst[i] = from[i] >= 0 ? src[from[i]] : src[i];
            }
        }
        return out;
    }

    /**
     * The background remover's matte of a subject photo made fit to be a truth: soft regions that the solid subject
     * encloses (no path of non-solid pixels, α &lt; 0.95, leads from them to the picture's border) and where the
     * remover saw no clear background (every α &gt; 0.05) are set solid. They are its mistakes on the source photo,
     * not transparency: the butterfly's white wing spots came out at α 0.1–0.9, and as truth they made the composite
     * show brick through an opaque wing, which no matte or colour estimate should reproduce. Enclosed regions with
     * clear background in them (the coffee cup's handle) stay as they are.
     */
    static Image enclosedFilled(Image matte) {
        int w = matte.width();
        int h = matte.height();
        float[] a = matte.plane(0).clone();
        boolean[] outside = new boolean[w * h];
        int[] queue = new int[w * h];
        int tail = 0;
        for (int i = 0; i < a.length; i++) {
            int x = i % w;
            int y = i / w;
            if ((x == 0 || y == 0 || x == w - 1 || y == h - 1) && a[i] < 0.95f) {
                outside[i] = true;
                queue[tail++] = i;
            }
        }
        for (int head = 0; head < tail; head++) {
            int i = queue[head];
            int x = i % w;
            int y = i / w;
            int[] next = {x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1};
            for (int j : next) {
                if (j >= 0 && !outside[j] && a[j] < 0.95f) {
                    outside[j] = true;
                    queue[tail++] = j;
                }
            }
        }
        // Each enclosed soft region is filled whole when none of it was judged clear background (α > 0.05).
        boolean[] seen = outside.clone();
        for (int start = 0; start < a.length; start++) {
            if (seen[start] || a[start] >= 0.95f) {
                continue;
            }
            seen[start] = true;
            tail = 0;
            queue[tail++] = start;
            float min = a[start];
            for (int head = 0; head < tail; head++) {
                int i = queue[head];
                int x = i % w;
                int y = i / w;
                int[] next = {x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1};
                for (int j : next) {
                    if (j >= 0 && !seen[j] && a[j] < 0.95f) {
                        seen[j] = true;
                        queue[tail++] = j;
                        min = Math.min(min, a[j]);
                    }
                }
            }
            if (min > 0.05f) {
                for (int k = 0; k < tail; k++) {
                    a[queue[k]] = 1f;
                }
            }
        }
        return Image.wrap(w, h, a);
    }

    /** A background photo scaled to cover w × h and centred (as Background.replace does with its background). */
    static Image cover(Image bg, int w, int h) {
        double scale = Math.max((double) w / bg.width(), (double) h / bg.height());
        int sw = Math.max(w, (int) Math.ceil(bg.width() * scale));
        int sh = Math.max(h, (int) Math.ceil(bg.height() * scale));
        Image scaled = Pictures.resize(bg, sw, sh);
        return Pictures.crop(scaled, new Rect((sw - w) / 2, (sh - h) / 2, w, h));
    }

    /** Where the truth's alpha is soft: 0.05 < α < 0.95. */
    static Image softEdge(Image alpha) {
        Image m = Image.create(alpha.width(), alpha.height(), 1);
        float[] a = alpha.plane(0);
        for (int i = 0; i < a.length; i++) {
            m.plane(0)[i] = a[i] > 0.05f && a[i] < 0.95f ? 1 : 0;
        }
        return m;
    }

    /**
     * The halo: mean over the truth's soft edge (0.05 &lt; α &lt; 0.95) where the cut-out shows (its alpha α̂ &gt;
     * 0.05) of α̂·|F̂ − F|, the colour error as the cut-out shows it; sRGB 0–255, averaged over the colour channels.
     */
    static double halo(Image cutoutColour, Image cutoutAlpha, Built b) {
        float[] a = b.alpha().plane(0);
        float[] shown = cutoutAlpha.plane(0);
        double sum = 0;
        long n = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] <= 0.05f || a[i] >= 0.95f || shown[i] <= 0.05f) {
                continue;
            }
            float v = Math.min(1f, shown[i]);
            for (int c = 0; c < 3; c++) {
                sum += v * Math.abs(cutoutColour.plane(c)[i] - b.foreground().plane(c)[i]) * 255;
            }
            n += 3;
        }
        return n == 0 ? 0 : sum / n;
    }

    static double[] alphaErrors(Image estimate, Image truth) {
        float[] e = estimate.plane(0);
        float[] t = truth.plane(0);
        double sad = 0;
        double sq = 0;
        for (int i = 0; i < e.length; i++) {
            double d = e[i] - t[i];
            sad += Math.abs(d);
            sq += d * d;
        }
        return new double[] {sad / 1000, sq / e.length};
    }

    /** The true composite of the subject over {@code newBackground} (linear light). */
    static Image truthOver(Built b, Image newBackground) {
        int n = b.alpha().plane(0).length;
        Image out = Image.create(b.input().width(), b.input().height(), 3);
        float[] a = b.alpha().plane(0);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                float lin = a[i] * Srgb.toLinear(b.foreground().plane(c)[i])
                        + (1 - a[i]) * Srgb.toLinear(newBackground.plane(c)[i]);
                out.plane(c)[i] = Srgb.toEncoded(lin);
            }
        }
        return out;
    }

    /** The clean background blurred in linear light with the disc {@link Background#blur} uses at the intensity. */
    static Image blurredBackground(Image bg) {
        double radius = BLUR_INTENSITY / 100.0 * 0.04 * Math.max(bg.width(), bg.height());
        int r = (int) Math.round(radius);
        int w = bg.width();
        int h = bg.height();
        Image out = Image.create(w, h, 3);
        List<int[]> disc = new ArrayList<>();
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                if (dx * dx + dy * dy <= radius * radius) {
                    disc.add(new int[] {dx, dy});
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            float[] lin = Srgb.toLinear(bg.plane(c));
            float[] o = out.plane(c);
            java.util.stream.IntStream.range(0, h).parallel().forEach(y -> {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    int n = 0;
                    for (int[] d : disc) {
                        int xx = x + d[0];
                        int yy = y + d[1];
                        if (xx >= 0 && yy >= 0 && xx < w && yy < h) {
                            s += lin[yy * w + xx];
                            n++;
                        }
                    }
                    o[y * w + x] = Srgb.toEncoded((float) (s / n));
                }
            });
        }
        return out;
    }

    static Image band(Image alpha) {
        Image soft = Image.create(alpha.width(), alpha.height(), 1);
        float[] a = alpha.plane(0);
        for (int i = 0; i < a.length; i++) {
            soft.plane(0)[i] = a[i] > 0.02f && a[i] < 0.98f ? 1 : 0;
        }
        return Pictures.binaryDilated(soft, 0.5f, 4);
    }

    static double bandPsnr(Image result, Image truth, Image band) {
        return Metrics.psnr(result, truth, band);
    }

    /** Atelier's cut-out colours for the composite and its estimated matte (what {@code sod} returns). */
    static Image atelierCutout(Image input, Image matte) {
        return Matting.foreground(input, matte);
    }

    /** Atelier's matte for the composite: the background remover's. */
    static Image atelierMatte(Bench bench, Image input) {
        return bench.matte(input);
    }

    static Measured measure(Bench bench, Built b) {
        Image matte = atelierMatte(bench, b.input());
        double[] alphaErr = alphaErrors(matte, b.alpha());
        Image cutout = atelierCutout(b.input(), matte);
        double[] halo = {halo(b.input(), matte, b), halo(cutout, matte, b)};
        double[] trueMatteHalo = {halo(b.input(), b.alpha(), b),
                halo(atelierCutout(b.input(), b.alpha()), b.alpha(), b)};
        Image band = band(b.alpha());
        Image replaceTruth = truthOver(b, b.replacement());
        Image plainReplace = plainOver(b.input(), matte, b.replacement());
        Image replaced = Background.replace(b.input(), matte, b.replacement());
        double[] replace = {bandPsnr(plainReplace, replaceTruth, band), bandPsnr(replaced, replaceTruth, band)};
        Image blurTruth = truthOver(b, blurredBackground(b.background()));
        Image plainBlur = plainOver(b.input(), matte, blurredBackground(b.input()));
        Image blurred = Background.blur(b.input(), matte, BLUR_INTENSITY);
        double[] blur = {bandPsnr(plainBlur, blurTruth, band), bandPsnr(blurred, blurTruth, band)};
        String id = "matting-" + b.spec().id();
        bench.save(b.input(), id + "-input");
        bench.save(cutout.withAlpha(matte.plane(0)), id + "-cutout");
        bench.save(b.input().withAlpha(matte.plane(0)), id + "-cutout-plain");
        bench.save(replaced, id + "-replaced");
        bench.save(replaceTruth, id + "-replaced-truth");
        bench.save(blurred, id + "-blurred");
        bench.save(blurTruth, id + "-blurred-truth");
        return new Measured(b, alphaErr[0], alphaErr[1], halo, trueMatteHalo, replace, blur);
    }

    /** {@code α·I + (1−α)·N} in linear light with the source colours as they are: the plain composite. */
    static Image plainOver(Image input, Image matte, Image newBackground) {
        Image out = Image.create(input.width(), input.height(), 3);
        float[] a = matte.plane(0);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < a.length; i++) {
                out.plane(c)[i] = Srgb.toEncoded(a[i] * Srgb.toLinear(input.plane(c)[i])
                        + (1 - a[i]) * Srgb.toLinear(newBackground.plane(c)[i]));
            }
        }
        return out;
    }

    static List<Row> rows(List<Measured> ms) {
        int n = ms.size();
        double sad = Pictures.mean(ms.stream().mapToDouble(Measured::sad).toArray());
        double mse = Pictures.mean(ms.stream().mapToDouble(Measured::mse).toArray());
        double haloPlain = Pictures.mean(ms.stream().mapToDouble(m -> m.halo()[0]).toArray());
        double halo = Pictures.mean(ms.stream().mapToDouble(m -> m.halo()[1]).toArray());
        double trueHaloPlain = Pictures.mean(ms.stream().mapToDouble(m -> m.trueMatteHalo()[0]).toArray());
        double trueHalo = Pictures.mean(ms.stream().mapToDouble(m -> m.trueMatteHalo()[1]).toArray());
        double repPlain = Pictures.mean(ms.stream().mapToDouble(m -> m.replace()[0]).toArray());
        double rep = Pictures.mean(ms.stream().mapToDouble(m -> m.replace()[1]).toArray());
        double blurPlain = Pictures.mean(ms.stream().mapToDouble(m -> m.blur()[0]).toArray());
        double blur = Pictures.mean(ms.stream().mapToDouble(m -> m.blur()[1]).toArray());
        List<Row> rows = new ArrayList<>();
        rows.add(Row.of("background removal", "alpha SAD (/1000, mean)", n, sad, "", 0, "", null));
        rows.add(Row.of("background removal", "alpha MSE (mean)", n, mse, "", 0, "", null));
        rows.add(Row.of("background removal", "halo: α·|F̂ − F| in the soft edge, 0–255 (mean)", n, halo,
                "source colours", haloPlain, "≤ ½ source colours", halo <= haloPlain / 2));
        rows.add(Row.of("background removal", "halo with the true matte (colour estimate alone)", n, trueHalo,
                "source colours", trueHaloPlain, "≤ ½ source colours", trueHalo <= trueHaloPlain / 2));
        rows.add(Row.of("background change", "PSNR in the edge band, dB (mean)", n, rep, "plain composite", repPlain,
                "", null));
        rows.add(Row.of("background blur", "PSNR in the edge band, dB (mean)", n, blur, "plain blur", blurPlain, "",
                null));
        return rows;
    }
}
