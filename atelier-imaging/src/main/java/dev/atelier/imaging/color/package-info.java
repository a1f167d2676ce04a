/**
 * Colour and tone: white balance by four classical illuminant estimates ({@link
 * dev.atelier.imaging.color.ColorCorrection}) and local tone mapping for lighting repair ({@link
 * dev.atelier.imaging.color.Lighting}, CLAHE on lightness with shadow lift and highlight recovery).
 */
package dev.atelier.imaging.color;
