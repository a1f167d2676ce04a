package dev.atelier.engines.classical;

import dev.atelier.engines.Inpainting;
import dev.atelier.engines.Progress;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.inpaint.Inpaint;

/** Exemplar-based multi-scale PatchMatch fill from {@code atelier-imaging}. */
public final class ClassicalInpainting extends ClassicalEngine implements Inpainting {
    @Override
    public String id() {
        return "classical-patchmatch";
    }

    @Override
    public Image inpaint(Image source, Image mask, Progress progress) {
        progress.report(0.0, "filling");
        Image out = Inpaint.inpaint(source, mask);
        progress.report(1.0, "filled");
        return out;
    }
}
