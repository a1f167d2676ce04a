/**
 * Landmark geometry on pictures: Delaunay triangulation of a point set ({@link dev.atelier.imaging.warp.Delaunay}),
 * the piecewise-affine warp that moves one picture's triangles onto another's
 * ({@link dev.atelier.imaging.warp.TriangleWarp}) and filling polygons into masks
 * ({@link dev.atelier.imaging.warp.Polygons}). Used by the landmark-based face edits (face swap, makeup transfer).
 */
package dev.atelier.imaging.warp;
