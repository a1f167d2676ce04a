package dev.atelier.engines.diffusion;

import java.util.Random;

/**
 * DPM-Solver++ 2M (Lu et al. 2022): second-order multistep in the data-prediction form, first order on the first
 * step and on the last (whose target sigma is 0), optionally on Karras sigmas; as diffusers'
 * DPMSolverMultistepScheduler with {@code algorithm_type=dpmsolver++}, {@code solver_order=2},
 * {@code final_sigmas_type=zero}.
 */
public final class DpmSolverScheduler extends Scheduler {
    private final double[] trainSigmas;
    private double[] sigmas = new double[] {0};
    private float[] previousX0;

    DpmSolverScheduler(SchedulerConfig config) {
        super(config);
        this.trainSigmas = trainSigmas(alphasCumprod);
    }

    @Override
    public SchedulerKind kind() {
        return config.karras() ? SchedulerKind.DPMPP_2M_KARRAS : SchedulerKind.DPMPP_2M;
    }

    @Override
    public void setTimesteps(int steps) {
        double[] t = switch (config.timestepSpacing()) {
            case "linspace", "leading" -> spaced(config, steps, 1);
            default -> spaced(config, steps, 0);
        };
        for (int i = 0; i < t.length; i++) {
            t[i] = Math.rint(t[i]);
        }
        double[] s = new double[steps];
        for (int i = 0; i < steps; i++) {
            s[i] = interp(t[i], trainSigmas);
        }
        if (config.karras()) {
            s = karras(s[0], s[steps - 1], steps);
            for (int i = 0; i < steps; i++) {
                t[i] = Math.rint(sigmaToT(s[i], trainSigmas));
            }
        }
        timesteps = t;
        sigmas = new double[steps + 1];
        System.arraycopy(s, 0, sigmas, 0, steps);
        previousX0 = null;
    }

    public double sigma(int i) {
        return sigmas[i];
    }

    private static double alpha(double sigma) {
        return 1 / Math.sqrt(sigma * sigma + 1);
    }

    @Override
    public float[] step(float[] modelOutput, int i, float[] sample, Random rng) {
        double s0 = sigmas[i];
        double st = sigmas[i + 1];
        double a0 = alpha(s0);
        float[] x0 = new float[sample.length];
        for (int j = 0; j < x0.length; j++) {
            x0[j] = (float) predictX0(modelOutput[j], sample[j], a0, s0 * a0);
        }
        float[] out = new float[sample.length];
        boolean last = i == timesteps.length - 1;
        if (st == 0) {
            System.arraycopy(x0, 0, out, 0, out.length); // the limit of the update as sigma_t -> 0
        } else {
            double at = alpha(st);
            double h = Math.log(s0) - Math.log(st); // lambda_t - lambda_s0, lambda = -log(sigma)
            double ratio = (st * at) / (s0 * a0);
            double k = at * (Math.exp(-h) - 1);
            if (previousX0 == null || last) {
                for (int j = 0; j < out.length; j++) {
                    out[j] = (float) (ratio * sample[j] - k * x0[j]);
                }
            } else {
                double s1 = sigmas[i - 1];
                double h0 = Math.log(s1) - Math.log(s0);
                double r0 = h0 / h;
                for (int j = 0; j < out.length; j++) {
                    double d1 = (x0[j] - previousX0[j]) / r0;
                    out[j] = (float) (ratio * sample[j] - k * x0[j] - 0.5 * k * d1);
                }
            }
        }
        previousX0 = x0;
        return out;
    }

    @Override
    public float[] addNoise(float[] x0, float[] noise, int i) {
        double a = alpha(sigmas[i]);
        double s = sigmas[i] * a;
        float[] out = new float[x0.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) (a * x0[j] + s * noise[j]);
        }
        return out;
    }
}
