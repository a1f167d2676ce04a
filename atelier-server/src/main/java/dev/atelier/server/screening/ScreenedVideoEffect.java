package dev.atelier.server.screening;

import dev.atelier.engines.Progress;
import dev.atelier.server.effects.VideoEffect;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A video feature whose input frames are screened while it runs: the first frame and then one per second of video
 * (at 30 fps that is one frame in 30, about 0.1 s of classifier time per second of video on two cores). A flagged
 * frame ends the task with {@value ContentScreen#CODE} before the output is stored, so nothing is charged. The
 * result metadata's {@code nsfw_screening} says whether and how the video was screened.
 */
final class ScreenedVideoEffect extends Screened<VideoEffect> implements VideoEffect {

    ScreenedVideoEffect(VideoEffect effect, ContentScreen screen) {
        super(effect, screen);
    }

    @Override
    public VideoOutput runVideo(Path input, Path output, Map<String, Object> params, String outputFormat,
            Progress progress, FrameWatch watch) {
        if (!screen.active()) {
            return withScreening(effect.runVideo(input, output, params, outputFormat, progress, watch),
                    screen.offReason());
        }
        Sampler sampler = new Sampler();
        VideoOutput out = effect.runVideo(input, output, params, outputFormat, progress, (frame, index, seconds) -> {
            if (sampler.due(seconds)) {
                String what = String.format(Locale.ROOT, "input frame at %.1f s", seconds);
                sampler.score(screen.check(List.of(frame), what));
            }
            watch.frame(frame, index, seconds);
        });
        return withScreening(out, "screened " + sampler.count + " input frame" + (sampler.count == 1 ? "" : "s")
                + " (the first, then one per second; highest " + String.format(Locale.ROOT, "%.2f", sampler.highest)
                + "): " + screen.rule());
    }

    /** Which frames are screened: the first, then the first frame of each new second. */
    private static final class Sampler {
        private long lastSecond = -1;
        private int count;
        private double highest;

        boolean due(double seconds) {
            long second = (long) Math.floor(seconds);
            if (second <= lastSecond) {
                return false;
            }
            lastSecond = second;
            return true;
        }

        void score(double s) {
            count++;
            highest = Math.max(highest, s);
        }
    }

    private static VideoOutput withScreening(VideoOutput out, String how) {
        Map<String, Object> metadata = new LinkedHashMap<>(out.metadata());
        metadata.put("nsfw_screening", how);
        return new VideoOutput(out.width(), out.height(), out.seconds(), out.frames(), out.mimeType(),
                out.extension(), metadata);
    }

    @Override
    public long maxInputBytes() {
        return effect.maxInputBytes();
    }
}
