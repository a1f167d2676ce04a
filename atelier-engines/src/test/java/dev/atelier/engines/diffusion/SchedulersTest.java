package dev.atelier.engines.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each scheduler against numbers computed here from the published formulas (Stable Diffusion's scaled-linear betas,
 * Karras sigmas, Euler / ancestral, DDIM, DPM-Solver++ 2M, LCM), never by calling the schedule code under test.
 */
class SchedulersTest {
    private static final long SEED = 20261207L;
    private static final SchedulerConfig SD = SchedulerConfig.stableDiffusion();
    private static final double[] AC = referenceAlphasCumprod();

    /** betas = linspace(sqrt(0.00085), sqrt(0.012), 1000)^2; alphas_cumprod = cumprod(1 - betas). */
    private static double[] referenceAlphasCumprod() {
        double[] ac = new double[1000];
        double a = Math.sqrt(0.00085);
        double b = Math.sqrt(0.012);
        double prod = 1;
        for (int i = 0; i < 1000; i++) {
            double beta = Math.pow(a + (b - a) * i / 999.0, 2);
            prod *= 1 - beta;
            ac[i] = prod;
        }
        return ac;
    }

    private static double sigma(int t) {
        return Math.sqrt((1 - AC[t]) / AC[t]);
    }

    private static float[] vector(long seed, int n) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void theStableDiffusionScheduleHasItsWellKnownExtremes() {
        // The published SD sigma range: 14.6146 at t=999, 0.0292 at t=0.
        assertThat(sigma(999)).isCloseTo(14.6146, within(1e-3));
        assertThat(sigma(0)).isCloseTo(0.0292, within(1e-4));
        double[] ac = SD.alphasCumprod();
        for (int t : new int[] {0, 1, 250, 500, 999}) {
            assertThat(ac[t]).isCloseTo(AC[t], within(1e-12));
        }
    }

    @Test
    void eulerLeadingTimestepsSigmasAndOneStep() {
        Scheduler s = SchedulerKind.EULER.create(SD);
        s.setTimesteps(4);
        assertThat(s.timesteps()).containsExactly(751, 501, 251, 1);
        EulerScheduler e = (EulerScheduler) s;
        assertThat(e.sigma(0)).isCloseTo(sigma(751), within(1e-9));
        assertThat(e.sigma(4)).isZero();
        assertThat(s.initNoiseSigma()).isCloseTo(Math.sqrt(sigma(751) * sigma(751) + 1), within(1e-9));
        float[] x = vector(SEED, 16);
        float[] eps = vector(SEED + 1, 16);
        float[] scaled = s.scaleModelInput(x, 0);
        float[] next = s.step(eps, 0, x, new Random(SEED));
        for (int j = 0; j < x.length; j++) {
            assertThat(scaled[j]).isCloseTo((float) (x[j] / Math.sqrt(sigma(751) * sigma(751) + 1)), within(1e-5f));
            // x' = x + eps * (sigma_next - sigma): the derivative of the epsilon ODE is eps itself
            assertThat(next[j]).isCloseTo((float) (x[j] + eps[j] * (sigma(501) - sigma(751))), within(1e-4f));
        }
    }

    @Test
    void trailingSpacingStartsAtTheLastTrainingStep() {
        Scheduler turbo = SchedulerKind.EULER.create(SD.withSpacing("trailing"));
        turbo.setTimesteps(1);
        assertThat(turbo.timesteps()).containsExactly(999);
        assertThat(turbo.initNoiseSigma()).isCloseTo(sigma(999), within(1e-9));
        turbo.setTimesteps(3); // round(1000 - k * 333.33) - 1
        assertThat(turbo.timesteps()).containsExactly(999, 666, 332);
        Scheduler ddim = SchedulerKind.DDIM.create(SD.withSpacing("trailing"));
        ddim.setTimesteps(4);
        assertThat(ddim.timesteps()).containsExactly(999, 749, 499, 249);
    }

