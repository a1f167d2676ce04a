package dev.atelier.imaging.video;

import java.time.Duration;

/**
 * What a video's header says.
 *
 * @param container     {@code mp4} or {@code mov}
 * @param codedWidth    width of the stored frames
 * @param codedHeight   height of the stored frames
 * @param rotation      clockwise degrees (0, 90, 180, 270) to turn stored frames for display
 * @param frameRate     average frames per second
 * @param duration      running time of the video stream
 * @param frameCount    frames in the video stream (from the index; an estimate from rate × duration without one)
 * @param videoCodec    FFmpeg's codec name, e.g. {@code h264}
 * @param audioCodec    FFmpeg's codec name of the first audio stream, or null without audio
 */
public record VideoInfo(
        String container,
        int codedWidth,
        int codedHeight,
        int rotation,
        double frameRate,
        Duration duration,
        long frameCount,
        String videoCodec,
        String audioCodec) {

    /** Width as displayed (after rotation). */
    public int width() {
        return rotation % 180 == 0 ? codedWidth : codedHeight;
    }

    /** Height as displayed (after rotation). */
    public int height() {
        return rotation % 180 == 0 ? codedHeight : codedWidth;
    }

    public boolean hasAudio() {
        return audioCodec != null;
    }

    public double seconds() {
        return duration.toNanos() / 1e9;
    }
}
