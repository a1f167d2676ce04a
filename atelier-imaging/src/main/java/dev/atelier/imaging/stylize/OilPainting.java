package dev.atelier.imaging.stylize;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.filter.Blur;
import dev.atelier.imaging.parallel.Kernels;

/**
 * Oil painting by the anisotropic Kuwahara filter (Kyprianidis, Kang and Döllner 2009) with polynomial sector
 * weights (Kyprianidis et al. 2010).
 *
 * <p>The classic Kuwahara filter replaces each pixel by the mean of the least-varied of the square regions around
 * it: flat areas become flat, edges stay sharp (no region straddles them). The anisotropic version fits the
 * regions to the image structure:
 * <ol>
 *   <li>Structure tensor: the smoothed outer product of the gradient gives, per pixel, the dominant orientation φ
 *       and an anisotropy A in [0, 1] (0 = no preferred direction, 1 = a clean edge or line).</li>
 *   <li>The filter footprint is an ellipse along φ, stretched by A (semi-axes {@code r·(1+A)} and {@code r/(1+A)}),
 *       divided into 8 overlapping sectors whose smooth weights are polynomials ({@code (v_y + ζ − η v_x²)²} in
 *       each sector's frame) times a Gaussian fall-off.</li>
 *   <li>Each sector yields a mean colour and a variance; the output weights the means by
 *       {@code 1 / (1 + (255·σ²)^(q/2))} with q = 8, so smooth sectors dominate. The strokes follow the
 *       structure: hair, grass and contours become brush strokes.</li>
 * </ol>
 */
final class OilPainting {
    private static final int SECTORS = 8;
    private static final double Q = 8;
    /** {@code exp(−3.125·d²)} for d² in [0, 0.25], the footprint's Gaussian fall-off, tabulated. */
    private static final int FALLOFF_STEPS = 1024;
    private static final double[] FALLOFF = new double[FALLOFF_STEPS + 1];

    static {
        for (int i = 0; i <= FALLOFF_STEPS; i++) {
            FALLOFF[i] = Math.exp(-3.125 * 0.25 * i / FALLOFF_STEPS);
        }
    }

    private OilPainting() {}