    @Test
    void eulerAncestralStepsDownAndAddsFreshNoise() {
        Scheduler s = SchedulerKind.EULER_ANCESTRAL.create(SD);
        s.setTimesteps(4);
        float[] x = vector(SEED, 8);
        float[] eps = vector(SEED + 1, 8);
        float[] next = s.step(eps, 1, x, new Random(SEED + 2));
        double from = sigma(501);
        double to = sigma(251);
        double up = Math.sqrt(to * to * (from * from - to * to) / (from * from));
        double down = Math.sqrt(to * to - up * up);
        Random noise = new Random(SEED + 2);
        float[] expected = new float[8];
        for (int j = 0; j < 8; j++) {
            expected[j] = (float) (x[j] + eps[j] * (down - from));
        }
        for (int j = 0; j < 8; j++) {
            expected[j] += (float) (noise.nextGaussian() * up);
            assertThat(next[j]).isCloseTo(expected[j], within(1e-4f));
        }
    }

    @Test
    void ddimStepFollowsTheClosedForm() {
        Scheduler s = SchedulerKind.DDIM.create(SD);
        s.setTimesteps(4);
        assertThat(s.timesteps()).containsExactly(751, 501, 251, 1);
        float[] x = vector(SEED, 8);
        float[] eps = vector(SEED + 1, 8);
        float[] next = s.step(eps, 0, x, null);
        float[] last = s.step(eps, 3, x, null); // t = 1 -> prev = -249: alphas_cumprod[0] (set_alpha_to_one false)
        for (int j = 0; j < 8; j++) {
            double x0 = (x[j] - Math.sqrt(1 - AC[751]) * eps[j]) / Math.sqrt(AC[751]);
            assertThat(next[j]).isCloseTo((float) (Math.sqrt(AC[501]) * x0 + Math.sqrt(1 - AC[501]) * eps[j]),
                    within(1e-4f));
            double x0b = (x[j] - Math.sqrt(1 - AC[1]) * eps[j]) / Math.sqrt(AC[1]);
            assertThat(last[j]).isCloseTo((float) (Math.sqrt(AC[0]) * x0b + Math.sqrt(1 - AC[0]) * eps[j]),
                    within(1e-4f));
        }
        float[] noised = s.addNoise(x, eps, 1);
        assertThat(noised[3]).isCloseTo((float) (Math.sqrt(AC[501]) * x[3] + Math.sqrt(1 - AC[501]) * eps[3]),
                within(1e-5f));
    }

    @Test
    void dpmSolverPlusPlus2MUsesFirstThenSecondOrderAndEndsOnTheDataPrediction() {
        Scheduler s = SchedulerKind.DPMPP_2M.create(SD);
        s.setTimesteps(4);
        // leading over steps + 1: 1000 // 5 = 200 -> [800, 600, 400, 200] + steps_offset
        assertThat(s.timesteps()).containsExactly(801, 601, 401, 201);
        float[] x = vector(SEED, 8);
        float[] e0 = vector(SEED + 1, 8);
        float[] e1 = vector(SEED + 2, 8);
        float[] x1 = s.step(e0, 0, x, null);
        float[] x2 = s.step(e1, 1, x1, null);
        double[] sg = {sigma(801), sigma(601), sigma(401)};
        for (int j = 0; j < 8; j++) {
            // VP form: alpha = 1/sqrt(1+sigma^2), sigma_vp = sigma * alpha, lambda = log(alpha / sigma_vp)
            double a0 = 1 / Math.sqrt(1 + sg[0] * sg[0]);
            double a1 = 1 / Math.sqrt(1 + sg[1] * sg[1]);
            double a2 = 1 / Math.sqrt(1 + sg[2] * sg[2]);
            double l0 = Math.log(a0 / (sg[0] * a0));
            double l1 = Math.log(a1 / (sg[1] * a1));
            double l2 = Math.log(a2 / (sg[2] * a2));
            double m0 = (x[j] - sg[0] * a0 * e0[j]) / a0;
            double h = l1 - l0;
            double first = (sg[1] * a1) / (sg[0] * a0) * x[j] - a1 * (Math.exp(-h) - 1) * m0;
            assertThat(x1[j]).isCloseTo((float) first, within(1e-4f));
            double m1 = (x1[j] - sg[1] * a1 * e1[j]) / a1;
            double h2 = l2 - l1;
            double r0 = (l1 - l0) / h2;
            double d1 = (m1 - m0) / r0;
            double second = (sg[2] * a2) / (sg[1] * a1) * x1[j] - a2 * (Math.exp(-h2) - 1) * m1
                    - 0.5 * a2 * (Math.exp(-h2) - 1) * d1;
            assertThat(x2[j]).isCloseTo((float) second, within(2e-4f));
        }
        s.step(e0, 2, x2, null);
        float[] end = s.step(e1, 3, x2, null); // sigma_next = 0: the data prediction itself
        double s3 = sigma(201);
        double a3 = 1 / Math.sqrt(1 + s3 * s3);
        assertThat(end[0]).isCloseTo((float) ((x2[0] - s3 * a3 * e1[0]) / a3), within(1e-4f));
    }

