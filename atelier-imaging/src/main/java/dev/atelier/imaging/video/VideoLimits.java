package dev.atelier.imaging.video;

import java.time.Duration;

/**
 * What a video may be, checked from the header before any frame is decoded.
 *
 * @param maxLongSide the longest side of the displayed picture, in pixels
 * @param maxDuration the longest running time
 */
public record VideoLimits(int maxLongSide, Duration maxDuration) {}
