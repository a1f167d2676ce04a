package dev.atelier.engines.diffusion;

import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bundle's {@code scheduler/scheduler_config.json}, the fields every scheduler here reads, with diffusers' defaults
 * for the ones a config leaves out.
 *
 * @param className {@code _class_name}, e.g. {@code LCMScheduler}; decides the default scheduler
 * @param betaSchedule {@code scaled_linear} (SD) or {@code linear}
 * @param predictionType {@code epsilon} or {@code v_prediction}
 * @param timestepSpacing {@code leading}, {@code trailing} (Turbo) or {@code linspace}
 * @param setAlphaToOne DDIM/LCM: whether the step after t=0 has alpha 1 (else alphas_cumprod[0])
 * @param originalInferenceSteps LCM's skipping schedule (50)
 * @param timestepScaling LCM's boundary-condition scale (10)
 */
public record SchedulerConfig(
        String className,
        int trainTimesteps,
        double betaStart,
        double betaEnd,
        String betaSchedule,
        String predictionType,
        String timestepSpacing,
        int stepsOffset,
        boolean setAlphaToOne,
        boolean clipSample,
        double clipSampleRange,
        int originalInferenceSteps,
        double timestepScaling,
        boolean karras) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public SchedulerConfig {
        if (trainTimesteps < 2 || trainTimesteps > 100_000) {
            throw new IllegalArgumentException("num_train_timesteps out of range: " + trainTimesteps);
        }
        if (!betaSchedule.equals("scaled_linear") && !betaSchedule.equals("linear")) {
            throw new IllegalArgumentException("unsupported beta_schedule " + betaSchedule);
        }
        if (!predictionType.equals("epsilon") && !predictionType.equals("v_prediction")) {
            throw new IllegalArgumentException("unsupported prediction_type " + predictionType);
        }
        if (!timestepSpacing.equals("leading") && !timestepSpacing.equals("trailing")
                && !timestepSpacing.equals("linspace")) {
            throw new IllegalArgumentException("unsupported timestep_spacing " + timestepSpacing);
        }
    }

    /** Stable Diffusion 1.x's defaults (PNDM's config in the SD 1.5 export). */
    public static SchedulerConfig stableDiffusion() {
        return parse("{}");
    }

    public static SchedulerConfig parse(String json) {
        JsonNode c = JSON.readTree(json);
        return new SchedulerConfig(
                c.path("_class_name").asString("PNDMScheduler"),
                c.path("num_train_timesteps").asInt(1000),
                c.path("beta_start").asDouble(0.00085),
                c.path("beta_end").asDouble(0.012),
                c.path("beta_schedule").asString("scaled_linear"),
                c.path("prediction_type").asString("epsilon"),
                c.path("timestep_spacing").asString("leading"),
                c.path("steps_offset").asInt(1),
                c.path("set_alpha_to_one").asBoolean(false),
                c.path("clip_sample").asBoolean(false),
                c.path("clip_sample_range").asDouble(1.0),
                c.path("original_inference_steps").asInt(50),
                c.path("timestep_scaling").asDouble(10.0),
                c.path("use_karras_sigmas").asBoolean(false));
    }

    /** The same config with another spacing ({@code trailing} for Turbo-style one-step models). */
    public SchedulerConfig withSpacing(String spacing) {
        return new SchedulerConfig(className, trainTimesteps, betaStart, betaEnd, betaSchedule, predictionType,
                spacing, stepsOffset, setAlphaToOne, clipSample, clipSampleRange, originalInferenceSteps,
                timestepScaling, karras);
    }

    public SchedulerConfig withKarras(boolean on) {
        return new SchedulerConfig(className, trainTimesteps, betaStart, betaEnd, betaSchedule, predictionType,
                timestepSpacing, stepsOffset, setAlphaToOne, clipSample, clipSampleRange, originalInferenceSteps,
                timestepScaling, on);
    }

    /** The scheduler this config was written for, where Atelier has it; otherwise DPM-Solver++ 2M. */
    public SchedulerKind defaultKind() {
        String n = className.toLowerCase(Locale.ROOT);
        if (n.startsWith("lcm")) {
            return SchedulerKind.LCM;
        }
        if (n.startsWith("eulerancestral")) {
            return SchedulerKind.EULER_ANCESTRAL;
        }
        if (n.startsWith("euler")) {
            return SchedulerKind.EULER;
        }
        if (n.startsWith("ddim")) {
            return SchedulerKind.DDIM;
        }
        return SchedulerKind.DPMPP_2M;
    }

    /** alphas_cumprod[t] for t = 0 .. trainTimesteps-1, from the beta schedule. */
    double[] alphasCumprod() {
        double[] ac = new double[trainTimesteps];
        double prod = 1;
        for (int t = 0; t < trainTimesteps; t++) {
            double f = (double) t / (trainTimesteps - 1);
            double beta = betaSchedule.equals("linear") ? betaStart + f * (betaEnd - betaStart)
                    : Math.pow(Math.sqrt(betaStart) + f * (Math.sqrt(betaEnd) - Math.sqrt(betaStart)), 2);
            prod *= 1 - beta;
            ac[t] = prod;
        }
        return ac;
    }
}
