package dev.atelier.engines.diffusion;

import dev.atelier.engines.EngineException;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.imaging.Image;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * The denoising pipeline over one bundle: tokenizer → text encoder → scheduler loop with classifier-free guidance
 * (batched when the UNet takes batch 2, two calls otherwise; skipped for guidance-distilled models) → VAE decoder;
 * image-to-image enters the schedule at {@code strength}; inpainting feeds a 9-channel UNet its mask and masked-image
 * latents, or blends the known latents back after every step for a plain UNet. Every port is found by its role in
 * the graph's declared inputs (rank and type), so fp16/fp32 exports, int64/float timesteps, batch 1 or 2, 768- or
 * 1024-wide text encoders and LCM's {@code timestep_cond} all run through the same code.
 */
final class DiffusionPipeline {
    private final DiffusionBundle bundle;
    private final OnnxSettings settings;
    private final boolean lowMemory;

    DiffusionPipeline(DiffusionBundle bundle, OnnxSettings settings, boolean lowMemory) {
        this.bundle = bundle;
        this.settings = settings;
        this.lowMemory = lowMemory;
    }

    /** The output picture at the native size and how it was made. */
    record Output(Image image, Map<String, Object> metadata) {}

    /** The scheduler, steps and guidance a job gets when it leaves them to the bundle. */
    record Defaults(SchedulerKind scheduler, int steps, double guidance) {}

    Defaults defaults(DiffusionJob job) {
        SchedulerConfig c = bundle.schedulerConfig;
        SchedulerKind kind = job.scheduler() != null ? job.scheduler() : c.defaultKind();
        boolean turbo = c.timestepSpacing().equals("trailing") && kind != SchedulerKind.LCM;
        int steps = job.steps() != null ? job.steps() : kind == SchedulerKind.LCM ? 4 : turbo ? 1 : 20;
        double guidance = job.guidance() != null ? job.guidance() : kind == SchedulerKind.LCM ? 8.0 : turbo ? 0 : 7.5;
        return new Defaults(kind, steps, guidance);
    }

