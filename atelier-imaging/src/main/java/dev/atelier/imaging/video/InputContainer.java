package dev.atelier.imaging.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MP3;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.IntPointer;

/**
 * An opened MP4/QuickTime file: only the MOV demuxer and the file protocol are allowed (no other container parser
 * and no network reference ever runs on an upload), and nothing beyond the header is read on open.
 */
final class InputContainer implements AutoCloseable {
    private static final Set<Integer> VIDEO_CODECS = Set.of(AV_CODEC_ID_H264, AV_CODEC_ID_MPEG4);
    private static final Set<Integer> AUDIO_CODECS = Set.of(AV_CODEC_ID_AAC, AV_CODEC_ID_MP3);

    final AVFormatContext format;
    final int videoIndex;
    final int audioIndex;

    private InputContainer(AVFormatContext format, int videoIndex, int audioIndex) {
        this.format = format;
        this.videoIndex = videoIndex;
        this.audioIndex = audioIndex;
    }

    static InputContainer open(Path file) {
        FFmpeg.load();
        AVFormatContext fmt = new AVFormatContext(null);
        AVDictionary opts = new AVDictionary(null);
        av_dict_set(opts, "format_whitelist", "mov,mp4,m4a,3gp,3g2,mj2", 0);
        av_dict_set(opts, "protocol_whitelist", "file", 0);
        try {
            int rc = avformat_open_input(fmt, file.toAbsolutePath().toString(), null, opts);
            if (rc < 0) {
                throw new VideoException(VideoError.NOT_A_VIDEO, "not a readable MP4 or QuickTime video ("
                        + FFmpeg.describe(rc) + ")");
            }
        } finally {
            av_dict_free(opts);
        }
        int video = -1;
        int audio = -1;
        for (int i = 0; i < fmt.nb_streams(); i++) {
            int type = fmt.streams(i).codecpar().codec_type();
            if (type == AVMEDIA_TYPE_VIDEO && video < 0 && fmt.streams(i).codecpar().width() > 0) {
                video = i;
            } else if (type == AVMEDIA_TYPE_AUDIO && audio < 0) {
                audio = i;
            }
        }
        if (video < 0) {
            avformat_close_input(fmt);
            throw new VideoException(VideoError.NOT_A_VIDEO, "the file has no video stream");
        }
        return new InputContainer(fmt, video, audio);
    }

    AVStream video() {
        return format.streams(videoIndex);
    }

    AVStream audio() {
        return audioIndex < 0 ? null : format.streams(audioIndex);
    }

    /** The header's facts; throws for a codec this pipeline does not take. */
    VideoInfo info() {
        AVStream st = video();
        AVCodecParameters par = st.codecpar();
        if (!VIDEO_CODECS.contains(par.codec_id())) {
            throw new VideoException(VideoError.UNSUPPORTED_CODEC, "the video codec is "
                    + avcodec_get_name(par.codec_id()).getString() + "; H.264 and MPEG-4 Part 2 are supported");
        }
        String audioCodec = null;
        if (audioIndex >= 0) {
            int id = audio().codecpar().codec_id();
            audioCodec = avcodec_get_name(id).getString();
            if (!AUDIO_CODECS.contains(id)) {
                throw new VideoException(VideoError.UNSUPPORTED_CODEC, "the audio codec is " + audioCodec
                        + "; AAC and MP3 are supported (the audio is copied, not re-encoded)");
            }
        }
        double rate = st.avg_frame_rate().num() > 0 && st.avg_frame_rate().den() > 0 ? av_q2d(st.avg_frame_rate())
                : st.r_frame_rate().den() > 0 ? av_q2d(st.r_frame_rate()) : 0;
        Duration duration = duration(st);
        long frames = st.nb_frames() > 0 ? st.nb_frames() : Math.round(rate * duration.toNanos() / 1e9);
        String name = format.iformat().name().getString();
        String container = name.contains("mp4") && !isQuickTime() ? "mp4" : "mov";
        return new VideoInfo(container, par.width(), par.height(), rotation(par), rate, duration, frames,
                avcodec_get_name(par.codec_id()).getString(), audioCodec);
    }

    private boolean isQuickTime() {
        var brand = org.bytedeco.ffmpeg.global.avutil.av_dict_get(format.metadata(), "major_brand", null, 0);
        return brand != null && brand.value().getString().startsWith("qt");
    }

    private Duration duration(AVStream st) {
        if (st.duration() != AV_NOPTS_VALUE && st.duration() > 0) {
            return Duration.ofNanos(Math.round(st.duration() * av_q2d(st.time_base()) * 1e9));
        }
        if (format.duration() != AV_NOPTS_VALUE && format.duration() > 0) {
            return Duration.ofNanos(format.duration() * (1_000_000_000L / AV_TIME_BASE));
        }
        return Duration.ZERO;
    }

    /** Clockwise degrees to turn the stored frames, from the display matrix as FFmpeg's own player reads it. */
    private static int rotation(AVCodecParameters par) {
        if (par.nb_coded_side_data() <= 0) {
            return 0;
        }
        AVPacketSideData sd = av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(),
                AV_PKT_DATA_DISPLAYMATRIX);
        if (sd == null || sd.isNull() || sd.size() < 36) {
            return 0;
        }
        double ccw = av_display_rotation_get(new IntPointer(sd.data()));
        if (Double.isNaN(ccw)) {
            return 0;
        }
        long cw = Math.round(-ccw / 90.0) * 90;
        return (int) (((cw % 360) + 360) % 360);
    }

    @Override
    public void close() {
        avformat_close_input(format);
    }
}
