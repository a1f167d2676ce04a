package dev.atelier.client;

/**
 * AI Video Enhance ({@code video-enhance}): every frame of an MP4 or MOV (H.264 or MPEG-4, AAC or MP3 audio, long
 * side up to 1920 px) cleaned and upscaled ×2 (default) or ×1; H.264 MP4 out (or MOV) with the frame times and the
 * audio of the input. Priced per second of video.
 * {@code client.effects().videoEnhance(Path.of("clip.mp4")).scale(2).onProgress(...).run().downloadTo(out)}.
 */
public final class VideoEnhance extends EffectCall<VideoEnhance> {
    VideoEnhance(AtelierClient client, Input source) {
        super(client, "video-enhance");
        sources.add(source);
    }

    @Override
    VideoEnhance self() {
        return this;
    }

    /**
     * The upscale factor (default 2).
     *
     * @throws IllegalArgumentException unless it is 1 or 2
     */
    public VideoEnhance scale(int factor) {
        if (factor != 1 && factor != 2) {
            throw new IllegalArgumentException("scale must be 1 or 2, got " + factor);
        }
        params.put("scale", factor);
        return this;
    }
}
