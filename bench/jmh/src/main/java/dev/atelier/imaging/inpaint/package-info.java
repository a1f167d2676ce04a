/**
 * Benchmarks of the inpainting kernels (the patch distance, a whole fill), placed in the engine's own package so they
 * can reach its package-private {@code PatchMatch} and {@code Level}; the engine itself is described by the
 * package-info of atelier-imaging. (A comment-only package-info compiles to no class, so the shaded jar holds one.)
 */
package dev.atelier.imaging.inpaint;