    Output run(DiffusionJob job) {
        long t0 = System.nanoTime();
        Map<String, Object> meta = new LinkedHashMap<>();
        Defaults d = defaults(job);
        Scheduler scheduler = d.scheduler().create(bundle.schedulerConfig);
        scheduler.setTimesteps(d.steps());
        boolean cfg = !scheduler.guidanceDistilled() && d.guidance() > 1.0;
        meta.put("bundle", bundle.id);
        meta.put("operation", job.mode().name().toLowerCase(Locale.ROOT));
        meta.put("native_size", job.width() + "x" + job.height());
        meta.put("scheduler", scheduler.kind().wireName());
        meta.put("steps", d.steps());
        meta.put("guidance", d.guidance());
        meta.put("cfg", cfg);
        meta.put("seed", job.seed());

        // 1. text
        long ts = System.nanoTime();
        float[] cond = encodeText(job.prompt());
        float[] uncond = cfg ? encodeText(job.negativePrompt() == null ? "" : job.negativePrompt()) : null;
        done(bundle.textEncoder);
        meta.put("text_encoder_ms", ms(ts));
        job.progress().report(0.05, "text encoded");
        check(job);

        // 2. the UNet's ports, by role
        Graph unet = bundle.ready(bundle.unet, settings);
        UnetPorts ports = UnetPorts.of(unet);
        int lh = job.height() / 8;
        int lw = job.width() / 8;
        if (ports.sample().dim(2) > 0 && (ports.sample().dim(2) != lh || ports.sample().dim(3) != lw)) {
            throw new EngineException(Graph.ERROR, "the UNet of " + bundle.id + " takes latents of "
                    + ports.sample().dim(3) * 8 + "x" + ports.sample().dim(2) * 8 + " only, not " + job.width() + "x"
                    + job.height());
        }
        boolean nine = ports.inChannels() == 9;
        meta.put("precision", switch (ports.sample().type()) {
            case FLOAT16 -> "fp16";
            case FLOAT -> "fp32";
            default -> ports.sample().type().name().toLowerCase(Locale.ROOT);
        });
        meta.put("timestep_type", ports.timestep().type().name().toLowerCase(Locale.ROOT));
        meta.put("unet_batch", cfg && ports.batchable() ? 2 : 1);
        if (ports.timestepCond() != null) {
            meta.put("guidance_embedding", true);
        }
        int plane = lh * lw;
        Random rng = new Random(job.seed());
        float[] noise = gaussian(rng, 4 * plane);

        // 3. starting latents
        int start = 0;
        float[] initLatents = null;
        float[] maskLatent = null;
        float[] maskedLatents = null;
        if (job.mode() != DiffusionJob.Mode.TEXT) {
            long te = System.nanoTime();
            initLatents = encodeImage(job.init(), null);
            if (job.mode() == DiffusionJob.Mode.INPAINT) {
                maskLatent = downsample(job.mask(), lw, lh);
                if (nine) {
                    maskedLatents = encodeImage(job.init(), job.mask());
                }
            }
            done(bundle.vaeEncoder);
            meta.put("vae_encode_ms", ms(te));
            int run = Math.max(1, Math.min(d.steps(), (int) (d.steps() * job.strength())));
            start = nine ? 0 : d.steps() - run;
            meta.put("strength", job.strength());
            meta.put("inpainting", job.mode() == DiffusionJob.Mode.INPAINT ? nine ? "9-channel unet"
                    : "masked latent blending" : null);
            meta.values().removeIf(java.util.Objects::isNull);
        }
        float[] latents;
        if (job.mode() == DiffusionJob.Mode.TEXT || nine) {
            latents = new float[noise.length];
            float k = (float) scheduler.initNoiseSigma();
            for (int j = 0; j < noise.length; j++) {
                latents[j] = noise[j] * k;
            }
        } else {
            latents = scheduler.addNoise(initLatents, noise, start);
        }
        meta.put("denoise_steps", d.steps() - start);

        // 4. the loop
        long tu = System.nanoTime();
        float[] embedding = ports.timestepCond() == null ? null
                : LcmScheduler.guidanceEmbedding(d.guidance(), (int) Math.max(1, ports.timestepCond().dim(1) > 0
                        ? ports.timestepCond().dim(1) : 256));
        for (int i = start; i < d.steps(); i++) {
            check(job);
            float[] x = scheduler.scaleModelInput(latents, i);
            if (nine) {
                x = concat(x, maskLatent, maskedLatents);
            }
            float[] eps = ports.predict(unet, x, lh, lw, scheduler.timestep(i), bundle.tokenizer.length(),
                    cond, uncond, embedding, d.guidance());
            latents = scheduler.step(eps, i, latents, rng);
            if (maskLatent != null && !nine) {
                float[] known = i + 1 < d.steps() ? scheduler.addNoise(initLatents, noise, i + 1) : initLatents;
                for (int c = 0; c < 4; c++) {
                    for (int p = 0; p < plane; p++) {
                        float m = maskLatent[p];
                        int j = c * plane + p;
                        latents[j] = m * latents[j] + (1 - m) * known[j];
                    }
                }
            }
            job.progress().report(0.05 + 0.85 * (i - start + 1) / (d.steps() - start),
                    "denoising step " + (i - start + 1) + "/" + (d.steps() - start));
        }
        done(bundle.unet);
        meta.put("unet_ms", ms(tu));
        meta.put("unet_ms_per_step", Math.round(ms(tu) / (double) Math.max(1, d.steps() - start)));

        // 5. decode
        long tv = System.nanoTime();
        Image image = decode(latents, lw, lh);
        done(bundle.vaeDecoder);
        meta.put("vae_decode_ms", ms(tv));
        meta.put("device", unet.device().wireName());
        if (!unet.deviceNote().isEmpty()) {
            meta.put("device_note", unet.deviceNote());
        }
        meta.put("low_memory", lowMemory);
        meta.put("pipeline_ms", ms(t0));
        job.progress().report(0.95, "decoded");
        return new Output(image, meta);
    }

    private static void check(DiffusionJob job) {
        if (job.cancelled().getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("the generation was cancelled between denoising steps");
        }
    }

