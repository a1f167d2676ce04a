package dev.atelier.server.localengines;

import dev.atelier.engines.ImageResult;
import dev.atelier.engines.Inpainting;
import dev.atelier.engines.Progress;
import dev.atelier.imaging.Image;
import java.util.List;

/**
 * {@code obj-removal}: an inpainting model when one is installed (LaMa), the classical PatchMatch engine otherwise.
 * The result metadata names the engine used.
 */
final class PreferredInpainting extends PreferredEngine<Inpainting> implements Inpainting {

    PreferredInpainting(List<Inpainting> models, Inpainting classical) {
        super("preferred-inpaint", models, classical);
    }

    @Override
    public Image inpaint(Image source, Image mask, Progress progress) {
        return fill(source, mask, progress).image();
    }

    @Override
    public ImageResult fill(Image source, Image mask, Progress progress) {
        Preference.Choice<Inpainting> choice = preference.choose();
        ImageResult r = choice.engine().fill(source, mask, progress);
        return new ImageResult(r.image(), Preference.merge(choice, r.metadata()));
    }
}
