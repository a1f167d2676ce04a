package dev.atelier.server.localengines;

import dev.atelier.engines.ImageResult;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Upscaling;
import dev.atelier.imaging.Image;
import java.util.List;

/**
 * {@code enhance}: ×2 and ×4 with a super-resolution model when one is installed (Real-ESRGAN, or the npm ESRGAN
 * models at their own factor), the classical enhancer otherwise; ×1 (clean-up at the same size) always classical. The
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

    private ImageResult run(Image source, int scale, Progress progress, boolean consuming) {
        Preference.Choice<Upscaling> choice = scale == 1
                ? preference.fallback("x1 cleans the photo at its size: the classical enhancer")
                : scale == 2 ? x2.choose() : preference.choose();
        ImageResult r = consuming ? choice.engine().upscaleConsuming(source, scale, progress)
                : choice.engine().upscale(source, scale, progress);
        return new ImageResult(r.image(), Preference.merge(choice, r.metadata()));
    }
}
