package dev.atelier.imaging;

import dev.atelier.imaging.parallel.Kernels;

import java.util.stream.IntStream;

/**
 * Resizing with a proper reconstruction kernel, in linear light, separable and parallel.
 *
 * <p>How it works: each output pixel is a weighted sum of nearby source pixels, the weights sampled from the
 * kernel. Because the kernel is separable the 2-D sum is done as two 1-D passes: horizontal (each source row to
 * the output width), then vertical (each output column from those rows). When shrinking, the kernel is stretched
 * by the scale factor so it also low-pass filters (no aliasing). Samples are converted to linear light first
 * (averaging sRGB-encoded values darkens fine detail) and colour is multiplied by alpha while filtering (otherwise
 * the colour of invisible pixels bleeds into visible edges). Rows are processed in parallel ({@link Kernels}).
 *
 * <p>Speed: kernel weights are computed once per output column and row ({@link Taps}), sRGB ↔ linear goes through
 * lookup tables, and the pass order is chosen per call (see {@link #resize}): when shrinking, bands of output rows
 * are filtered vertically from a small linearised window of source rows and then horizontally, so no full-size
 * intermediate is ever allocated and the slow per-tap pass only sees the output's rows; that horizontal pass runs on
 * the band's rows side by side (transposed), so each tap is one vectorised multiply-add over the band's rows.
 *
 * <p>Anti-ringing: Lanczos' negative lobes overshoot at hard edges, and in linear light the dark side of an edge
 * can undershoot below black (a visible dark halo). For {@link Kernel#LANCZOS3} each 1-D result is therefore
 * clamped to the range of the source samples under the kernel's main lobe (within one stretched pixel of the
 * centre); any true local average lies in that range, so smooth areas are unchanged and only the halo is removed.
 */
public final class Resample {

    /** Reconstruction kernels; {@code support} is the radius in source pixels at scale 1. */
    public enum Kernel {
        /** Windowed sinc, 3 lobes: sharpest, slight ringing at hard edges. The default for photographs. */
        LANCZOS3(3) {
            @Override
            double weight(double x) {
                x = Math.abs(x);
                if (x < 1e-8) {
                    return 1;
                }
                if (x >= 3) {
                    return 0;
                }
                double px = Math.PI * x;
                return 3 * Math.sin(px) * Math.sin(px / 3) / (px * px);
            }
        },
        /** Mitchell–Netravali cubic (B = C = 1/3): softer than Lanczos, small negative lobes. */
        MITCHELL(2) {
            @Override
            double weight(double x) {
                final double b = 1.0 / 3;
                final double c = 1.0 / 3;
                x = Math.abs(x);
                if (x < 1) {
                    return ((12 - 9 * b - 6 * c) * x * x * x + (-18 + 12 * b + 6 * c) * x * x + (6 - 2 * b)) / 6;
                }
                if (x < 2) {
                    return ((-b - 6 * c) * x * x * x + (6 * b + 30 * c) * x * x + (-12 * b - 48 * c) * x
                            + (8 * b + 24 * c)) / 6;
                }
                return 0;
            }
        },
        /** Triangle (tent): bilinear when enlarging, area-like averaging when shrinking. Fastest. */
        BILINEAR(1) {
            @Override
            double weight(double x) {
                x = Math.abs(x);
                return x < 1 ? 1 - x : 0;
            }
        };

        final double support;

        Kernel(double support) {
            this.support = support;
        }

        /** Whether results are clamped to the main lobe's range (see the class comment). */
        boolean antiRinging() {
            return this != BILINEAR; // the tent has no negative lobe, nothing to clamp
        }

        abstract double weight(double x);
    }

    private Resample() {}

    /** Output rows per task of the vertical-first path: enough to amortise the window's overlap, enough tasks. */
    private static final int BAND = 32;
    /** A scalar tap (the horizontal pass) costs about this many vectorised ones (the vertical pass), measured. */
    private static final double SCALAR_COST = 4;

