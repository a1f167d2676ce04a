package dev.atelier.imaging.metrics;

import dev.atelier.imaging.Image;

/**
 * Full-reference quality metrics between two pictures of the same size, on encoded samples in [0, 1].
 *
 * <p>PSNR is {@code 10·log10(1/MSE)} in dB (∞ for identical pictures); SSIM is the mean structural similarity of
 * Wang et al. (2004) over 8×8 windows with stride 4 on luma, 1 for identical pictures. An optional mask restricts
 * either to the pixels where it is above 0.5 (e.g. the hole of an inpainting test).
 */
public final class Metrics {
    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;

    private Metrics() {}

    /** PSNR over all colour channels (alpha ignored). */
    public static double psnr(Image a, Image b) {
        return psnr(a, b, null);
    }

    /** PSNR over colour channels where {@code mask} (1 channel) is above 0.5; {@code mask} may be null. */
    public static double psnr(Image a, Image b, Image mask) {
        checkSameSize(a, b);
        int colour = Math.min(colourChannels(a), colourChannels(b));
        double sum = 0;
        long n = 0;
        float[] m = mask == null ? null : mask.plane(0);
        for (int c = 0; c < colour; c++) {
            float[] pa = a.plane(c);
            float[] pb = b.plane(c);
            for (int i = 0; i < pa.length; i++) {
                if (m != null && m[i] <= 0.5f) {
                    continue;
                }
                double d = pa[i] - pb[i];
                sum += d * d;
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("mask selects no pixel");
        }
        double mse = sum / n;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / mse);
    }

    /** Mean SSIM on luma (Rec. 601 weights of the encoded samples). */
    public static double ssim(Image a, Image b) {
        return ssim(a, b, null);
    }

    /** Mean SSIM on luma over 8×8 windows whose centre lies where {@code mask} is above 0.5; mask may be null. */
    public static double ssim(Image a, Image b, Image mask) {
        checkSameSize(a, b);
        float[] la = luma(a);
        float[] lb = luma(b);
        int w = a.width();
        int h = a.height();
        final int win = 8;
        final int step = 4;
        double total = 0;
        int windows = 0;
        for (int y0 = 0; y0 + win <= h; y0 += step) {
            for (int x0 = 0; x0 + win <= w; x0 += step) {
                if (mask != null && mask.get(0, x0 + win / 2, y0 + win / 2) <= 0.5f) {
                    continue;
                }
                double ma = 0, mb = 0;
                for (int y = y0; y < y0 + win; y++) {
                    for (int x = x0; x < x0 + win; x++) {
                        ma += la[y * w + x];
                        mb += lb[y * w + x];
                    }
                }
                int n = win * win;
                ma /= n;
                mb /= n;
                double va = 0, vb = 0, cov = 0;
                for (int y = y0; y < y0 + win; y++) {
                    for (int x = x0; x < x0 + win; x++) {
                        double da = la[y * w + x] - ma;
                        double db = lb[y * w + x] - mb;
                        va += da * da;
                        vb += db * db;
                        cov += da * db;
                    }
                }
                va /= n - 1;
                vb /= n - 1;
                cov /= n - 1;
                total += ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
                windows++;
            }
        }
        if (windows == 0) {
            throw new IllegalArgumentException("no 8x8 window to compare (image too small or mask empty)");
        }
        return total / windows;
    }

    /** Rec. 601 luma of encoded samples; a grey image is its own luma. */
    public static float[] luma(Image img) {
        if (colourChannels(img) == 1) {
            return img.plane(0);
        }
        float[] r = img.plane(0);
        float[] g = img.plane(1);
        float[] b = img.plane(2);
        float[] y = new float[r.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
        }
        return y;
    }

    private static int colourChannels(Image img) {
        return img.hasAlpha() ? 3 : img.channels();
    }

    private static void checkSameSize(Image a, Image b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("sizes differ: " + a + " vs " + b);
        }
    }
}
