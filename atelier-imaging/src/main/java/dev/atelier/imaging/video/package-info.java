/**
 * Video in and out through FFmpeg's libraries (org.bytedeco:ffmpeg, LGPL build): {@link
 * dev.atelier.imaging.video.Videos#probe} reads only the container header (size, rotation, duration, codecs) so limits
 * are checked before any frame is decoded, and {@link dev.atelier.imaging.video.Transcoder} streams frames one at a
 * time through a caller's filter into H.264/MP4 while the audio packets are copied untouched. {@link
 * dev.atelier.imaging.video.ClipWriter} writes small H.264/AAC clips for tests and benchmarks.
 */
package dev.atelier.imaging.video;
