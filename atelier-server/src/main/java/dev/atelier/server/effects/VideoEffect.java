package dev.atelier.server.effects;

import dev.atelier.engines.Progress;
import java.nio.file.Path;
import java.util.Map;

/**
 * A feature whose input and output are videos: the run pipeline hands it files on disk instead of decoded images,
 * because a video is streamed frame by frame and never held in memory whole.
 */
public interface VideoEffect extends Effect {
    /** The largest input file accepted, in bytes (the File API's video limit). */
    long maxInputBytes();

    /** What the effect wrote: its size, running time and how (engine, timings), for the task result. */
    record VideoOutput(int width, int height, double seconds, long frames, String mimeType, String extension,
            Map<String, Object> metadata) {}

    /**
     * Reads {@code input}, writes {@code output}; throws {@link dev.atelier.engines.EngineException} with the
     * documented codes for bad input. {@code progress} is reported per frame and may throw to cancel.
     */
    VideoOutput runVideo(Path input, Path output, Map<String, Object> params, String outputFormat,
            Progress progress);

    /** Video effects never run on decoded images. */
    @Override
    default EffectOutput run(EffectInput input, Progress progress) {
        throw new UnsupportedOperationException(spec().feature() + " takes a video file, not decoded images");
    }
}
