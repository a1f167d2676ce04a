/**
 * AI Video Enhance ({@code video-enhance}): every frame through the photo feature's {@code Upscaling} capability,
 * with a temporal stabiliser so a still scene does not flicker, audio copied, FFmpeg underneath
 * ({@link dev.atelier.imaging.video}).
 */
package dev.atelier.server.effects.video;
