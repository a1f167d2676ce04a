package dev.atelier.imaging.video;

import dev.atelier.imaging.Image;

/**
 * Float sRGB planes straight to limited-range Y'CbCr 4:2:0, the encoder's input: one pass in Java instead of
 * quantising to packed RGB and converting that with swscale (together about a tenth of a 960p frame's CPU time). Luma
 * is {@code 16 + 219·(Kr·R + Kg·G + Kb·B)}; chroma comes from the mean of each 2×2 block (centre-sited, as
 * swscale's and most encoders' box filter), {@code 128 + 224·(B − Y')/(2(1 − Kb))} and the same with R and Kr. BT.601
 * or BT.709 coefficients, as the stream is tagged.
 */
final class YuvFrames {
    private YuvFrames() {}

    /**
     * @param y  {@code yStride × height} bytes
     * @param u  {@code cStride × height/2} bytes, as {@code v}
     */
    static void toYuv420(Image img, boolean bt709, byte[] y, int yStride, byte[] u, byte[] v, int cStride) {
        int w = img.width();
        int h = img.height();
        float[] r = img.plane(0);
        float[] g = img.channels() >= 3 ? img.plane(1) : r;
        float[] b = img.channels() >= 3 ? img.plane(2) : r;
        float kr = bt709 ? 0.2126f : 0.299f;
        float kb = bt709 ? 0.0722f : 0.114f;
        float kg = 1 - kr - kb;
        float cb = 224f / (2 * (1 - kb));
        float cr = 224f / (2 * (1 - kr));
        for (int row = 0; row < h; row += 2) {
            int i0 = row * w;
            int i1 = Math.min(row + 1, h - 1) * w;
            int y0 = row * yStride;
            int y1 = Math.min(row + 1, h - 1) * yStride;
            int c = (row / 2) * cStride;
            for (int x = 0; x < w; x += 2) {
                int x1 = Math.min(x + 1, w - 1);
                float ra = clamp(r[i0 + x]);
                float rb = clamp(r[i0 + x1]);
                float rc = clamp(r[i1 + x]);
                float rd = clamp(r[i1 + x1]);
                float ga = clamp(g[i0 + x]);
                float gb = clamp(g[i0 + x1]);
                float gc = clamp(g[i1 + x]);
                float gd = clamp(g[i1 + x1]);
                float ba = clamp(b[i0 + x]);
                float bb = clamp(b[i0 + x1]);
                float bc = clamp(b[i1 + x]);
                float bd = clamp(b[i1 + x1]);
                y[y0 + x] = luma(kr * ra + kg * ga + kb * ba);
                y[y0 + x1] = luma(kr * rb + kg * gb + kb * bb);
                y[y1 + x] = luma(kr * rc + kg * gc + kb * bc);
                y[y1 + x1] = luma(kr * rd + kg * gd + kb * bd);
                float rm = (ra + rb + rc + rd) * 0.25f;
                float gm = (ga + gb + gc + gd) * 0.25f;
                float bm = (ba + bb + bc + bd) * 0.25f;
                float ym = kr * rm + kg * gm + kb * bm;
                u[c + x / 2] = (byte) (int) (128.5f + cb * (bm - ym));
                v[c + x / 2] = (byte) (int) (128.5f + cr * (rm - ym));
            }
        }
    }

    private static float clamp(float s) {
        return Math.clamp(s, 0f, 1f);
    }

    private static byte luma(float s) {
        return (byte) (int) (16.5f + 219f * s);
    }
}
