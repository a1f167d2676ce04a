/**
 * Tiled inference: {@link dev.atelier.engines.tiling.Tiler} runs a model over a picture of any size in overlapping
 * tiles blended with feathered seams, so model families that need a fixed input size or much memory per pixel
 * (super-resolution) stay within a bounded working set whatever the picture's size.
 */
package dev.atelier.engines.tiling;
