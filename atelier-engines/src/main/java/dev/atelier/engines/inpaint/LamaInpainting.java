package dev.atelier.engines.inpaint;

import dev.atelier.engines.ImageResult;
import dev.atelier.engines.Inpainting;
import dev.atelier.engines.Progress;
import dev.atelier.engines.models.IoContract;
import dev.atelier.engines.onnx.Inference;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxModelEngine;
import dev.atelier.engines.PlaneResample;
import dev.atelier.engines.onnx.TensorSpec;
import dev.atelier.imaging.Image;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inpainting with a LaMa-family model: inputs {@code image} [1,3,S,S] RGB in [0, 1] and {@code mask} [1,1,S,S]
 * (1 = fill), output {@code output} [1,3,S,S] (S = 512 for the public exports). Exports differ in the output's range:
 * Carve's gives 0–255, others 0–1; an output with any value above 1.5 is read as 0–255.
 *
 * <p>A photo is much larger than S and the hole usually small, so the model sees a square crop around the mask's
 * bounding box with as much context again on each side (at least {@value #MIN_CONTEXT} px), resized to S×S. Its
 * output is resized back and pasted over the hole only, with a feathered edge a few pixels wide outside the hole so
 * no seam shows; everything else stays the source's own pixels.
 */
public final class LamaInpainting extends OnnxModelEngine implements Inpainting {
    static final int MIN_CONTEXT = 32;

    /** @param modelId e.g. {@code lama-fp32} */
    public LamaInpainting(OnnxHost host, String modelId) {
        super(host, modelId);
    }

    @Override
    public Image inpaint(Image source, Image mask, Progress progress) {
        return fill(source, mask, progress).image();
    }

    @Override
    public ImageResult fill(Image source, Image mask, Progress progress) {
        requireAvailable();
        int w = source.width();
        int h = source.height();
        float[] hole = mask.plane(0);
        int[] box = holeBounds(hole, w, h);
        if (box == null) {
            return new ImageResult(source.copy(), Map.of("engine", id(), "note", "the mask marks nothing"));
        }
        IoContract contract = host.registry().manifest(modelId).orElseThrow().contract();
        String imageName = contract.inputs().get(0).name();
        String maskName = contract.inputs().get(1).name();
        String outName = contract.outputs().getFirst().name();
        int size = Math.toIntExact(contract.inputs().get(0).shape().get(3));

        int[] crop = contextCrop(box, w, h);
        int cx = crop[0];
        int cy = crop[1];
        int cw = crop[2];
        int ch = crop[3];
        progress.report(0.0, "preprocess");
        float[][] rgb = new float[3][];
        for (int c = 0; c < 3; c++) {
            rgb[c] = PlaneResample.fit(cut(source.plane(source.channels() >= 3 ? c : 0), w, cx, cy, cw, ch), cw, ch,
                    size, size);
        }
        float[] holeCrop = cut(hole, w, cx, cy, cw, ch);
        float[] modelMask = PlaneResample.fit(holeCrop, cw, ch, size, size);
        for (int i = 0; i < modelMask.length; i++) {
            // Any part of a hole pixel counts: a pixel the model keeps must be fully outside the hole.
            modelMask[i] = modelMask[i] > 0.01f ? 1f : 0f;
        }
        progress.report(0.1, "inference");
        Inference<float[][]> inference = host.run(modelId,
                List.of(TensorSpec.of(imageName, 1, 3, size, size), TensorSpec.of(maskName, 1, 1, size, size)),
                (name, buffer) -> {
                    if (name.equals(maskName)) {
                        buffer.put(modelMask);
                    } else {
                        for (float[] p : rgb) {
                            buffer.put(p);
                        }
                    }
                }, List.of(TensorSpec.of(outName, 1, 3, size, size)), outputs -> {
                    float[][] out = new float[3][size * size];
                    for (float[] p : out) {
                        outputs.get(outName).get(p);
                    }
                    return out;
                });
        progress.report(0.9, "blend");
        float[][] filled = inference.value();
        float unit = maxOf(filled) > 1.5f ? 255f : 1f;
        float[] alpha = feather(holeCrop, cw, ch, Math.max(2, Math.round(cw / 128f)));
        Image out = source.copy();
        if (source.channels() == 1) {
            // Grey in, grey out: the mean of the model's RGB.
            float[] grey = new float[size * size];
            for (int i = 0; i < grey.length; i++) {
                grey[i] = (filled[0][i] + filled[1][i] + filled[2][i]) / 3f;
            }
            paste(out.plane(0), w, PlaneResample.fit(grey, size, size, cw, ch), alpha, cx, cy, cw, ch, unit);
        } else {
            for (int c = 0; c < 3; c++) {
                paste(out.plane(c), w, PlaneResample.fit(filled[c], size, size, cw, ch), alpha, cx, cy, cw, ch, unit);
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>(inference.info().metadata(id()));
        metadata.put("crop", cx + "," + cy + "," + cw + "x" + ch);
        progress.report(1.0, "done");
        return new ImageResult(out, metadata);
    }

    /** {minX, minY, maxX, maxY} (inclusive) of the pixels above 0.5, or null when there are none. */
    static int[] holeBounds(float[] hole, int w, int h) {
        int minX = w;
        int minY = h;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (hole[y * w + x] > 0.5f) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? null : new int[] {minX, minY, maxX, maxY};
    }

    /**
     * {x, y, width, height}: a square around the hole with as much context again on each side, moved inside the
     * picture (and cut to it when the picture is smaller than the square).
     */
    static int[] contextCrop(int[] box, int w, int h) {
        int bw = box[2] - box[0] + 1;
        int bh = box[3] - box[1] + 1;
        int side = Math.max(bw, bh) + 2 * Math.max(MIN_CONTEXT, Math.max(bw, bh));
        int cw = Math.min(side, w);
        int ch = Math.min(side, h);
        int cx = Math.clamp((box[0] + box[2] + 1) / 2 - cw / 2, 0, w - cw);
        int cy = Math.clamp((box[1] + box[3] + 1) / 2 - ch / 2, 0, h - ch);
        return new int[] {cx, cy, cw, ch};
    }

    private static float[] cut(float[] plane, int w, int cx, int cy, int cw, int ch) {
        float[] out = new float[cw * ch];
        for (int y = 0; y < ch; y++) {
            System.arraycopy(plane, (cy + y) * w + cx, out, y * cw, cw);
        }
        return out;
    }

    /**
     * 1 inside the hole, falling linearly to 0 over {@code radius} px outside it (chamfer distance), so the model's
     * pixels cover the whole hole and fade into the source's around it.
     */
    static float[] feather(float[] hole, int w, int h, int radius) {
        float big = w + h;
        float[] d = new float[w * h];
        for (int i = 0; i < d.length; i++) {
            d[i] = hole[i] > 0.5f ? 0 : big;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (x > 0) {
                    d[i] = Math.min(d[i], d[i - 1] + 1);
                }
                if (y > 0) {
                    d[i] = Math.min(d[i], d[i - w] + 1);
                }
            }
        }
        for (int y = h - 1; y >= 0; y--) {
            for (int x = w - 1; x >= 0; x--) {
                int i = y * w + x;
                if (x < w - 1) {
                    d[i] = Math.min(d[i], d[i + 1] + 1);
                }
                if (y < h - 1) {
                    d[i] = Math.min(d[i], d[i + w] + 1);
                }
            }
        }
        float[] alpha = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            alpha[i] = Math.clamp(1f - d[i] / (radius + 1), 0f, 1f);
        }
        return alpha;
    }

    private static void paste(float[] dst, int w, float[] patch, float[] alpha, int cx, int cy, int cw, int ch,
            float unit) {
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int p = y * cw + x;
                float a = alpha[p];
                if (a > 0) {
                    int o = (cy + y) * w + cx + x;
                    dst[o] = dst[o] * (1 - a) + Math.clamp(patch[p] / unit, 0f, 1f) * a;
                }
            }
        }
    }

    private static float maxOf(float[][] planes) {
        float m = Float.NEGATIVE_INFINITY;
        for (float[] p : planes) {
            for (float v : p) {
                m = Math.max(m, v);
            }
        }
        return m;
    }
}
