package dev.atelier.imaging.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.atelier.imaging.Image;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/** Reading a video's header and checking it against limits, before any frame is decoded. */
public final class Videos {
    private Videos() {}

    /**
     * The header facts of an MP4/QuickTime file, checked against {@code limits}: codecs, displayed size and duration.
     * Only the container header is parsed (the MOV demuxer reads the {@code moov} box); no frame is decoded.
     *
     * @throws VideoException {@code NOT_A_VIDEO}, {@code UNSUPPORTED_CODEC}, {@code TOO_LARGE} or {@code TOO_LONG}
     */
    public static VideoInfo probe(Path file, VideoLimits limits) {
        try (InputContainer in = InputContainer.open(file)) {
            VideoInfo info = in.info();
            check(info, limits);
            return info;
        }
    }

    static void check(VideoInfo info, VideoLimits limits) {
        int longSide = Math.max(info.width(), info.height());
        if (longSide > limits.maxLongSide()) {
            throw new VideoException(VideoError.TOO_LARGE, "the video is " + info.width() + "x" + info.height()
                    + "; the long side may be at most " + limits.maxLongSide() + " px");
        }
        if (info.duration().isZero() || info.frameCount() <= 0) {
            throw new VideoException(VideoError.NOT_A_VIDEO, "the video stream has no frames or no duration");
        }
        if (info.duration().compareTo(limits.maxDuration()) > 0) {
            throw new VideoException(VideoError.TOO_LONG, String.format(java.util.Locale.ROOT,
                    "the video runs %.1f s; at most %d s are allowed", info.seconds(),
                    limits.maxDuration().toSeconds()));
        }
    }

    /**
     * Decodes every frame in presentation order (rotation applied) and hands it to {@code sink}; for checks and
     * metrics on short clips. Returns the number of frames.
     */
    public static long forEachFrame(Path file, VideoLimits limits, Consumer<Image> sink) {
        try (InputContainer in = InputContainer.open(file)) {
            VideoInfo info = in.info();
            check(info, limits);
            AVCodecContext dec = avcodec_alloc_context3(avcodec_find_decoder(in.video().codecpar().codec_id()));
            AVPacket packet = av_packet_alloc();
            AVFrame frame = av_frame_alloc();
            try (RgbFrames rgb = new RgbFrames(info.codedWidth(), info.codedHeight())) {
                avcodec_parameters_to_context(dec, in.video().codecpar());
                FFmpeg.check(avcodec_open2(dec, dec.codec(), (AVDictionary) null), VideoError.NOT_A_VIDEO, "decoder");
                long n = 0;
                boolean more = true;
                while (more) {
                    more = av_read_frame(in.format, packet) >= 0;
                    if (more && packet.stream_index() != in.videoIndex) {
                        av_packet_unref(packet);
                        continue;
                    }
                    avcodec_send_packet(dec, more ? packet : null);
                    av_packet_unref(packet);
                    while (avcodec_receive_frame(dec, frame) >= 0) {
                        sink.accept(rgb.toImage(frame, info.rotation()));
                        av_frame_unref(frame);
                        n++;
                    }
                }
                return n;
            } finally {
                av_frame_free(frame);
                av_packet_free(packet);
                avcodec_free_context(dec);
            }
        }
    }

    /** SHA-256 over the payloads of the first audio stream's packets, in order; null without audio. */
    public static String audioDigest(Path file) {
        try (InputContainer in = InputContainer.open(file)) {
            if (in.audioIndex < 0) {
                return null;
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            AVPacket packet = av_packet_alloc();
            try {
                while (av_read_frame(in.format, packet) >= 0) {
                    if (packet.stream_index() == in.audioIndex) {
                        byte[] data = new byte[packet.size()];
                        new BytePointer(packet.data()).get(data);
                        sha.update(data);
                    }
                    av_packet_unref(packet);
                }
            } finally {
                av_packet_free(packet);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