    /**
     * A new image of {@code width} × {@code height} with the same channels, the source scaled to fill it
     * (aspect ratio is the caller's business).
     */
    public static Image resize(Image source, int width, int height, Kernel kernel) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        }
        if (width == source.width() && height == source.height()) {
            return source.copy();
        }
        int sw = source.width();
        int sh = source.height();
        Taps horizontal = Taps.of(sw, width, kernel);
        Taps vertical = Taps.of(sh, height, kernel);
        Image out = Image.create(width, height, source.channels());
        // The vertical pass runs over whole rows (contiguous, vectorised by the JIT), the horizontal one tap by tap;
        // whichever order filters fewer samples in the slow pass wins. Shrinking: vertical first, so the horizontal
        // pass sees only the output's rows; enlarging: horizontal first, so it sees only the source's rows.
        double horizontalFirst = SCALAR_COST * sh * width * horizontal.stride + (double) height * width * vertical.stride;
        double verticalFirst = (double) height * sw * vertical.stride + SCALAR_COST * height * width * horizontal.stride;
        if (verticalFirst < horizontalFirst) {
            verticalFirst(source, out, horizontal, vertical);
        } else {
            horizontalFirst(source, out, horizontal, vertical);
        }
        return out;
    }

    /**
     * Pass 1 filters every source row (linearised, premultiplied) to the target width; pass 2 makes each target row a
     * weighted sum of whole intermediate rows.
     */
    private static void horizontalFirst(Image source, Image out, Taps horizontal, Taps vertical) {
        int channels = source.channels();
        int sw = source.width();
        int sh = source.height();
        int width = out.width();
        float[][] rows = new float[channels][sh * width];
        Kernels.forEach(0, sh, y -> {
            float[] line = new float[sw];
            for (int c = 0; c < channels; c++) {
                linearRow(source, c, y, line, 0);
                horizontal.apply(line, 0, rows[c], y * width);
            }
        });
        Kernels.forEach(0, out.height(), y -> {
            float[] lo = vertical.antiRinging ? new float[width] : null;
            float[] hi = vertical.antiRinging ? new float[width] : null;
            for (int c = 0; c < channels; c++) {
                vertical.applyRows(rows[c], 0, width, y, out.plane(c), y * width, lo, hi);
            }
            finishRow(out, y);
        });
    }

    /**
     * Bands of target rows in parallel: each linearises the window of source rows its band needs, filters it
     * vertically into full-width rows, then each of those horizontally into the target. Nothing of source size is
     * allocated.
     */
    private static void verticalFirst(Image source, Image out, Taps horizontal, Taps vertical) {
        int sw = source.width();
        int height = out.height();
        int width = out.width();
        int channels = source.channels();
        // Alpha first: the colour channels are un-premultiplied by the filtered alpha of the same band.
        int[] order = source.hasAlpha() ? new int[] {3, 0, 1, 2} : IntStream.range(0, channels).toArray();
        Kernels.forEach(0, (height + BAND - 1) / BAND, band -> {
            int y0 = band * BAND;
            int y1 = Math.min(height, y0 + BAND);
            int first = vertical.start[y0];
            int last = first;
            for (int y = y0; y < y1; y++) {
                last = Math.max(last, vertical.start[y] + vertical.count[y] - 1);
            }
            float[] window = new float[(last - first + 1) * sw];
            float[] rows = new float[BAND * sw];
            float[] columns = new float[sw * BAND];
            float[] lo = vertical.antiRinging ? new float[sw] : null;
            float[] hi = vertical.antiRinging ? new float[sw] : null;
            float[][] scratch = {new float[BAND], new float[BAND], new float[BAND]};
            for (int c : order) {
                for (int r = first; r <= last; r++) {
                    linearRow(source, c, r, window, (r - first) * sw);
                }
                for (int y = y0; y < y1; y++) {
                    vertical.applyRows(window, first, sw, y, rows, (y - y0) * sw, lo, hi);
                }
                // The horizontal pass on the band's rows side by side (column x at columns[x * BAND ..]), so that
                // each tap is one multiply-add over BAND rows at once, which the JIT vectorises, instead of a scalar
                // dot product per output sample.
                transpose(rows, sw, columns);
                horizontal.applyColumns(columns, out.plane(c), y0, y1 - y0, width, scratch);
            }
            for (int y = y0; y < y1; y++) {
                finishRow(out, y);
            }
        });
    }

    /** {@code BAND} rows of {@code length} samples into {@code columns[x * BAND + row]}, in cache-sized blocks. */
    private static void transpose(float[] rows, int length, float[] columns) {
        for (int x0 = 0; x0 < length; x0 += 64) {
            int x1 = Math.min(length, x0 + 64);
            for (int j = 0; j < BAND; j++) {
                int base = j * length;
                for (int x = x0; x < x1; x++) {
                    columns[x * BAND + j] = rows[base + x];
                }
            }
        }
    }

    /** Source row {@code y} of channel {@code c} into {@code dst}: colour linearised and premultiplied, alpha as is. */
    private static void linearRow(Image source, int c, int y, float[] dst, int offset) {
        int sw = source.width();
        int base = y * sw;
        float[] src = source.plane(c);
        boolean colour = !source.hasAlpha() || c < 3;
        if (!colour) {
            System.arraycopy(src, base, dst, offset, sw);
            return;
        }
        Srgb.toLinear(src, base, dst, offset, sw);
        if (source.hasAlpha()) {
            float[] alpha = source.plane(3);
            for (int x = 0; x < sw; x++) {
                dst[offset + x] *= alpha[base + x];
            }
        }
    }

    /** Target row {@code y}, all channels filtered in linear premultiplied light: clamp alpha, un-premultiply, encode. */
    private static void finishRow(Image out, int y) {
        int width = out.width();
        int obase = y * width;
        float[] alpha = out.hasAlpha() ? out.plane(3) : null;
        if (alpha != null) {
            for (int x = obase; x < obase + width; x++) {
                alpha[x] = Math.clamp(alpha[x], 0f, 1f);
            }
        }
        int colour = out.hasAlpha() ? 3 : out.channels();
        for (int c = 0; c < colour; c++) {
            float[] dst = out.plane(c);
            if (alpha != null) {
                for (int x = obase; x < obase + width; x++) {
                    float a = alpha[x];
                    dst[x] = a > 1e-6f ? dst[x] / a : 0f;
                }
            }
            Srgb.toEncodedFast(dst, obase, width);
        }
    }

    /**
     * The 1-D filter from {@code in} samples to {@code out} samples: for output {@code i}, weights
     * {@code weights[i*stride .. +count[i]]} apply to inputs {@code start[i] ..}. Taps past the edge are folded onto
     * the edge sample (clamp-to-edge), and each row of weights sums to 1 so flat areas stay flat.
     */
    static final class Taps {
        final int[] start;
        final int[] count;
        final float[] weights;
        final int stride;
        final boolean antiRinging;
        /** Inclusive range of inputs under the main lobe of output {@code i}, for anti-ringing. */
        final int[] lobeStart;
        final int[] lobeEnd;

        private Taps(int[] start, int[] count, float[] weights, int stride, boolean antiRinging, int[] lobeStart,
                int[] lobeEnd) {
            this.start = start;
            this.count = count;
            this.weights = weights;
            this.stride = stride;
            this.antiRinging = antiRinging;
            this.lobeStart = lobeStart;
            this.lobeEnd = lobeEnd;
        }

        static Taps of(int in, int out, Kernel kernel) {
            double scale = (double) in / out;
            double stretch = Math.max(scale, 1.0);
            double radius = kernel.support * stretch;
            int stride = (int) Math.ceil(radius) * 2 + 2;
            int[] start = new int[out];
            int[] count = new int[out];
            int[] lobeStart = new int[out];
            int[] lobeEnd = new int[out];
            float[] weights = new float[out * stride];
            double[] w = new double[stride];
            for (int i = 0; i < out; i++) {
                double centre = (i + 0.5) * scale - 0.5;
                int lo = (int) Math.ceil(centre - radius);
                int hi = (int) Math.floor(centre + radius);
                int first = Math.clamp(lo, 0, in - 1);
                int last = Math.clamp(hi, 0, in - 1);
                java.util.Arrays.fill(w, 0);
                double sum = 0;
                for (int j = lo; j <= hi; j++) {
                    double k = kernel.weight((j - centre) / stretch);
                    w[Math.clamp(j, 0, in - 1) - first] += k;
                    sum += k;
                }
                start[i] = first;
                count[i] = last - first + 1;
                lobeStart[i] = Math.clamp((long) Math.ceil(centre - stretch + 1e-9), 0, in - 1);
                lobeEnd[i] = Math.clamp((long) Math.floor(centre + stretch - 1e-9), lobeStart[i], in - 1);
                for (int k = 0; k < count[i]; k++) {
                    weights[i * stride + k] = (float) (sum != 0 ? w[k] / sum : (k == 0 ? 1 : 0));
                }
            }
            return new Taps(start, count, weights, stride, kernel.antiRinging(), lobeStart, lobeEnd);
        }

        /** Filters {@code line[from ..]} into {@code dst[offset .. offset + out)}. */
        void apply(float[] line, int from, float[] dst, int offset) {
            for (int i = 0; i < start.length; i++) {
                int s = from + start[i];
                int wb = i * stride;
                float acc = 0;
                for (int k = 0, n = count[i]; k < n; k++) {
                    acc += weights[wb + k] * line[s + k];
                }
                if (antiRinging) {
                    // Plain comparisons, not Math.min/max: samples are never NaN, and this scalar loop runs for
                    // every output sample (Math.min's NaN and −0 rules cost as much here as the multiply-adds).
                    float lo = line[from + lobeStart[i]];
                    float hi = lo;
                    for (int j = from + lobeStart[i] + 1, end = from + lobeEnd[i]; j <= end; j++) {
                        float v = line[j];
                        lo = v < lo ? v : lo;
                        hi = v > hi ? v : hi;
                    }
                    acc = acc < lo ? lo : (acc > hi ? hi : acc);
                }
                dst[offset + i] = acc;
            }
        }

        /**
         * The filter along rows for {@code BAND} rows at once: {@code columns[x * BAND + j]} is input x of row j; output
         * i of row j (for j below {@code rows}) goes to {@code dst[(firstRow + j) * width + i]}. {@code scratch} is three
         * rows of BAND floats. The same sums, in the same order, and the same anti-ringing clamp as {@link #apply}.
         */
        void applyColumns(float[] columns, float[] dst, int firstRow, int rows, int width, float[][] scratch) {
            float[] acc = scratch[0];
            float[] lo = scratch[1];
            float[] hi = scratch[2];
            for (int i = 0; i < start.length; i++) {
                int wb = i * stride;
                int base = start[i] * BAND;
                float w0 = weights[wb];
                for (int j = 0; j < BAND; j++) {
                    acc[j] = w0 * columns[base + j];
                }
                for (int k = 1, n = count[i]; k < n; k++) {
                    float w = weights[wb + k];
                    int tap = base + k * BAND;
                    for (int j = 0; j < BAND; j++) {
                        acc[j] += w * columns[tap + j];
                    }
                }
                if (antiRinging) {
                    int lobe = lobeStart[i] * BAND;
                    for (int j = 0; j < BAND; j++) {
                        lo[j] = columns[lobe + j];
                        hi[j] = columns[lobe + j];
                    }
                    for (int r = lobeStart[i] + 1; r <= lobeEnd[i]; r++) {
                        int tap = r * BAND;
                        for (int j = 0; j < BAND; j++) {
                            lo[j] = Math.min(lo[j], columns[tap + j]);
                            hi[j] = Math.max(hi[j], columns[tap + j]);
                        }
                    }
                    for (int j = 0; j < BAND; j++) {
                        acc[j] = Math.min(Math.max(acc[j], lo[j]), hi[j]);
                    }
                }
                for (int j = 0; j < rows; j++) {
                    dst[(firstRow + j) * width + i] = acc[j];
                }
            }
        }

        /**
         * Output {@code i} along the other axis: the weighted sum of whole rows of {@code rowLength} samples in
         * {@code rows}, whose first row is input {@code firstRow}, into {@code dst[offset ..]}. The inner loops run
         * along a row, so the JIT vectorises them. {@code lo}/{@code hi} are scratch rows for anti-ringing.
         */
        void applyRows(float[] rows, int firstRow, int rowLength, int i, float[] dst, int offset, float[] lo,
                float[] hi) {
            int wb = i * stride;
            int base = (start[i] - firstRow) * rowLength;
            float w0 = weights[wb];
            for (int x = 0; x < rowLength; x++) {
                dst[offset + x] = w0 * rows[base + x];
            }
            for (int k = 1, n = count[i]; k < n; k++) {
                float w = weights[wb + k];
                int sbase = base + k * rowLength;
                for (int x = 0; x < rowLength; x++) {
                    dst[offset + x] += w * rows[sbase + x];
                }
            }
            if (!antiRinging) {
                return;
            }
            int lobe = (lobeStart[i] - firstRow) * rowLength;
            int lobeRows = lobeEnd[i] - lobeStart[i] + 1;
            if (lobeRows <= 4) { // shrinking by up to 2 (thumbnails) and every enlargement: one fused pass
                clampToLobe(rows, lobe, lobeRows, rowLength, dst, offset);
                return;
            }
            System.arraycopy(rows, lobe, lo, 0, rowLength);
            System.arraycopy(rows, lobe, hi, 0, rowLength);
            for (int r = lobeStart[i] + 1; r <= lobeEnd[i]; r++) {
                int sbase = (r - firstRow) * rowLength;
                for (int x = 0; x < rowLength; x++) {
                    float v = rows[sbase + x];
                    lo[x] = Math.min(lo[x], v);
                    hi[x] = Math.max(hi[x], v);
                }
            }
            for (int x = 0; x < rowLength; x++) {
                dst[offset + x] = Math.min(Math.max(dst[offset + x], lo[x]), hi[x]);
            }
        }

        /**
         * {@code dst[offset + x]} clamped to the range of the 1–4 rows from {@code rows[lobe]} at column x, in one
         * pass that the JIT vectorises (no scratch rows written and read back).
         */
        private static void clampToLobe(float[] rows, int lobe, int lobeRows, int rowLength, float[] dst, int offset) {
            int r1 = lobe + Math.min(1, lobeRows - 1) * rowLength;
            int r2 = lobe + Math.min(2, lobeRows - 1) * rowLength;
            int r3 = lobe + Math.min(3, lobeRows - 1) * rowLength;
            for (int x = 0; x < rowLength; x++) {
                float a = rows[lobe + x];
                float b = rows[r1 + x];
                float c = rows[r2 + x];
                float d = rows[r3 + x];
                float lo = Math.min(Math.min(a, b), Math.min(c, d));
                float hi = Math.max(Math.max(a, b), Math.max(c, d));
                dst[offset + x] = Math.min(Math.max(dst[offset + x], lo), hi);
            }
        }
    }
}
