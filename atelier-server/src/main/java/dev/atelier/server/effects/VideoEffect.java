package dev.atelier.server.effects;

import dev.atelier.engines.Progress;
import dev.atelier.imaging.Image;
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
     * Sees every decoded input frame, in order, before its result is written (content screening); may throw to end
     * the run, and then nothing is stored.
     */
    @FunctionalInterface
    interface FrameWatch {
        /**
         * @param frame   the input frame as decoded (rotation applied)
         * @param index   0 for the first frame
         * @param seconds its presentation time from the start of the video
         */
        void frame(Image frame, long index, double seconds);

        FrameWatch NONE = (frame, index, seconds) -> { };
    }

    /**
     * Reads {@code input}, writes {@code output}; throws {@link dev.atelier.engines.EngineException} with the
     * documented codes for bad input. {@code progress} is reported per frame and may throw to cancel; {@code watch}
     * is shown each input frame.
     */
    VideoOutput runVideo(Path input, Path output, Map<String, Object> params, String outputFormat,
            Progress progress, FrameWatch watch);

    /** {@link #runVideo(Path, Path, Map, String, Progress, FrameWatch)} with no one watching the frames. */
    default VideoOutput runVideo(Path input, Path output, Map<String, Object> params, String outputFormat,
            Progress progress) {
        return runVideo(input, output, params, outputFormat, progress, FrameWatch.NONE);
    }

    /** Video effects never run on decoded images. */
    @Override
    default EffectOutput run(EffectInput input, Progress progress) {
        throw new UnsupportedOperationException(spec().feature() + " takes a video file, not decoded images");
    }
}
