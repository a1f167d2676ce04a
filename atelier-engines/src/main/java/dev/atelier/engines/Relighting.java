package dev.atelier.engines;

import dev.atelier.imaging.Image;

/** Photo lighting: local tone mapping that lifts shadows and recovers highlights. */
public interface Relighting extends Engine {
    Image relight(Image source, Progress progress);
}
