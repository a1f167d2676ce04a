package dev.atelier.imaging.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.atelier.imaging.Image;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Re-encodes a video frame by frame through a filter: decode → RGB → filter → H.264 yuv420p in MP4 (moov first, for
 * streaming playback). Presentation times are kept, so the frame rate and duration are the input's; the audio
 * packets are copied byte for byte; rotation is applied to the pixels.
 *
 * <p>Frames are streamed: at most {@code parallelism + 1} frames are in flight (filtered on a small pool, encoded in
 * order on the calling thread), never the whole video. The listener is called after each frame is written and may
 * throw to cancel; the partial output is then the caller's to delete.
 */
public final class Transcoder {
    /** A per-frame transformation; called from several threads at once, so it must not keep per-call state. */
    @FunctionalInterface
    public interface FrameFilter {
        Image apply(Image frame);
    }

    /**
     * A step that runs in frame order on the calling thread after the filter, with the frame the filter was given:
     * for state carried from frame to frame (temporal stabilisation).
     */
    @FunctionalInterface
    public interface FrameStage {
        Image apply(Image input, Image filtered);

        FrameStage NONE = (input, filtered) -> filtered;
    }

    /** Told after each frame is written; may throw to stop the transcode. */
    @FunctionalInterface
    public interface FrameListener {
        void frameWritten(long written, long expected);
    }

    /**
     * What a transcode produced and where the time went (nanoseconds; the filter's is summed over its threads).
     */
    public record Report(long frames, int width, int height, long decodeNanos, long filterNanos, long encodeNanos,
            long wallNanos) {}

    private Transcoder() {}

    /**
     * Transcodes {@code input} into {@code container} ({@code mp4} or {@code mov}) at {@code output}, each frame
     * through {@code filter} (on {@code parallelism} threads) and then {@code stage} (in order); both must return
     * images of {@code width × height} (even numbers) for every frame.
     */
    public static Report transcode(Path input, Path output, String container, VideoLimits limits, int width,
            int height, int parallelism, FrameFilter filter, FrameStage stage, FrameListener listener) {
        if (!container.equals("mp4") && !container.equals("mov")) {
            throw new IllegalArgumentException("container must be mp4 or mov, got " + container);
        }
        if (width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("yuv420p needs even sizes, got " + width + "x" + height);
        }
        long start = System.nanoTime();
        try (InputContainer in = InputContainer.open(input); Run run = new Run(in, output, container, width,
                height, parallelism)) {
            VideoInfo info = in.info();
            Videos.check(info, limits);
            return run.execute(info, filter, stage, listener, start);
        }
    }

    private record InFlight(long pts, Image input, CompletableFuture<Image> image) {}

    /** The native resources of one transcode, released together. */
    private static final class Run implements AutoCloseable {
        private final InputContainer in;
        private final AVFormatContext out;
        private final AVCodecContext decoder;
        private final AVPacket packet = av_packet_alloc();
        private final AVFrame frame = av_frame_alloc();
        private final ExecutorService pool;
        private final int window;
        private final int width;
        private final int height;
        private final RgbFrames rgb;
        private VideoEncoder encoder;
        private AVStream audioOut;
        private long decodeNanos;
        private long encodeNanos;
        private final AtomicLong filterNanos = new AtomicLong();
        private long written;
        private Transcoder.FrameStage stage;
        private long expected;

