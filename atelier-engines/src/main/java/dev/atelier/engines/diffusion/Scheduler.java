package dev.atelier.engines.diffusion;

import java.util.Random;

/**
 * One denoising run's schedule and update rule, configured from a bundle's scheduler config: the timesteps the UNet
 * sees, how the sample is scaled before each UNet call, how one step moves the sample given the model output, and how
 * a clean latent is noised to a step (image-to-image, inpainting). A scheduler holds per-run state (DPM-Solver's
 * previous output): make one per run. Formulas follow diffusers' implementations of the published samplers.
 */
public abstract sealed class Scheduler permits EulerScheduler, DdimScheduler, DpmSolverScheduler, LcmScheduler {
    protected final SchedulerConfig config;
    protected final double[] alphasCumprod;
    protected double[] timesteps = new double[0];

    Scheduler(SchedulerConfig config) {
        this.config = config;
        this.alphasCumprod = config.alphasCumprod();
    }

    /** Prepares the schedule for {@code steps} denoising steps. */
    public abstract void setTimesteps(int steps);

    /** The wire name of this scheduler, for metadata. */
    public abstract SchedulerKind kind();

    /** The timestep the UNet is given at step {@code i} (fractional for some sigma schedules). */
    public double timestep(int i) {
        return timesteps[i];
    }

    public double[] timesteps() {
        return timesteps.clone();
    }

    public int steps() {
        return timesteps.length;
    }

    /** The standard deviation of the starting noise for text-to-image. */
    public double initNoiseSigma() {
        return 1.0;
    }

    /** The UNet's input at step {@code i}: the sample itself, or scaled (the sigma-space samplers). */
    public float[] scaleModelInput(float[] sample, int i) {
        return sample;
    }

    /** The sample after step {@code i} given the UNet's (guided) output; {@code rng} feeds the stochastic samplers. */
    public abstract float[] step(float[] modelOutput, int i, float[] sample, Random rng);

    /** {@code x0} noised to the level of step {@code i}. */
    public abstract float[] addNoise(float[] x0, float[] noise, int i);

    /** Whether the model was distilled with guidance built in (LCM): one UNet call per step, a guidance embedding. */
    public boolean guidanceDistilled() {
        return false;
    }

    /** The config's prediction as a clean-sample estimate: epsilon or v-prediction, given alpha_t and sigma_t. */
    protected final double predictX0(double out, double sample, double alpha, double sigma) {
        return config.predictionType().equals("v_prediction") ? alpha * sample - sigma * out
                : (sample - sigma * out) / alpha;
    }

    /** sqrt(ac[t]) x0 + sqrt(1 - ac[t]) noise: the forward process at training timestep {@code t}. */
    protected final float[] noiseToTimestep(float[] x0, float[] noise, int t) {
        double at = alphasCumprod[t];
        float[] out = new float[x0.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) (Math.sqrt(at) * x0[j] + Math.sqrt(1 - at) * noise[j]);
        }
        return out;
    }

    // ---- shared schedule arithmetic (numpy's semantics, rounding half to even like np.round)

    /** Integer-ish timesteps for {@code steps} by the config's spacing, descending (Euler and DDIM). */
    static double[] spaced(SchedulerConfig c, int steps, int extra) {
        int n = c.trainTimesteps();
        int count = steps + extra;
        double[] t = new double[count];
        switch (c.timestepSpacing()) {
            case "linspace" -> {
                for (int i = 0; i < count; i++) {
                    t[count - 1 - i] = (double) (n - 1) * i / Math.max(1, count - 1);
                }
            }
            case "leading" -> {
                int ratio = n / count;
                for (int i = 0; i < count; i++) {
                    t[count - 1 - i] = (double) i * ratio + c.stepsOffset();
                }
            }
            default -> { // trailing
                double ratio = (double) n / count;
                for (int i = 0; i < count; i++) {
                    t[i] = Math.rint(n - i * ratio) - 1;
                }
            }
        }
        if (extra > 0) {
            double[] cut = new double[steps];
            System.arraycopy(t, 0, cut, 0, steps);
            return cut;
        }
        return t;
    }

    /** sqrt((1 - ac) / ac) for every training timestep (ascending with t). */
    static double[] trainSigmas(double[] ac) {
        double[] s = new double[ac.length];
        for (int t = 0; t < ac.length; t++) {
            s[t] = Math.sqrt((1 - ac[t]) / ac[t]);
        }
        return s;
    }

    /** np.interp(t, arange(n), values). */
    static double interp(double t, double[] values) {
        if (t <= 0) {
            return values[0];
        }
        if (t >= values.length - 1) {
            return values[values.length - 1];
        }
        int lo = (int) Math.floor(t);
        double f = t - lo;
        return values[lo] * (1 - f) + values[lo + 1] * f;
    }

    /** Karras et al. (2022) sigmas between the schedule's extremes, rho = 7. */
    static double[] karras(double sigmaMax, double sigmaMin, int n) {
        double rho = 7.0;
        double minInv = Math.pow(sigmaMin, 1 / rho);
        double maxInv = Math.pow(sigmaMax, 1 / rho);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            double ramp = n == 1 ? 0 : (double) i / (n - 1);
            s[i] = Math.pow(maxInv + ramp * (minInv - maxInv), rho);
        }
        return s;
    }

    /** The (fractional) training timestep whose sigma is {@code sigma}, interpolating in log-sigma. */
    static double sigmaToT(double sigma, double[] trainSigmas) {
        double logSigma = Math.log(sigma);
        int n = trainSigmas.length;
        int count = 0;
        while (count < n && Math.log(trainSigmas[count]) <= logSigma) {
            count++;
        }
        int low = Math.min(Math.max(0, count - 1), n - 2);
        double lo = Math.log(trainSigmas[low]);
        double hi = Math.log(trainSigmas[low + 1]);
        double w = Math.clamp((lo - logSigma) / (lo - hi), 0.0, 1.0);
        return (1 - w) * low + w * (low + 1);
    }
}
