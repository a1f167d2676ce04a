package dev.atelier.engines.diffusion;

import java.util.Random;

/** Deterministic DDIM (Song et al. 2020, eta = 0), as diffusers' DDIMScheduler. */
public final class DdimScheduler extends Scheduler {
    private int steps = 1;

    DdimScheduler(SchedulerConfig config) {
        super(config);
    }

    @Override
    public SchedulerKind kind() {
        return SchedulerKind.DDIM;
    }

    @Override
    public void setTimesteps(int steps) {
        this.steps = steps;
        double[] t = spaced(config, steps, 0);
        if (config.timestepSpacing().equals("linspace")) {
            for (int i = 0; i < t.length; i++) {
                t[i] = Math.rint(t[i]);
            }
        }
        timesteps = t;
    }

    @Override
    public float[] step(float[] modelOutput, int i, float[] sample, Random rng) {
        int t = (int) timesteps[i];
        int prev = t - config.trainTimesteps() / steps;
        double at = alphasCumprod[t];
        double aPrev = prev >= 0 ? alphasCumprod[prev] : config.setAlphaToOne() ? 1.0 : alphasCumprod[0];
        double sa = Math.sqrt(at);
        double sb = Math.sqrt(1 - at);
        boolean v = config.predictionType().equals("v_prediction");
        float[] out = new float[sample.length];
        for (int j = 0; j < out.length; j++) {
            double x0 = predictX0(modelOutput[j], sample[j], sa, sb);
            double eps = v ? sa * modelOutput[j] + sb * sample[j] : modelOutput[j];
            if (config.clipSample()) {
                double r = config.clipSampleRange();
                x0 = Math.clamp(x0, -r, r);
                eps = (sample[j] - sa * x0) / sb;
            }
            out[j] = (float) (Math.sqrt(aPrev) * x0 + Math.sqrt(1 - aPrev) * eps);
        }
        return out;
    }

    @Override
    public float[] addNoise(float[] x0, float[] noise, int i) {
        return noiseToTimestep(x0, noise, (int) timesteps[i]);
    }
}