        Run(InputContainer in, Path output, String container, int width, int height, int parallelism) {
            this.in = in;
            this.width = width;
            this.height = height;
            AVStream vs = in.video();
            AVCodec codec = avcodec_find_decoder(vs.codecpar().codec_id());
            if (codec == null) {
                throw new VideoException(VideoError.UNSUPPORTED_CODEC, "no decoder for the video codec");
            }
            decoder = avcodec_alloc_context3(codec);
            FFmpeg.check(avcodec_parameters_to_context(decoder, vs.codecpar()), VideoError.NOT_A_VIDEO,
                    "reading the codec parameters");
            decoder.thread_count(1);
            FFmpeg.check(avcodec_open2(decoder, codec, (AVDictionary) null), VideoError.NOT_A_VIDEO,
                    "opening the decoder");
            rgb = new RgbFrames(vs.codecpar().width(), vs.codecpar().height());
            out = new AVFormatContext(null);
            FFmpeg.check(avformat_alloc_output_context2(out, null, container, output.toString()),
                    VideoError.ENCODE_FAILED, "creating the " + container);
            pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
                Thread t = new Thread(r, "video-frame-filter");
                t.setDaemon(true);
                return t;
            });
            window = Math.max(1, parallelism) + 1;
        }

        Report execute(VideoInfo info, Transcoder.FrameFilter filter, Transcoder.FrameStage stage,
                Transcoder.FrameListener listener, long start) {
            this.stage = stage;
            AVStream vs = in.video();
            expected = info.frameCount();
            encoder = new VideoEncoder(out, width, height, vs.time_base(), info.frameRate(),
                    Runtime.getRuntime().availableProcessors());
            if (in.audioIndex >= 0) {
                audioOut = avformat_new_stream(out, null);
                FFmpeg.check(avcodec_parameters_copy(audioOut.codecpar(), in.audio().codecpar()),
                        VideoError.ENCODE_FAILED, "copying the audio parameters");
                audioOut.codecpar().codec_tag(0);
                audioOut.time_base(in.audio().time_base());
            }
            openOutput(out);
            ArrayDeque<InFlight> queue = new ArrayDeque<>();
            boolean truncated = false;
            while (true) {
                long t0 = System.nanoTime();
                int rc = av_read_frame(in.format, packet);
                decodeNanos += System.nanoTime() - t0;
                if (rc < 0) {
                    truncated = rc != AVERROR_EOF;
                    break;
                }
                try {
                    if (packet.stream_index() == in.videoIndex) {
                        decode(packet, info.rotation(), filter, queue, listener);
                    } else if (audioOut != null && packet.stream_index() == in.audioIndex) {
                        av_packet_rescale_ts(packet, in.audio().time_base(), audioOut.time_base());
                        packet.stream_index(audioOut.index());
                        packet.pos(-1);
                        FFmpeg.check(av_interleaved_write_frame(out, packet), VideoError.ENCODE_FAILED,
                                "writing audio");
                    }
                } finally {
                    av_packet_unref(packet);
                }
            }
            decode(null, info.rotation(), filter, queue, listener);
            while (!queue.isEmpty()) {
                writeNext(queue, listener);
            }
            if (written == 0 || truncated || written < expected - 1) {
                throw new VideoException(VideoError.CORRUPT, "the video stream ends after " + written + " of "
                        + expected + " frames (truncated or damaged file)");
            }
            long t0 = System.nanoTime();
            encoder.finish();
            FFmpeg.check(av_write_trailer(out), VideoError.ENCODE_FAILED, "finishing the MP4");
            encodeNanos += System.nanoTime() - t0;
            return new Report(written, width, height, decodeNanos, filterNanos.get(), encodeNanos,
                    System.nanoTime() - start);
        }

        private void openOutput(AVFormatContext ctx) {
            AVIOContext pb = new AVIOContext(null);
            FFmpeg.check(avio_open(pb, ctx.url().getString(), AVIO_FLAG_WRITE), VideoError.ENCODE_FAILED,
                    "opening the output file");
            ctx.pb(pb);
            AVDictionary opts = new AVDictionary(null);
            av_dict_set(opts, "movflags", "+faststart", 0);
            try {
                FFmpeg.check(avformat_write_header(ctx, opts), VideoError.ENCODE_FAILED, "writing the MP4 header");
            } finally {
                av_dict_free(opts);
            }
        }

        /** Sends one packet (null: flush) and queues each decoded frame for filtering. */
        private void decode(AVPacket pkt, int rotation, Transcoder.FrameFilter filter, ArrayDeque<InFlight> queue,
                Transcoder.FrameListener listener) {
            long t0 = System.nanoTime();
            int rc = avcodec_send_packet(decoder, pkt);
            if (rc < 0 && rc != AVERROR_EOF) {
                throw new VideoException(VideoError.CORRUPT, "decoding the video failed: " + FFmpeg.describe(rc));
            }
            while (true) {
                rc = avcodec_receive_frame(decoder, frame);
                if (rc == FFmpeg.EAGAIN || rc == AVERROR_EOF) {
                    decodeNanos += System.nanoTime() - t0;
                    return;
                }
                if (rc < 0) {
                    throw new VideoException(VideoError.CORRUPT, "decoding the video failed: "
                            + FFmpeg.describe(rc));
                }
                long pts = frame.best_effort_timestamp();
                Image image = rgb.toImage(frame, rotation);
                av_frame_unref(frame);
                decodeNanos += System.nanoTime() - t0;
                if (pts == AV_NOPTS_VALUE) {
                    throw new VideoException(VideoError.CORRUPT, "a frame has no presentation time");
                }
                CompletableFuture<Image> filtered = CompletableFuture.supplyAsync(() -> {
                    long f0 = System.nanoTime();
                    Image result = filter.apply(image);
                    filterNanos.addAndGet(System.nanoTime() - f0);
                    return result;
                }, pool);
                queue.addLast(new InFlight(pts, image, filtered));
                while (queue.size() >= window) {
                    writeNext(queue, listener);
                }
                t0 = System.nanoTime();
            }
        }

        private void writeNext(ArrayDeque<InFlight> queue, Transcoder.FrameListener listener) {
            InFlight next = queue.removeFirst();
            Image image;
            try {
                image = next.image().join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw e;
            }
            long s0 = System.nanoTime();
            image = stage.apply(next.input(), image);
            filterNanos.addAndGet(System.nanoTime() - s0);
            long t0 = System.nanoTime();
            encoder.encode(image, next.pts());
            encodeNanos += System.nanoTime() - t0;
            written++;
            listener.frameWritten(written, Math.max(expected, written));
        }

        @Override
        public void close() {
            pool.shutdownNow();
            if (encoder != null) {
                encoder.close();
            }
            if (out.pb() != null) {
                AVIOContext pb = out.pb();
                out.pb(null);
                avio_closep(pb);
            }
            avformat_free_context(out);
            avcodec_free_context(decoder);
            av_frame_free(frame);
            av_packet_free(packet);
            rgb.close();
        }
    }
}
