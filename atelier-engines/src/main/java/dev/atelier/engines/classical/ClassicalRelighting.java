package dev.atelier.engines.classical;

import dev.atelier.engines.Progress;
import dev.atelier.engines.Relighting;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.color.Lighting;

/** CLAHE on lightness with shadow lift and highlight recovery. */
public final class ClassicalRelighting extends ClassicalEngine implements Relighting {
    @Override
    public String id() {
        return "classical-lighting";
    }

    @Override
    public Image relight(Image source, Progress progress) {
        progress.report(0.0, "relighting");
        Image out = Lighting.apply(source);
        progress.report(1.0, "relit");
        return out;
    }
}
