package dev.atelier.imaging.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
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
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import dev.atelier.imaging.Image;
import java.nio.file.Path;
import java.util.function.IntFunction;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;

/**
 * Writes small H.264 clips, optionally with an AAC tone and a rotation in the header: the inputs of the video tests
 * and benchmarks, made with the same FFmpeg as the pipeline so no external tool is needed.
 */
public final class ClipWriter {
    /**
     * @param container {@code mp4} or {@code mov}
     * @param fps       integer frame rate
     * @param frames    how many frames
     * @param audio     whether to add a 440 Hz AAC tone as long as the video
     * @param rotation  clockwise display rotation in the header (0, 90, 180, 270); frames are stored unrotated
     * @param videoCodec the FFmpeg encoder: H.264 ({@code libopenh264}) unless a test needs a codec the pipeline
     *                  refuses (e.g. {@code ffv1})
     */
    public record Spec(String container, int fps, int frames, boolean audio, int rotation, String videoCodec) {
        /** An H.264 clip. */
        public Spec(String container, int fps, int frames, boolean audio, int rotation) {
            this(container, fps, frames, audio, rotation, VideoEncoder.CODEC);
        }
    }

    private static final int SAMPLE_RATE = 48_000;

    private ClipWriter() {}

    /** Writes {@code spec.frames()} frames from {@code frameAt} (all of one even size) to {@code file}. */
    public static void write(Path file, Spec spec, IntFunction<Image> frameAt) {
        FFmpeg.load();
        Image first = frameAt.apply(0);
        AVFormatContext out = new AVFormatContext(null);
        FFmpeg.check(avformat_alloc_output_context2(out, null, spec.container(), file.toString()),
                VideoError.ENCODE_FAILED, "creating the " + spec.container());
        AVRational tb = new AVRational().num(1).den(spec.fps() * 512);
        AVCodecContext aac = null;
        AVFrame samples = null;
        AVPacket packet = av_packet_alloc();
        try (VideoEncoder video = new VideoEncoder(out, first.width(), first.height(), tb, spec.fps(), 1,
                spec.videoCodec())) {
            if (spec.rotation() != 0) {
                setRotation(out.streams(video.streamIndex()), spec.rotation());
            }
            AVStream audioStream = null;
            if (spec.audio()) {
                AVCodec codec = avcodec_find_encoder_by_name("aac");
                aac = avcodec_alloc_context3(codec);
                aac.sample_fmt(AV_SAMPLE_FMT_FLTP).sample_rate(SAMPLE_RATE).bit_rate(96_000);
                av_channel_layout_default(aac.ch_layout(), 1);
                aac.time_base().num(1).den(SAMPLE_RATE);
                if ((out.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
                    aac.flags(aac.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
                }
                FFmpeg.check(avcodec_open2(aac, codec, (AVDictionary) null), VideoError.ENCODE_FAILED, "AAC");
                audioStream = avformat_new_stream(out, null);
                avcodec_parameters_from_context(audioStream.codecpar(), aac);
                audioStream.time_base().num(1).den(SAMPLE_RATE);
                samples = av_frame_alloc();
                samples.nb_samples(aac.frame_size()).format(AV_SAMPLE_FMT_FLTP).sample_rate(SAMPLE_RATE);
                av_channel_layout_default(samples.ch_layout(), 1);
                FFmpeg.check(av_frame_get_buffer(samples, 0), VideoError.ENCODE_FAILED, "audio frame");
            }
            AVIOContext pb = new AVIOContext(null);
            FFmpeg.check(avio_open(pb, file.toString(), AVIO_FLAG_WRITE), VideoError.ENCODE_FAILED, "open");
            out.pb(pb);
            FFmpeg.check(avformat_write_header(out, (AVDictionary) null), VideoError.ENCODE_FAILED, "header");
            long audioSamples = 0;
            long totalSamples = (long) spec.frames() * SAMPLE_RATE / spec.fps();
            for (int i = 0; i < spec.frames(); i++) {
                video.encode(i == 0 ? first : frameAt.apply(i), (long) i * 512);
                long until = Math.min(totalSamples, (long) (i + 1) * SAMPLE_RATE / spec.fps());
                while (aac != null && audioSamples < until) {
                    audioSamples = tone(aac, samples, packet, out, audioStream, audioSamples);
                }
            }
            video.finish();
            if (aac != null) {
                drainAudio(aac, null, packet, out, audioStream);
            }
            FFmpeg.check(av_write_trailer(out), VideoError.ENCODE_FAILED, "trailer");
        } finally {
            if (out.pb() != null) {
                AVIOContext pb = out.pb();
                out.pb(null);
                avio_closep(pb);
            }
            avformat_free_context(out);
            if (aac != null) {
                avcodec_free_context(aac);
            }
            if (samples != null) {
                av_frame_free(samples);
            }
            av_packet_free(packet);
        }
    }

    private static long tone(AVCodecContext aac, AVFrame samples, AVPacket packet, AVFormatContext out,
            AVStream stream, long at) {
        av_frame_make_writable(samples);
        FloatPointer data = new FloatPointer(samples.data(0));
        int n = samples.nb_samples();
        for (int s = 0; s < n; s++) {
            data.put(s, (float) (0.3 * Math.sin(2 * Math.PI * 440 * (at + s) / SAMPLE_RATE)));
        }
        samples.pts(at);
        drainAudio(aac, samples, packet, out, stream);
        return at + n;
    }

    private static void drainAudio(AVCodecContext aac, AVFrame samples, AVPacket packet, AVFormatContext out,
            AVStream stream) {
        FFmpeg.check(avcodec_send_frame(aac, samples), VideoError.ENCODE_FAILED, "encoding audio");
        while (true) {
            int rc = avcodec_receive_packet(aac, packet);
            if (rc == FFmpeg.EAGAIN || rc == AVERROR_EOF) {
                return;
            }
            FFmpeg.check(rc, VideoError.ENCODE_FAILED, "encoding audio");
            packet.stream_index(stream.index());
            av_packet_rescale_ts(packet, aac.time_base(), stream.time_base());
            FFmpeg.check(av_interleaved_write_frame(out, packet), VideoError.ENCODE_FAILED, "writing audio");
        }
    }

    /** A display matrix in the stream header, as phones write it (FFmpeg frees it with the stream). */
    private static void setRotation(AVStream stream, int clockwise) {
        AVPacketSideData sd = new AVPacketSideData(av_mallocz(Loader.sizeof(AVPacketSideData.class)));
        BytePointer matrix = new BytePointer(av_malloc(36)).capacity(36);
        // The matrix turns the frame clockwise (av_display_rotation_get reads it back as counter-clockwise −90).
        av_display_rotation_set(new IntPointer(matrix), clockwise);
        sd.data(matrix).size(36).type(AV_PKT_DATA_DISPLAYMATRIX);
        stream.codecpar().coded_side_data(sd).nb_coded_side_data(1);
    }
}