    private void done(Graph g) {
        if (lowMemory && g != null) {
            g.close();
        }
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    /** The text encoder's per-token hidden states for {@code text}: [context, width]. */
    private float[] encodeText(String text) {
        Graph te = bundle.ready(bundle.textEncoder, settings);
        Graph.Port ids = te.inputs().getFirst();
        Graph.Port hidden = te.outputs().stream().filter(p -> p.name().equals("last_hidden_state")).findFirst()
                .or(() -> te.outputs().stream().filter(p -> p.rank() == 3).findFirst())
                .orElseThrow(() -> new EngineException(Graph.ERROR, "the text encoder of " + bundle.id
                        + " has no per-token output (rank 3)"));
        int[] tokens = bundle.tokenizer.encode(text);
        float[] v = new float[tokens.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = tokens[i];
        }
        Map<String, float[]> out = te.run(Map.of(ids.name(), new Graph.Feed(v, new long[] {1, tokens.length})),
                Set.of(hidden.name()));
        return out.get(hidden.name());
    }

    /** VAE-encodes a native-size picture (pixels under {@code maskOut} >= 0.5 blanked) into scaled latents. */
    private float[] encodeImage(Image img, Image maskOut) {
        if (bundle.vaeEncoder == null) {
            throw new EngineException(Graph.ERROR, "bundle " + bundle.id + " has no vae_encoder/model.onnx, which "
                    + "image-to-image and inpainting need");
        }
        Graph enc = bundle.ready(bundle.vaeEncoder, settings);
        int w = img.width();
        int h = img.height();
        int n = w * h;
        float[] x = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            float[] p = img.plane(Math.min(c, img.channels() - 1));
            for (int i = 0; i < n; i++) {
                boolean blank = maskOut != null && maskOut.plane(0)[i] >= 0.5f;
                x[c * n + i] = blank ? 0f : p[i] * 2 - 1;
            }
        }
        Graph.Port in = enc.inputs().getFirst();
        Graph.Port out = enc.outputs().getFirst();
        float[] z = enc.run(Map.of(in.name(), new Graph.Feed(x, new long[] {1, 3, h, w})), Set.of(out.name()))
                .get(out.name());
        int plane = (w / 8) * (h / 8);
        if (z.length != 4 * plane && z.length != 8 * plane) {
            throw new EngineException(Graph.ERROR, "the VAE encoder of " + bundle.id + " gave " + z.length
                    + " values for a " + w + "x" + h + " picture");
        }
        float[] latents = new float[4 * plane]; // 8 channels = mean and log-variance: the mean is the latent
        for (int i = 0; i < latents.length; i++) {
            latents[i] = (float) (z[i] * bundle.scalingFactor);
        }
        return latents;
    }

    private Image decode(float[] latents, int lw, int lh) {
        Graph dec = bundle.ready(bundle.vaeDecoder, settings);
        float[] z = new float[latents.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (latents[i] / bundle.scalingFactor);
        }
        Graph.Port in = dec.inputs().getFirst();
        Graph.Port out = dec.outputs().getFirst();
        float[] px = dec.run(Map.of(in.name(), new Graph.Feed(z, new long[] {1, 4, lh, lw})), Set.of(out.name()))
                .get(out.name());
        int w = lw * 8;
        int h = lh * 8;
        int n = w * h;
        if (px.length != 3 * n) {
            throw new EngineException(Graph.ERROR, "the VAE decoder of " + bundle.id + " gave " + px.length
                    + " values for " + w + "x" + h + " RGB");
        }
        float[][] planes = new float[3][n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                planes[c][i] = Math.clamp(px[c * n + i] / 2 + 0.5f, 0f, 1f);
            }
        }
        return Image.wrap(w, h, planes);
    }

    /** The mask averaged over each 8x8 block: the latent-space mask. */
    private static float[] downsample(Image mask, int lw, int lh) {
        float[] m = mask.plane(0);
        int w = mask.width();
        float[] out = new float[lw * lh];
        for (int y = 0; y < lh; y++) {
            for (int x = 0; x < lw; x++) {
                float s = 0;
                for (int dy = 0; dy < 8; dy++) {
                    for (int dx = 0; dx < 8; dx++) {
                        s += m[(y * 8 + dy) * w + x * 8 + dx];
                    }
                }
                out[y * lw + x] = s / 64;
            }
        }
        return out;
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static float[] gaussian(Random rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    /** The graphs a job touches, for the error when a bundle misses one. */
    List<Graph> graphs() {
        return bundle.graphs();
    }
}
