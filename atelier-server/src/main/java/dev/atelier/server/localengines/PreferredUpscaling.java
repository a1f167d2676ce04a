package dev.atelier.server.localengines;

import dev.atelier.engines.ImageResult;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Upscaling;
import dev.atelier.engines.superres.RealEsrganUpscaling;
import dev.atelier.imaging.Image;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code enhance}: ×2 and ×4 with a super-resolution model when one is installed (Real-ESRGAN, or the npm ESRGAN
 * models), the classical enhancer otherwise; ×1 (clean-up at the same size) always classical. ×2 prefers a ×4 model
 * with its output shrunk: the measured winner at ×2 (the small ×2 models lose to plain Lanczos, bench/README.md). The
 * result metadata names the engine used and why.
 */
final class PreferredUpscaling extends PreferredEngine<Upscaling> implements Upscaling {
    private final Preference<Upscaling> x2;

    /**
     * @param x2 the models for ×2, in order of preference
     * @param x4 the models for ×4 (and any other factor), in order of preference
     */
    PreferredUpscaling(List<Upscaling> x2, List<Upscaling> x4, Upscaling classical) {
        super("preferred-enhance", java.util.stream.Stream.concat(x4.stream(), x2.stream()).distinct().toList(),
                classical);
        this.x2 = new Preference<>(x2, classical);
    }

    PreferredUpscaling(List<Upscaling> models, Upscaling classical) {
        this(models, models, classical);
    }

    @Override
    public Image enhance(Image source, int scale, Progress progress) {
        return upscale(source, scale, progress).image();
    }

    @Override
    public ImageResult upscale(Image source, int scale, Progress progress) {
        return run(source, scale, progress, false);
    }

    @Override
    public ImageResult upscaleConsuming(Image source, int scale, Progress progress) {
        return run(source, scale, progress, true);
    }

    /** The engine that serves {@code scale} now, and why. */
    private Preference.Choice<Upscaling> choose(int scale) {
        return scale == 1 ? preference.fallback("x1 cleans the photo at its size: the classical enhancer")
                : scale == 2 ? x2Reason(x2.choose()) : preference.choose();
    }

    /** As many as the engine that would serve {@code scale} now takes (one for a model, every core for Java). */
    @Override
    public int picturesAtOnce(int scale) {
        return choose(scale).engine().picturesAtOnce(scale);
    }

    private ImageResult run(Image source, int scale, Progress progress, boolean consuming) {
        Preference.Choice<Upscaling> choice = choose(scale);
        ImageResult r = consuming ? choice.engine().upscaleConsuming(source, scale, progress)
                : choice.engine().upscale(source, scale, progress);
        return new ImageResult(r.image(), Preference.merge(choice, r.metadata()));
    }

    /** Says why ×2 runs what it runs: the measured order, and the better model when only a ×2 one is installed. */
    private static Preference.Choice<Upscaling> x2Reason(Preference.Choice<Upscaling> choice) {
        if (!(choice.engine() instanceof RealEsrganUpscaling sr)) {
            return choice;
        }
        String why = sr.nativeScale() > 2
                ? "; x2 runs the x" + sr.nativeScale() + " model and shrinks its output with Lanczos-3, which beats the"
                        + " x2 models and plain Lanczos on real photos (bench/README.md)"
                : "; the x2 models lose to plain Lanczos on real photos, a x4 model shrunk to x2 beats both: ./atelier"
                        + " models pull esrgan-medium-x4";
        Map<String, String> m = new LinkedHashMap<>(choice.metadata());
        m.merge("engine_choice", why, String::concat);
        return new Preference.Choice<>(choice.engine(), m);
    }
}
