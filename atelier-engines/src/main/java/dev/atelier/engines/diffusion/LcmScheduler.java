package dev.atelier.engines.diffusion;

import java.util.Random;

/**
 * The latent consistency model sampler (Luo et al. 2023, diffusers' LCMScheduler): timesteps skip through the
 * {@code original_inference_steps} schedule, each step predicts the clean latent with the consistency boundary
 * condition ({@code c_skip}, {@code c_out}) and re-noises it to the next timestep (not after the last).
 */
public final class LcmScheduler extends Scheduler {
    private static final double SIGMA_DATA = 0.5;

    LcmScheduler(SchedulerConfig config) {
        super(config);
    }

    @Override
    public SchedulerKind kind() {
        return SchedulerKind.LCM;
    }

    @Override
    public boolean guidanceDistilled() {
        return true;
    }

    @Override
    public void setTimesteps(int steps) {
        int original = config.originalInferenceSteps();
        int k = config.trainTimesteps() / original;
        if (steps > original) {
            throw new IllegalArgumentException("LCM runs at most " + original + " steps, got " + steps);
        }
        double[] t = new double[steps];
        for (int i = 0; i < steps; i++) {
            int index = (int) Math.floor((double) original * i / steps); // np.linspace(0, n, steps, endpoint=False)
            t[i] = (double) (original - index) * k - 1; // the reversed origin schedule [999, 979, ..., k - 1]
        }
        timesteps = t;
    }

    @Override
    public float[] step(float[] modelOutput, int i, float[] sample, Random rng) {
        int t = (int) timesteps[i];
        int prev = i + 1 < timesteps.length ? (int) timesteps[i + 1] : t;
        double at = alphasCumprod[t];
        double aPrev = prev >= 0 ? alphasCumprod[prev] : config.setAlphaToOne() ? 1.0 : alphasCumprod[0];
        double scaled = t * config.timestepScaling();
        double cSkip = SIGMA_DATA * SIGMA_DATA / (scaled * scaled + SIGMA_DATA * SIGMA_DATA);
        double cOut = scaled / Math.sqrt(scaled * scaled + SIGMA_DATA * SIGMA_DATA);
        boolean last = i == timesteps.length - 1;
        float[] out = new float[sample.length];
        for (int j = 0; j < out.length; j++) {
            double x0 = predictX0(modelOutput[j], sample[j], Math.sqrt(at), Math.sqrt(1 - at));
            if (config.clipSample()) {
                x0 = Math.clamp(x0, -config.clipSampleRange(), config.clipSampleRange());
            }
            double denoised = cOut * x0 + cSkip * sample[j];
            out[j] = (float) (last ? denoised
                    : Math.sqrt(aPrev) * denoised + Math.sqrt(1 - aPrev) * rng.nextGaussian());
        }
        return out;
    }

    @Override
    public float[] addNoise(float[] x0, float[] noise, int i) {
        return noiseToTimestep(x0, noise, (int) timesteps[i]);
    }

    /**
     * LCM's guidance-scale embedding (the UNet's {@code timestep_cond}): sinusoidal features of {@code (w - 1) * 1000}
     * in {@code dim} channels, sines then cosines.
     */
    public static float[] guidanceEmbedding(double guidance, int dim) {
        double w = (guidance - 1) * 1000;
        int half = dim / 2;
        double base = Math.log(10000.0) / (half - 1);
        float[] emb = new float[dim];
        for (int i = 0; i < half; i++) {
            double f = w * Math.exp(-base * i);
            emb[i] = (float) Math.sin(f);
            emb[half + i] = (float) Math.cos(f);
        }
        return emb;
    }
}
