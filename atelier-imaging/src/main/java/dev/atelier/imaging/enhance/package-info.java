/**
 * Photo enhancement without a model: upscaling ×1/×2/×4 with detail restoration ({@link
 * dev.atelier.imaging.enhance.Enhance}).
 */
package dev.atelier.imaging.enhance;
