/**
 * The picture in memory ({@link dev.atelier.imaging.Image}: planar float, sRGB-encoded, straight alpha), the codecs
 * that read and write it ({@link dev.atelier.imaging.Codecs}, with header-first limits and typed
 * {@link dev.atelier.imaging.ImagingException}s) and resampling in linear light ({@link dev.atelier.imaging.Resample}).
 * The classical algorithms live in sub-packages, one concept each.
 */
package dev.atelier.imaging;
