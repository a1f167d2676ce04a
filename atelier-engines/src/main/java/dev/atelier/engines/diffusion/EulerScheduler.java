package dev.atelier.engines.diffusion;

import java.util.Random;

/**
 * Euler's method on the probability-flow ODE in sigma space (Karras et al. 2022, diffusers' EulerDiscreteScheduler),
 * or its ancestral variant that steps down to {@code sigma_down} and adds fresh noise of {@code sigma_up}.
 */
public final class EulerScheduler extends Scheduler {
    private final boolean ancestral;
    private final double[] trainSigmas;
    private double[] sigmas = new double[] {0};

    EulerScheduler(SchedulerConfig config, boolean ancestral) {
        super(config);
        this.ancestral = ancestral;
        this.trainSigmas = trainSigmas(alphasCumprod);
    }

    @Override
    public SchedulerKind kind() {
        return ancestral ? SchedulerKind.EULER_ANCESTRAL : SchedulerKind.EULER;
    }

    @Override
    public void setTimesteps(int steps) {
        double[] t = spaced(config, steps, 0);
        double[] s = new double[steps];
        for (int i = 0; i < steps; i++) {
            s[i] = interp(t[i], trainSigmas);
        }
        if (config.karras() && !ancestral) {
            s = karras(s[0], s[steps - 1], steps);
            for (int i = 0; i < steps; i++) {
                t[i] = sigmaToT(s[i], trainSigmas);
            }
        }
        timesteps = t;
        sigmas = new double[steps + 1];
        System.arraycopy(s, 0, sigmas, 0, steps);
    }

    /** The sigma at step {@code i}; the last entry (index {@code steps}) is 0. */
    public double sigma(int i) {
        return sigmas[i];
    }

    @Override
    public double initNoiseSigma() {
        double max = sigmas[0];
        return config.timestepSpacing().equals("leading") ? Math.sqrt(max * max + 1) : max;
    }

    @Override
    public float[] scaleModelInput(float[] sample, int i) {
        float k = (float) (1 / Math.sqrt(sigmas[i] * sigmas[i] + 1));
        float[] out = new float[sample.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = sample[j] * k;
        }
        return out;
    }

    @Override
    public float[] step(float[] modelOutput, int i, float[] sample, Random rng) {
        double sigma = sigmas[i];
        double next = sigmas[i + 1];
        double alpha = 1 / Math.sqrt(sigma * sigma + 1);
        double target = next;
        double up = 0;
        if (ancestral) {
            up = sigma == 0 ? 0 : Math.sqrt(next * next * (sigma * sigma - next * next) / (sigma * sigma));
            target = Math.sqrt(next * next - up * up);
        }
        float[] out = new float[sample.length];
        for (int j = 0; j < out.length; j++) {
            // x0 in the sigma parameterisation: sample = x0 + sigma * eps (so alpha_t = 1, sigma_t = sigma)
            double x0 = config.predictionType().equals("v_prediction")
                    ? modelOutput[j] * (-sigma * alpha) + sample[j] * alpha * alpha
                    : sample[j] - sigma * modelOutput[j];
            double derivative = (sample[j] - x0) / sigma;
            out[j] = (float) (sample[j] + derivative * (target - sigma));
        }
        if (ancestral && up > 0) {
            for (int j = 0; j < out.length; j++) {
                out[j] += (float) (rng.nextGaussian() * up);
            }
        }
        return out;
    }

    @Override
    public float[] addNoise(float[] x0, float[] noise, int i) {
        float[] out = new float[x0.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) (x0[j] + noise[j] * sigmas[i]);
        }
        return out;
    }
}
