/**
 * Classical style filters — cartoon, oil painting (anisotropic Kuwahara), pencil sketch, watercolour — offered as
 * style templates when no generative model is configured ({@link dev.atelier.imaging.stylize.Style}).
 */
package dev.atelier.imaging.stylize;