    static Image apply(Image rgb) {
        int w = rgb.width();
        int h = rgb.height();
        double radius = Math.clamp(Math.max(w, h) / 200.0, 3.0, 6.0);
        // Footprint subsampling: from radius 4 up every other row and column of the footprint is read. The sector
        // means and variances are weighted averages over ~π·r² pixels, which a regular half-density lattice
        // estimates closely (still 12+ samples per sector), at a quarter of the cost.
        int step = radius >= 4 ? 2 : 1;
        float[][] structure = structure(Filters.luma(rgb), w, h);
        float[] phi = structure[0];
        float[] anisotropy = structure[1];
        double zeta = 2.0 / radius;
        double zeroCross = 3 * Math.PI / 8;
        double eta = (zeta + Math.cos(zeroCross)) / (Math.sin(zeroCross) * Math.sin(zeroCross));
        float[] r = rgb.plane(0);
        float[] g = rgb.plane(1);
        float[] b = rgb.plane(2);
        Image out = Image.create(w, h, 3);
        Kernels.forEach(0, h, y -> {
            double[] mr = new double[SECTORS], mg = new double[SECTORS], mb = new double[SECTORS];
            double[] sr = new double[SECTORS], sg = new double[SECTORS], sb = new double[SECTORS];
            double[] ws = new double[SECTORS];
            double[] wk = new double[SECTORS];
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double a = anisotropy[i];
                double ea = radius * Math.clamp(1 + a, 0.1, 2.0);
                double eb = radius * Math.clamp(1 / (1 + a), 0.1, 2.0);
                double cos = Math.cos(phi[i]);
                double sin = Math.sin(phi[i]);
                int mx = (int) Math.sqrt(ea * ea * cos * cos + eb * eb * sin * sin);
                int my = (int) Math.sqrt(ea * ea * sin * sin + eb * eb * cos * cos);
                java.util.Arrays.fill(mr, 0);
                java.util.Arrays.fill(mg, 0);
                java.util.Arrays.fill(mb, 0);
                java.util.Arrays.fill(sr, 0);
                java.util.Arrays.fill(sg, 0);
                java.util.Arrays.fill(sb, 0);
                java.util.Arrays.fill(ws, 0);
                for (int dy = -(my / step) * step; dy <= my; dy += step) {
                    int yy = Math.clamp(y + dy, 0, h - 1);
                    for (int dx = -(mx / step) * step; dx <= mx; dx += step) {
                        // Into the ellipse's frame, scaled so the ellipse is the disc of radius 1/2.
                        double vx = (cos * dx + sin * dy) * 0.5 / ea;
                        double vy = (-sin * dx + cos * dy) * 0.5 / eb;
                        double d2 = vx * vx + vy * vy;
                        if (d2 > 0.25) {
                            continue;
                        }
                        int j = yy * w + Math.clamp(x + dx, 0, w - 1);
                        double sum = sectorWeights(vx, vy, zeta, eta, wk);
                        double gauss = FALLOFF[(int) (d2 * (4 * FALLOFF_STEPS))] / Math.max(sum, 1e-9);
                        double cr = r[j], cg = g[j], cb = b[j];
                        for (int k = 0; k < SECTORS; k++) {
                            double wt = wk[k] * gauss;
                            ws[k] += wt;
                            mr[k] += wt * cr;
                            mg[k] += wt * cg;
                            mb[k] += wt * cb;
                            sr[k] += wt * cr * cr;
                            sg[k] += wt * cg * cg;
                            sb[k] += wt * cb * cb;
                        }
                    }
                }
                double or = 0, og = 0, ob = 0, ow = 0;
                for (int k = 0; k < SECTORS; k++) {
                    if (ws[k] <= 0) {
                        continue;
                    }
                    double ar = mr[k] / ws[k], ag = mg[k] / ws[k], ab = mb[k] / ws[k];
                    double variance = Math.abs(sr[k] / ws[k] - ar * ar) + Math.abs(sg[k] / ws[k] - ag * ag)
                            + Math.abs(sb[k] / ws[k] - ab * ab);
                    double weight = 1 / (1 + Math.pow(255 * variance, Q / 2));
                    or += weight * ar;
                    og += weight * ag;
                    ob += weight * ab;
                    ow += weight;
                }
                if (ow <= 0) {
                    out.plane(0)[i] = r[i];
                    out.plane(1)[i] = g[i];
                    out.plane(2)[i] = b[i];
                } else {
                    out.plane(0)[i] = (float) Math.clamp(or / ow, 0, 1);
                    out.plane(1)[i] = (float) Math.clamp(og / ow, 0, 1);
                    out.plane(2)[i] = (float) Math.clamp(ob / ow, 0, 1);
                }
            }
        });
        return out;
    }

    /** The 8 polynomial sector weights of a point v of the unit-half disc; returns their sum. */
    private static double sectorWeights(double vx, double vy, double zeta, double eta, double[] w) {
        double vxx = zeta - eta * vx * vx;
        double vyy = zeta - eta * vy * vy;
        w[0] = square(Math.max(0, vy + vxx));
        w[2] = square(Math.max(0, -vx + vyy));
        w[4] = square(Math.max(0, -vy + vxx));
        w[6] = square(Math.max(0, vx + vyy));
        // The odd sectors: the same polynomials in a frame turned by 45°.
        double ux = 0.70710678 * (vx - vy);
        double uy = 0.70710678 * (vx + vy);
        double uxx = zeta - eta * ux * ux;
        double uyy = zeta - eta * uy * uy;
        w[1] = square(Math.max(0, uy + uxx));
        w[3] = square(Math.max(0, -ux + uyy));
        w[5] = square(Math.max(0, -uy + uxx));
        w[7] = square(Math.max(0, ux + uyy));
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        return sum;
    }

    private static double square(double v) {
        return v * v;
    }

    /** Per pixel: {orientation φ of the structure (along edges), anisotropy A}, from the smoothed structure tensor. */
    static float[][] structure(float[] luma, int w, int h) {
        float[] e = new float[w * h];
        float[] f = new float[w * h];
        float[] g = new float[w * h];
        for (int y = 0; y < h; y++) {
            int ym = Math.max(y - 1, 0) * w;
            int yp = Math.min(y + 1, h - 1) * w;
            int y0 = y * w;
            for (int x = 0; x < w; x++) {
                int xm = Math.max(x - 1, 0);
                int xp = Math.min(x + 1, w - 1);
                // Sobel.
                float gx = (luma[ym + xp] + 2 * luma[y0 + xp] + luma[yp + xp] - luma[ym + xm] - 2 * luma[y0 + xm]
                        - luma[yp + xm]) / 4;
                float gy = (luma[yp + xm] + 2 * luma[yp + x] + luma[yp + xp] - luma[ym + xm] - 2 * luma[ym + x]
                        - luma[ym + xp]) / 4;
                e[y0 + x] = gx * gx;
                f[y0 + x] = gx * gy;
                g[y0 + x] = gy * gy;
            }
        }
        e = Blur.gaussian(e, w, h, 2.0);
        f = Blur.gaussian(f, w, h, 2.0);
        g = Blur.gaussian(g, w, h, 2.0);
        float[] phi = new float[w * h];
        float[] anisotropy = new float[w * h];
        for (int i = 0; i < phi.length; i++) {
            double ee = e[i], ff = f[i], gg = g[i];
            double root = Math.sqrt((ee - gg) * (ee - gg) + 4 * ff * ff);
            double l1 = (ee + gg + root) / 2;
            double l2 = (ee + gg - root) / 2;
            double tx = l1 - ee;
            double ty = -ff;
            phi[i] = (tx * tx + ty * ty) > 1e-20 ? (float) Math.atan2(ty, tx) : 0f;
            anisotropy[i] = l1 + l2 > 1e-12 ? (float) ((l1 - l2) / (l1 + l2)) : 0f;
        }
        return new float[][] {phi, anisotropy};
    }
}
