package dev.atelier.engines.classical;

import dev.atelier.engines.ImageResult;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Upscaling;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.enhance.Enhance;

/** Photo enhancement with the pure-Java pipeline of {@code atelier-imaging}: always available. */
public final class ClassicalUpscaling extends ClassicalEngine implements Upscaling {
    @Override
    public String id() {
        return "classical-enhance";
    }

    @Override
    public Image enhance(Image source, int scale, Progress progress) {
        progress.report(0.0, "enhancing");
        Image out = Enhance.enhance(source, scale);
        progress.report(1.0, "enhanced");
        return out;
    }

    /** ×1 writes into the given-up source (see {@link Upscaling#upscaleConsuming}); other scales as usual. */
    @Override
    public ImageResult upscaleConsuming(Image source, int scale, Progress progress) {
        if (scale != 1) {
            return upscale(source, scale, progress);
        }
        progress.report(0.0, "enhancing");
        Image out = Enhance.enhanceInPlace(source);
        progress.report(1.0, "enhanced");
        return new ImageResult(out, java.util.Map.of());
    }
}
