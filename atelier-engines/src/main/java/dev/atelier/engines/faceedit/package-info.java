/**
 * Classical face edits over a 468-point face mesh: {@link dev.atelier.engines.faceedit.FaceSwap} (Delaunay
 * piecewise-affine warp, Lab colour matching, multi-band blending) and
 * {@link dev.atelier.engines.faceedit.MakeupTransfer} (region-wise Lab statistics transfer). Both take the landmarks
 * as input, so they need no model of their own; {@link dev.atelier.engines.faceedit.MeshRegions} names the mesh
 * contours they use.
 */
package dev.atelier.engines.faceedit;
