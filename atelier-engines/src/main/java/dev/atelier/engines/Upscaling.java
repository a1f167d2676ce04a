package dev.atelier.engines;

import dev.atelier.imaging.Image;

/** Photo enhancement with an integer scale factor (1 = same size, cleaned up; 2 and 4 = super-resolution). */
public interface Upscaling extends Engine {
    Image enhance(Image source, int scale, Progress progress);
}
