package dev.atelier.engines.diffusion;

import ai.onnxruntime.OnnxJavaType;
import dev.atelier.engines.EngineException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The UNet's inputs found by role rather than by one export's names: the rank-4 latent {@code sample} (4 channels, or
 * 9 for inpainting UNets), the rank-0/1 {@code timestep} (int64, float or float16), the rank-3 text
 * {@code encoder_hidden_states}, and LCM's optional rank-2 guidance embedding ({@code timestep_cond}). Any other input
 * (SDXL's added conditions) is refused by name.
 */
record UnetPorts(Graph.Port sample, Graph.Port timestep, Graph.Port hidden, Graph.Port timestepCond, Graph.Port out) {

    static UnetPorts of(Graph unet) {
        Graph.Port sample = null;
        Graph.Port timestep = null;
        Graph.Port hidden = null;
        Graph.Port cond = null;
        for (Graph.Port p : unet.inputs()) {
            boolean floating = p.type() == OnnxJavaType.FLOAT || p.type() == OnnxJavaType.FLOAT16;
            if (p.rank() == 4 && floating && sample == null) {
                sample = p;
            } else if (p.rank() <= 1 && timestep == null) {
                timestep = p;
            } else if (p.rank() == 3 && floating && hidden == null) {
                hidden = p;
            } else if (p.rank() == 2 && floating && cond == null) {
                cond = p;
            } else {
                throw new EngineException(Graph.ERROR, "the UNet has an input Atelier does not feed: " + p.name()
                        + " " + p.type() + java.util.Arrays.toString(p.shape()) + " (SD 1.x/2.x and LCM exports are "
                        + "supported; SDXL is not)");
            }
        }
        if (sample == null || timestep == null || hidden == null) {
            throw new EngineException(Graph.ERROR, "the UNet lacks a latent sample, timestep or text-embedding input;"
                    + " it declares " + unet.inputs().stream().map(Graph.Port::name).toList());
        }
        return new UnetPorts(sample, timestep, hidden, cond, unet.outputs().getFirst());
    }

    int inChannels() {
        return sample.dim(1) > 0 ? (int) sample.dim(1) : 4;
    }

    /** Whether guided and unguided predictions can go through in one batch of 2. */
    boolean batchable() {
        return sample.dim(0) != 1 && hidden.dim(0) != 1;
    }

    /**
     * The noise prediction for latent input {@code x} at timestep {@code t}: with {@code uncond} present, guided as
     * {@code u + g (c - u)} (one batch-2 call when the graph allows, two calls otherwise).
     */
    float[] predict(Graph unet, float[] x, int lh, int lw, double t, int context, float[] cond, float[] uncond,
            float[] embedding, double guidance) {
        if (uncond == null) {
            return call(unet, 1, x, lh, lw, t, context, cond, embedding);
        }
        int n = 4 * lh * lw;
        float[] u;
        float[] c;
        if (batchable()) {
            float[] both = call(unet, 2, concat(x, x), lh, lw, t, context, concat(uncond, cond),
                    embedding == null ? null : concat(embedding, embedding));
            u = java.util.Arrays.copyOfRange(both, 0, n);
            c = java.util.Arrays.copyOfRange(both, n, 2 * n);
        } else {
            u = call(unet, 1, x, lh, lw, t, context, uncond, embedding);
            c = call(unet, 1, x, lh, lw, t, context, cond, embedding);
        }
        float[] eps = new float[n];
        for (int j = 0; j < n; j++) {
            eps[j] = (float) (u[j] + guidance * (c[j] - u[j]));
        }
        return eps;
    }

    private float[] call(Graph unet, int batch, float[] x, int lh, int lw, double t, int context, float[] text,
            float[] embedding) {
        Map<String, Graph.Feed> feeds = new LinkedHashMap<>();
        int channels = x.length / (batch * lh * lw);
        feeds.put(sample.name(), new Graph.Feed(x, new long[] {batch, channels, lh, lw}));
        long[] tShape = timestep.rank() == 0 ? new long[0]
                : new long[] {timestep.dim(0) == 1 ? 1 : batch};
        float[] tv = new float[tShape.length == 0 ? 1 : (int) tShape[0]];
        java.util.Arrays.fill(tv, (float) t);
        feeds.put(timestep.name(), new Graph.Feed(tv, tShape));
        int width = text.length / batch / context;
        feeds.put(hidden.name(), new Graph.Feed(text, new long[] {batch, context, width}));
        if (timestepCond != null) {
            feeds.put(timestepCond.name(), new Graph.Feed(embedding, new long[] {batch, embedding.length / batch}));
        }
        float[] out = unet.run(feeds, Set.of(this.out.name())).get(this.out.name());
        if (out.length != batch * 4 * lh * lw) {
            throw new EngineException(Graph.ERROR, "the UNet gave " + out.length + " values, expected "
                    + batch * 4 * lh * lw);
        }
        return out;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
