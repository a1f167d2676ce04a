package dev.atelier.server.localengines;

import dev.atelier.engines.ImageResult;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Upscaling;
import dev.atelier.imaging.Image;
import java.util.List;

/**
 * {@code enhance}: ×2 and ×4 with a super-resolution model when one is installed (Real-ESRGAN), the classical
 * enhancer otherwise; ×1 (clean-up at the same size) always classical. The result metadata names the engine used.
 */
final class PreferredUpscaling extends PreferredEngine<Upscaling> implements Upscaling {

    PreferredUpscaling(List<Upscaling> models, Upscaling classical) {
        super("preferred-enhance", models, classical);
    }

    @Override
    public Image enhance(Image source, int scale, Progress progress) {
        return upscale(source, scale, progress).image();
    }

    @Override
    public ImageResult upscale(Image source, int scale, Progress progress) {
        Preference.Choice<Upscaling> choice = scale == 1
                ? preference.fallback("x1 cleans the photo at its size: the classical enhancer")
                : preference.choose();
        ImageResult r = choice.engine().upscale(source, scale, progress);
        return new ImageResult(r.image(), Preference.merge(choice, r.metadata()));
    }
}
