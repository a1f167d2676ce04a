package dev.atelier.client;

/**
 * A face found by Face Swap pre-process, in pixels of the source photo.
 *
 * @param left   the box's left edge
 * @param top    the box's top edge
 * @param width  the box's width
 * @param height the box's height
 * @param score  the detector's confidence 0..1, or NaN when not reported
 */
public record Face(int left, int top, int width, int height, double score) {}
