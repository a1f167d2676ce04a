package dev.atelier.engines.diffusion;

import dev.atelier.engines.Progress;
import dev.atelier.imaging.Image;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One pipeline run, at the bundle's native size.
 *
 * @param steps denoising steps, {@code null} = the bundle's default (LCM 4, trailing-spaced Turbo 1, others 20)
 * @param guidance classifier-free guidance scale, {@code null} = the bundle's default (LCM 8 as its embedding, Turbo
 *     0, others 7.5); at or below 1, and always for guidance-distilled models, one UNet call per step
 * @param scheduler {@code null} = the one the bundle's scheduler config names
 * @param strength image-to-image and inpainting: how much of the schedule runs (1 = from pure noise)
 * @param init the source picture (RGB, native size) for {@link Mode#IMAGE} and {@link Mode#INPAINT}
 * @param mask the region to repaint (grey, native size, 1 = repaint) for {@link Mode#INPAINT}
 * @param cancelled polled between steps; true stops the run with {@link java.util.concurrent.CancellationException}
 */
public record DiffusionJob(
        Mode mode,
        String prompt,
        String negativePrompt,
        int width,
        int height,
        Integer steps,
        Double guidance,
        long seed,
        SchedulerKind scheduler,
        double strength,
        Image init,
        Image mask,
        BooleanSupplier cancelled,
        Progress progress) {

    /** What the run does with its inputs. */
    public enum Mode {
        TEXT,
        IMAGE,
        INPAINT
    }

    public DiffusionJob {
        Objects.requireNonNull(mode, "mode");
        prompt = prompt == null ? "" : prompt;
        if (width % 8 != 0 || height % 8 != 0 || width < 8 || height < 8) {
            throw new IllegalArgumentException("the native size must be a positive multiple of 8, got " + width + "x"
                    + height);
        }
        if (steps != null && (steps < 1 || steps > 150)) {
            throw new IllegalArgumentException("steps must be in 1..150, got " + steps);
        }
        if (guidance != null && (guidance < 0 || guidance > 30 || guidance.isNaN())) {
            throw new IllegalArgumentException("guidance must be in 0..30, got " + guidance);
        }
        if (!(strength > 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength must be in (0, 1], got " + strength);
        }
        if (mode != Mode.TEXT && (init == null || init.width() != width || init.height() != height)) {
            throw new IllegalArgumentException(mode + " needs a source picture of the native size " + width + "x"
                    + height);
        }
        if (mode == Mode.INPAINT && (mask == null || mask.width() != width || mask.height() != height)) {
            throw new IllegalArgumentException("inpainting needs a mask of the native size " + width + "x" + height);
        }
        cancelled = cancelled == null ? () -> false : cancelled;
        progress = progress == null ? Progress.none() : progress;
    }
}