    @Test
    void karrasSigmasFollowTheRhoSevenRamp() {
        DpmSolverScheduler s = (DpmSolverScheduler) SchedulerKind.DPMPP_2M_KARRAS.create(SD);
        s.setTimesteps(5);
        // leading over steps + 1: 1000 // 6 = 166 -> [830, 664, 498, 332, 166] + steps_offset
        double max = sigma(831);
        double min = sigma(167);
        for (int i = 0; i < 5; i++) {
            double ramp = i / 4.0;
            double expected = Math.pow(Math.pow(max, 1 / 7.0) + ramp * (Math.pow(min, 1 / 7.0)
                    - Math.pow(max, 1 / 7.0)), 7);
            assertThat(s.sigma(i)).isCloseTo(expected, within(1e-9));
        }
        assertThat(s.timesteps()[0]).isEqualTo(831);
        assertThat(s.timesteps()[4]).isEqualTo(167);
        assertThat(s.kind().wireName()).isEqualTo("dpmpp-2m-karras");
    }

    @Test
    void lcmSkipsThroughTheOriginalScheduleWithTheBoundaryCondition() {
        SchedulerConfig lcm = SchedulerConfig.parse("""
                {"_class_name": "LCMScheduler", "beta_end": 0.012, "beta_schedule": "scaled_linear",
                 "beta_start": 0.00085, "clip_sample": false, "num_train_timesteps": 1000,
                 "original_inference_steps": 50, "prediction_type": "epsilon", "set_alpha_to_one": true,
                 "steps_offset": 1, "timestep_spacing": "leading", "trained_betas": null}""");
        assertThat(lcm.defaultKind()).isEqualTo(SchedulerKind.LCM);
        Scheduler s = lcm.defaultKind().create(lcm);
        s.setTimesteps(4);
        assertThat(s.timesteps()).containsExactly(999, 759, 499, 259);
        assertThat(s.guidanceDistilled()).isTrue();
        float[] x = vector(SEED, 8);
        float[] eps = vector(SEED + 1, 8);
        float[] last = s.step(eps, 3, x, new Random(SEED));
        float[] first = s.step(eps, 0, x, new Random(SEED + 5));
        Random noise = new Random(SEED + 5);
        for (int j = 0; j < 8; j++) {
            double t = 259 * 10.0;
            double cSkip = 0.25 / (t * t + 0.25);
            double cOut = t / Math.sqrt(t * t + 0.25);
            double x0 = (x[j] - Math.sqrt(1 - AC[259]) * eps[j]) / Math.sqrt(AC[259]);
            assertThat(last[j]).isCloseTo((float) (cOut * x0 + cSkip * x[j]), within(1e-4f));
            double t0 = 999 * 10.0;
            double d0 = t0 / Math.sqrt(t0 * t0 + 0.25) * (x[j] - Math.sqrt(1 - AC[999]) * eps[j]) / Math.sqrt(AC[999])
                    + 0.25 / (t0 * t0 + 0.25) * x[j];
            assertThat(first[j]).isCloseTo((float) (Math.sqrt(AC[759]) * d0
                    + Math.sqrt(1 - AC[759]) * noise.nextGaussian()), within(1e-4f));
        }
    }

    @Test
    void lcmGuidanceEmbeddingIsSinusoidalInTheScaledGuidance() {
        float[] emb = LcmScheduler.guidanceEmbedding(8.0, 256);
        double w = 7000;
        double base = Math.log(10000) / 127;
        assertThat(emb).hasSize(256);
        assertThat(emb[0]).isCloseTo((float) Math.sin(w), within(1e-5f));
        assertThat(emb[128]).isCloseTo((float) Math.cos(w), within(1e-5f));
        assertThat(emb[10]).isCloseTo((float) Math.sin(w * Math.exp(-10 * base)), within(1e-5f));
        assertThat(emb[255]).isCloseTo((float) Math.cos(w * Math.exp(-127 * base)), within(1e-5f));
    }
}
