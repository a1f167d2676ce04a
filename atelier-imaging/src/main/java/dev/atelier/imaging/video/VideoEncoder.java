package dev.atelier.imaging.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_MPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;

import dev.atelier.imaging.Image;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * H.264 (OpenH264 in FFmpeg's LGPL build), yuv420p, as one stream of an output container: {@link #encode} takes
 * frames as {@link Image}s with their presentation time and writes the packets through the muxer's interleaver.
 */
final class VideoEncoder implements AutoCloseable {
    static final String CODEC = "libopenh264";

    private final AVCodecContext ctx;
    private final AVStream stream;
    private final AVFormatContext out;
    private final AVFrame yuv;
    private final AVPacket packet;
    private final boolean bt709;
    private byte[] lumaBytes;
    private byte[] cbBytes;
    private byte[] crBytes;
    private final long frameTicks;
    final int width;
    final int height;

    /**
     * @param timeBase the time base of the presentation times handed to {@link #encode}
     * @param fps      nominal frame rate (rate control, GOP length, durations of packets without one)
     */
    VideoEncoder(AVFormatContext out, int width, int height, AVRational timeBase, double fps, int threads) {
        this(out, width, height, timeBase, fps, threads, CODEC);
    }

    /**
     * @param codecName an FFmpeg encoder taking yuv420p: {@value #CODEC} for every output; others (e.g.
     *                  {@code ffv1}) only to write test inputs in codecs the pipeline refuses
     */
    VideoEncoder(AVFormatContext out, int width, int height, AVRational timeBase, double fps, int threads,
            String codecName) {
        FFmpeg.load();
        this.out = out;
        this.width = width;
        this.height = height;
        AVCodec codec = avcodec_find_encoder_by_name(codecName);
        if (codec == null) {
            throw new VideoException(VideoError.ENCODE_FAILED, "FFmpeg has no " + codecName + " encoder");
        }
        ctx = avcodec_alloc_context3(codec);
        ctx.width(width);
        ctx.height(height);
        ctx.pix_fmt(AV_PIX_FMT_YUV420P);
        ctx.time_base(timeBase);
        double rate = fps > 0 ? fps : 25;
        ctx.framerate().num((int) Math.round(rate * 1000)).den(1000);
        // About 0.12 bit per pixel: visually clean H.264 for upscaled (smooth) content; OpenH264 needs a target.
        ctx.bit_rate(Math.clamp(Math.round(width * (double) height * rate * 0.12), 500_000L, 40_000_000L));
        ctx.gop_size((int) Math.max(1, Math.round(rate * 2)));
        ctx.thread_count(Math.max(1, threads));
        boolean hd = RgbFrames.hd(height);
        ctx.colorspace(hd ? AVCOL_SPC_BT709 : AVCOL_SPC_SMPTE170M);
        ctx.color_primaries(hd ? AVCOL_PRI_BT709 : AVCOL_PRI_SMPTE170M);
        ctx.color_trc(hd ? AVCOL_TRC_BT709 : AVCOL_TRC_SMPTE170M);
        ctx.color_range(AVCOL_RANGE_MPEG);
        if ((out.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
            ctx.flags(ctx.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        FFmpeg.check(avcodec_open2(ctx, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null),
                VideoError.ENCODE_FAILED, "opening the " + codecName + " encoder at " + width + "x" + height);
        stream = avformat_new_stream(out, null);
        FFmpeg.check(avcodec_parameters_from_context(stream.codecpar(), ctx), VideoError.ENCODE_FAILED,
                "describing the video stream");
        stream.time_base(timeBase);
        frameTicks = Math.max(1, Math.round(timeBase.den() / (rate * timeBase.num())));

        yuv = av_frame_alloc();
        yuv.format(AV_PIX_FMT_YUV420P).width(width).height(height);
        FFmpeg.check(av_frame_get_buffer(yuv, 0), VideoError.ENCODE_FAILED, "allocating a frame");
        packet = av_packet_alloc();
        bt709 = hd;
    }

    int streamIndex() {
        return stream.index();
    }

    /** Converts, encodes and writes one frame; {@code pts} is in the time base given at construction. */
    void encode(Image frame, long pts) {
        if (frame.width() != width || frame.height() != height) {
            throw new IllegalStateException("frame is " + frame.width() + "x" + frame.height() + ", the stream is "
                    + width + "x" + height);
        }
        FFmpeg.check(av_frame_make_writable(yuv), VideoError.ENCODE_FAILED, "reusing the frame");
        int ys = yuv.linesize(0);
        int cs = yuv.linesize(1);
        if (lumaBytes == null || lumaBytes.length != ys * height || yuv.linesize(2) != cs) {
            if (yuv.linesize(2) != cs) {
                throw new IllegalStateException("the chroma planes have different strides");
            }
            lumaBytes = new byte[ys * height];
            cbBytes = new byte[cs * (height / 2)];
            crBytes = new byte[cs * (height / 2)];
        }
        YuvFrames.toYuv420(frame, bt709, lumaBytes, ys, cbBytes, crBytes, cs);
        yuv.data(0).put(lumaBytes, 0, lumaBytes.length);
        yuv.data(1).put(cbBytes, 0, cbBytes.length);
        yuv.data(2).put(crBytes, 0, crBytes.length);
        yuv.pts(pts);
        FFmpeg.check(avcodec_send_frame(ctx, yuv), VideoError.ENCODE_FAILED, "encoding a frame");
        drain();
    }

    /** Flushes the encoder's delayed packets. */
    void finish() {
        FFmpeg.check(avcodec_send_frame(ctx, null), VideoError.ENCODE_FAILED, "flushing the encoder");
        drain();
    }

    private void drain() {
        while (true) {
            int rc = avcodec_receive_packet(ctx, packet);
            if (rc == FFmpeg.EAGAIN || rc == AVERROR_EOF) {
                return;
            }
            FFmpeg.check(rc, VideoError.ENCODE_FAILED, "encoding");
            if (packet.duration() <= 0) {
                packet.duration(frameTicks);
            }
            packet.stream_index(stream.index());
            av_packet_rescale_ts(packet, ctx.time_base(), stream.time_base());
            FFmpeg.check(av_interleaved_write_frame(out, packet), VideoError.ENCODE_FAILED, "writing video");
        }
    }

    @Override
    public void close() {
        av_packet_free(packet);
        av_frame_free(yuv);
        avcodec_free_context(ctx);
    }
}
