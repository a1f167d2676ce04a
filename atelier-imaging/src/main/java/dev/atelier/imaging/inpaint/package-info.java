/**
 * Object removal by exemplar-based inpainting: the masked region is rebuilt from patches copied from the rest of
 * the picture, coarse to fine, with PatchMatch nearest-neighbour search ({@link dev.atelier.imaging.inpaint.Inpaint}).
 */
package dev.atelier.imaging.inpaint;
