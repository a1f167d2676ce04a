package dev.atelier.server.effects.video;

import dev.atelier.engines.ImageResult;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Upscaling;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.video.Stabiliser;
import dev.atelier.imaging.video.Transcoder;
import dev.atelier.imaging.video.VideoException;
import dev.atelier.imaging.video.VideoInfo;
import dev.atelier.imaging.video.VideoLimits;
import dev.atelier.imaging.video.Videos;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.EngineEffect;
import dev.atelier.engines.EngineCode;
import dev.atelier.server.effects.EngineInfo;
import dev.atelier.server.effects.InputSpec;
import dev.atelier.server.effects.ParamSpec;
import dev.atelier.server.effects.Params;
import dev.atelier.server.effects.ResultShape;
import dev.atelier.server.effects.VideoEffect;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * AI Video Enhance ({@code video-enhance}): MP4/MOV in (H.264 or MPEG-4, AAC or MP3, long side ≤ 1920, at most
 * {@link VideoSettings#maxDuration()}), every frame enhanced ×1 or ×2 by the same {@link Upscaling} as photo enhance,
 * H.264 MP4 (or MOV) out with the frame times and the audio packets of the input. Priced per second of video.
 *
 * <p>Header checks (container, codecs, size, duration) run before any frame is decoded. A {@link Stabiliser} keeps
 * still areas still between frames; progress is reported after every frame and cancels between frames.
 */
public final class VideoEnhanceEffect extends EngineEffect<Upscaling> implements VideoEffect {
    static final int MAX_LONG_SIDE = 1920;

    private static final EffectSpec SPEC = new EffectSpec(
            "video-enhance",
            List.of("video-enhance"),
            List.of("v2.0/task/video-enhance"),
            InputSpec.oneSource(MAX_LONG_SIDE, 16),
            new BigDecimal("1"),
            List.of("mp4", "mov"),
            ResultShape.SINGLE_URL,
            "AI video enhance: every frame cleaned and upscaled x2 (or x1), audio kept; priced per second");

    private final VideoSettings settings;

    public VideoEnhanceEffect(Upscaling engine, VideoSettings settings) {
        super(SPEC, engine);
        this.settings = settings;
    }

    @Override
    public long maxInputBytes() {
        return settings.maxBytes();
    }

    @Override
    public Metering metering() {
        return new Metering("second", (int) Math.max(1, settings.maxDuration().toSeconds()));
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(ParamSpec.intChoice("scale", false, List.of(1, 2), 2,
                "Upscale factor: 2 doubles width and height, 1 cleans each frame at its size"));
    }

    @Override
    public Map<String, Object> validateParams(Map<String, Object> params) {
        return Map.of("scale", Params.oneOf("scale", Params.optionalInt(params, "scale", 2), Set.of(1, 2)));
    }

    VideoLimits limits() {
        return new VideoLimits(MAX_LONG_SIDE, settings.maxDuration());
    }

    @Override
    public VideoOutput runVideo(Path input, Path output, Map<String, Object> params, String outputFormat,
            Progress progress, FrameWatch watch) {
        int scale = (Integer) params.get("scale");
        try {
            progress.report(0.0, "reading the video header");
            VideoInfo info = Videos.probe(input, limits());
            int width = even(info.width() * scale);
            int height = even(info.height() * scale);
            AtomicReference<Map<String, String>> engineReport = new AtomicReference<>();
            Stabiliser stabiliser = new Stabiliser();
            double rate = info.frameRate() > 0 ? info.frameRate() : 25;
            long[] shown = {0};
            // The watch sees the input frames in order on the transcoding thread (the filter threads run ahead by
            // at most a few frames, so a watch that throws wastes little).
            Transcoder.FrameStage stage = (in, filtered) -> {
                long i = shown[0]++;
                watch.frame(in, i, i / rate);
                return stabiliser.apply(in, filtered);
            };
            Transcoder.FrameFilter filter = frame -> {
                ImageResult r = engine.upscale(frame, scale, Progress.none());
                engineReport.compareAndSet(null, r.metadata());
                return fit(r.image(), width, height);
            };
            int atOnce = engine.picturesAtOnce(scale);
            Transcoder.Report report = Transcoder.transcode(input, output, outputFormat, limits(), width, height,
                    atOnce, filter, stage,
                    // One stage name for the whole pass (clients log stages); the fraction moves every frame.
                    (done, total) -> progress.report(done / (double) total, "enhancing " + total + " frames"));
            Map<String, Object> meta = new LinkedHashMap<>(EngineInfo.of(engine,
                    engineReport.get() == null ? Map.of() : engineReport.get()));
            meta.put("scale", scale);
            meta.put("frames", report.frames());
            meta.put("frame_rate", Math.round(info.frameRate() * 1000) / 1000.0);
            meta.put("video_seconds", Math.round(info.seconds() * 1000) / 1000.0);
            meta.put("billed_seconds", billedSeconds(info.seconds()));
            meta.put("audio", info.hasAudio() ? "copied (" + info.audioCodec() + ")" : "none");
            meta.put("rotation_applied", info.rotation());
            meta.put("stabiliser", stabiliser.describe());
            meta.put("frames_at_once", atOnce);
            meta.put("fps", Math.round(report.frames() / (report.wallNanos() / 1e9) * 10) / 10.0);
            // Where the time went: decode (demux, decode, to RGB), enhance (summed over the filter threads, and the
            // stabiliser), encode (from RGB, H.264, mux).
            meta.put("decode_ms", report.decodeNanos() / 1_000_000);
            meta.put("enhance_ms", report.filterNanos() / 1_000_000);
            meta.put("encode_ms", report.encodeNanos() / 1_000_000);
            return new VideoOutput(width, height, info.seconds(), report.frames(),
                    outputFormat.equals("mov") ? "video/quicktime" : "video/mp4", outputFormat, meta);
        } catch (VideoException e) {
            throw switch (e.error()) {
                case TOO_LONG -> EngineCode.ERROR_UNEXPECTED_VIDEO_DURATION.exception(e.getMessage());
                case TOO_LARGE -> EngineCode.ERROR_EXCEED_MAX_IMAGE_SIZE.exception(e.getMessage());
                case NOT_A_VIDEO, UNSUPPORTED_CODEC, CORRUPT -> EngineCode.ERROR_DECODE_VIDEO.exception(e.getMessage());
                case ENCODE_FAILED -> EngineCode.UNKNOWN_INTERNAL_ERROR.exception(e.getMessage());
            };
        }
    }

    /** Whole seconds charged for a clip: started seconds count, at least one. */
    static long billedSeconds(double seconds) {
        return Math.max(1, (long) Math.ceil(seconds - 1e-3));
    }

    private static int even(int v) {
        return Math.max(2, v & ~1);
    }

    /** An odd-sized source at ×1 loses its last row/column to yuv420p's even sizes. */
    private static Image fit(Image img, int width, int height) {
        if (img.width() == width && img.height() == height) {
            return img;
        }
        Image out = Image.create(width, height, img.channels());
        for (int c = 0; c < img.channels(); c++) {
            float[] src = img.plane(c);
            float[] dst = out.plane(c);
            for (int y = 0; y < height; y++) {
                System.arraycopy(src, y * img.width(), dst, y * width, width);
            }
        }
        return out;
    }
}
