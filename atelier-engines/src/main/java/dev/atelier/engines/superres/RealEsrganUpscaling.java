package dev.atelier.engines.superres;

import dev.atelier.engines.EngineCode;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.ImageResult;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Upscaling;
import dev.atelier.engines.models.IoContract;
import dev.atelier.engines.onnx.Inference;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxModelEngine;
import dev.atelier.engines.PlaneResample;
import dev.atelier.engines.onnx.RunInfo;
import dev.atelier.engines.onnx.TensorSpec;
import dev.atelier.engines.tiling.Tiler;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.Resample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Super-resolution with an ESRGAN-family model: Real-ESRGAN (RRDBNet ×2 or ×4; the same contract fits SwinIR and
 * other exports), input [1,3,h,w] RGB in [0, 1], output [1,3,h·s,w·s]; or the npm {@code @upscalerjs/esrgan-*}
 * models converted from TF.js, NHWC [1,h,w,3] in [0, 255]. Layout and range come from the model's contract. The picture is run in tiles
 * ({@link Tiler}) so memory is bounded for any size the limits allow: {@value #DEFAULT_TILE}² tiles when the model
 * takes any size ({@value #X4_TILE}² for ×4 models), or the model's own fixed size, with {@value #OVERLAP_SHARE}th
 * of a tile shared between neighbours.
 *
 * <p>A scale below the model's native one runs the model and shrinks its output with Lanczos (the result metadata
 * says so); a larger one is refused. Grey pictures run as RGB and come back grey; alpha is enlarged bilinearly.
 */
public final class RealEsrganUpscaling extends OnnxModelEngine implements Upscaling {
    static final int DEFAULT_TILE = 256;
    /**
     * Tiles of ×4 models: their activations live at up to 4× the tile's side (64 channels at 1024² for a 256 tile
     * made esrgan-medium-x4 peak at 3.7 GiB), so a 128-px tile cuts the peak about fourfold for ~10 % more overlap.
     */
    static final int X4_TILE = 128;
    static final int OVERLAP_SHARE = 8;

    private final int nativeScale;
    private final int tile;

    /** @param nativeScale the model's own factor, e.g. 4 for {@code real-esrgan-x4} */
    public RealEsrganUpscaling(OnnxHost host, String modelId, int nativeScale) {
        this(host, modelId, nativeScale, nativeScale >= 4 ? X4_TILE : DEFAULT_TILE);
    }

    /** @param tile the tile side in input pixels for models that take any size (benchmarks compare sizes) */
    RealEsrganUpscaling(OnnxHost host, String modelId, int nativeScale, int tile) {
        super(host, modelId);
        if (nativeScale < 1 || tile < 16) {
            throw new IllegalArgumentException("scale must be positive and tiles at least 16 px: " + nativeScale
                    + ", " + tile);
        }
        this.nativeScale = nativeScale;
        this.tile = tile;
    }

    public int nativeScale() {
        return nativeScale;
    }

    @Override
    public Image enhance(Image source, int scale, Progress progress) {
        return upscale(source, scale, progress).image();
    }

    @Override
    public ImageResult upscale(Image source, int scale, Progress progress) {
        if (scale < 1 || scale > nativeScale) {
            throw new EngineException(EngineCode.ERROR_INFERENCE, id() + " enlarges up to x" + nativeScale + ", not x" + scale);
        }
        requireAvailable();
        IoContract contract = host.registry().manifest(modelId).orElseThrow().contract();
        IoContract.Tensor in = contract.inputs().getFirst();
        IoContract.Tensor out = contract.outputs().getFirst();
        long fixedH = in.shape().get(in.nhwc() ? 1 : 2);
        long fixedW = in.shape().get(in.nhwc() ? 2 : 3);
        int tile = fixedW > 0 && fixedH > 0 ? Math.toIntExact(Math.min(fixedW, fixedH)) : this.tile;
        boolean fixed = fixedW > 0 && fixedH > 0;

        int w = source.width();
        int h = source.height();
        float[][] rgb = new float[3][];
        for (int c = 0; c < 3; c++) {
            rgb[c] = source.plane(source.channels() >= 3 ? c : 0);
        }
        // A fixed-size model needs whole tiles: a smaller picture is padded by repeating its edges, then cropped.
        int pw = fixed ? Math.max(w, tile) : w;
        int ph = fixed ? Math.max(h, tile) : h;
        if (pw != w || ph != h) {
            for (int c = 0; c < 3; c++) {
                rgb[c] = padEdges(rgb[c], w, h, pw, ph);
            }
        }
        Totals totals = new Totals();
        float[][] up = Tiler.run(rgb, pw, ph, tile, Math.max(1, tile / OVERLAP_SHARE), nativeScale,
                (planes, t) -> runTile(in, out, planes, t, totals), progress.slice(0.0, 0.95));
        int ow = w * nativeScale;
        int oh = h * nativeScale;
        if (pw != w || ph != h) {
            for (int c = 0; c < 3; c++) {
                up[c] = crop(up[c], pw * nativeScale, ow, oh);
            }
        }
        for (float[] p : up) {
            for (int i = 0; i < p.length; i++) {
                p[i] = Math.clamp(p[i], 0f, 1f);
            }
        }
        Image result = assemble(source, up, ow, oh);
        Map<String, String> metadata = totals.metadata(id());
        if (scale != nativeScale) {
            result = Resample.resize(result, w * scale, h * scale, Resample.Kernel.LANCZOS3);
            metadata.put("resized", "the x" + nativeScale + " model's output shrunk to x" + scale + " with Lanczos-3");
        }
        progress.report(1.0, "done");
        return new ImageResult(result, metadata);
    }

    /** Runs one tile: planar NCHW or interleaved NHWC, values scaled to the model's range, as its contract says. */
    private float[][] runTile(IoContract.Tensor in, IoContract.Tensor out, float[][] planes, Tiler.Tile t,
            Totals totals) {
        int ow = t.width() * nativeScale;
        int oh = t.height() * nativeScale;
        float inRange = (float) in.range();
        float outRange = (float) out.range();
        TensorSpec inSpec = in.nhwc() ? TensorSpec.of(in.name(), 1, t.height(), t.width(), 3)
                : TensorSpec.of(in.name(), 1, 3, t.height(), t.width());
        TensorSpec outSpec = out.nhwc() ? TensorSpec.of(out.name(), 1, oh, ow, 3)
                : TensorSpec.of(out.name(), 1, 3, oh, ow);
        Inference<float[][]> inference = host.run(modelId, List.of(inSpec), (name, buffer) -> {
            if (in.nhwc()) {
                for (int i = 0; i < planes[0].length; i++) {
                    buffer.put(planes[0][i] * inRange).put(planes[1][i] * inRange).put(planes[2][i] * inRange);
                }
            } else {
                for (float[] p : planes) {
                    for (float v : p) {
                        buffer.put(v * inRange);
                    }
                }
            }
        }, List.of(outSpec), outputs -> {
            float[][] rgb = new float[3][ow * oh];
            java.nio.FloatBuffer b = outputs.get(out.name());
            if (out.nhwc()) {
                for (int i = 0; i < ow * oh; i++) {
                    rgb[0][i] = b.get() / outRange;
                    rgb[1][i] = b.get() / outRange;
                    rgb[2][i] = b.get() / outRange;
                }
            } else {
                for (float[] p : rgb) {
                    b.get(p);
                    if (outRange != 1f) {
                        for (int i = 0; i < p.length; i++) {
                            p[i] /= outRange;
                        }
                    }
                }
            }
            return rgb;
        });
        totals.add(inference.info());
        return inference.value();
    }

    /** The source's channel layout at the new size: grey stays grey (mean of RGB), alpha is enlarged bilinearly. */
    private static Image assemble(Image source, float[][] rgb, int ow, int oh) {
        return switch (source.channels()) {
            case 1 -> {
                float[] grey = new float[ow * oh];
                for (int i = 0; i < grey.length; i++) {
                    grey[i] = (rgb[0][i] + rgb[1][i] + rgb[2][i]) / 3f;
                }
                yield Image.wrap(ow, oh, grey);
            }
            case 4 -> Image.wrap(ow, oh, rgb[0], rgb[1], rgb[2],
                    PlaneResample.bilinear(source.plane(3), source.width(), source.height(), ow, oh));
            default -> Image.wrap(ow, oh, rgb);
        };
    }

    static float[] padEdges(float[] src, int w, int h, int pw, int ph) {
        float[] out = new float[pw * ph];
        for (int y = 0; y < ph; y++) {
            int sy = Math.min(y, h - 1) * w;
            for (int x = 0; x < pw; x++) {
                out[y * pw + x] = src[sy + Math.min(x, w - 1)];
            }
        }
        return out;
    }

    private static float[] crop(float[] src, int sw, int w, int h) {
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(src, y * sw, out, y * w, w);
        }
        return out;
    }

    /** What the host reported over all tiles: total inference time, the device, and any device note. */
    private static final class Totals {
        private long inferenceMillis;
        private int tiles;
        private RunInfo last;

        synchronized void add(RunInfo info) {
            inferenceMillis += info.inference().toMillis();
            tiles++;
            last = info;
        }

        synchronized Map<String, String> metadata(String engineId) {
            Map<String, String> m = new LinkedHashMap<>(last.metadata(engineId));
            m.put("inference_ms", Long.toString(inferenceMillis));
            m.put("tiles", Integer.toString(tiles));
            return m;
        }
    }
}
