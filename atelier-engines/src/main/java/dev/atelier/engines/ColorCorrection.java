package dev.atelier.engines;

import dev.atelier.imaging.Image;
import java.util.List;

/** Colour correction: several corrected variants of a photo, the way the contract returns four outputs. */
public interface ColorCorrection extends Engine {
    /** @return the variants, each with a short name for the result metadata */
    List<Variant> correct(Image source, Progress progress);

    record Variant(String name, Image image) {}
}
