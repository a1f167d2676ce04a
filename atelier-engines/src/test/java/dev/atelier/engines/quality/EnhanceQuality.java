package dev.atelier.engines.quality;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.enhance.Enhance;
import dev.atelier.imaging.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Enhance ×1 with a known answer: a clean photo with seeded Gaussian noise (σ = 12 grey levels) added is enhanced;
 * the clean photo is the truth (PSNR gain over the noisy input). And the over-sharpening measure on the clean photo
 * enhanced as it is: at strong edges (luma gradient above 40 grey levels per pixel), how far the result goes beyond
 * the 3×3 neighbourhood's range in the original (overshoot, 0–255, mean over edge pixels): ringing halos show here.
 */
final class EnhanceQuality {
    static final List<String> PHOTOS = List.of("astronaut.png", "coffee.png", "chelsea.png", "building.jpg");
    static final double NOISE = 12 / 255.0;

    /** Per photo: PSNR of the noisy input and of Atelier's ×1 result, and the overshoot of ×1 on the clean photo. */
    record Measured(String photo, double noisyPsnr, double enhancedPsnr, double overshoot) {}

    private EnhanceQuality() {}

    static Measured measure(Bench bench, String photo, long seed) {
        Image clean = bench.photo(photo);
        Image noisy = clean.copy();
        SplittableRandom rnd = new SplittableRandom(seed ^ photo.hashCode());
        for (int c = 0; c < 3; c++) {
            float[] p = noisy.plane(c);
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) Math.clamp(p[i] + NOISE * gaussian(rnd), 0, 1);
            }
        }
        Image denoised = Enhance.enhance(noisy, 1);
        Image sharpened = Enhance.enhance(clean, 1);
        String id = "enhance-" + photo.substring(0, photo.indexOf('.'));
        bench.save(noisy, id + "-noisy");
        bench.save(denoised, id + "-x1");
        bench.save(sharpened, id + "-x1-clean");
        return new Measured(photo, Metrics.psnr(noisy, clean), Metrics.psnr(denoised, clean),
                overshoot(clean, sharpened));
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    static double overshoot(Image original, Image result) {
        int w = original.width();
        int h = original.height();
        float[] lo = Metrics.luma(original);
        float[] lr = Metrics.luma(result);
        double sum = 0;
        long n = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                double gx = lo[i + 1] - lo[i - 1];
                double gy = lo[i + w] - lo[i - w];
                if (Math.hypot(gx, gy) / 2 < 40 / 255.0) {
                    continue;
                }
                float min = Float.MAX_VALUE;
                float max = -Float.MAX_VALUE;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        min = Math.min(min, lo[i + dy * w + dx]);
                        max = Math.max(max, lo[i + dy * w + dx]);
                    }
                }
                sum += (Math.max(0, lr[i] - max) + Math.max(0, min - lr[i])) * 255;
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    static List<Row> rows(List<Measured> ms) {
        int n = ms.size();
        double noisy = Pictures.mean(ms.stream().mapToDouble(Measured::noisyPsnr).toArray());
        double enhanced = Pictures.mean(ms.stream().mapToDouble(Measured::enhancedPsnr).toArray());
        double overshoot = Pictures.mean(ms.stream().mapToDouble(Measured::overshoot).toArray());
        List<Row> rows = new ArrayList<>();
        rows.add(Row.of("enhance ×1", "PSNR on noisy copies (σ 12), dB (mean)", n, enhanced, "noisy input", noisy,
                "> noisy input", enhanced > noisy));
        rows.add(Row.of("enhance ×1", "overshoot at strong edges, 0–255 (mean)", n, overshoot, "original", 0, "",
                null));
        return rows;
    }
}
