package dev.atelier.imaging.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;

/** Loads FFmpeg's natives once (JavaCPP extracts them from the classifier jar) and turns return codes into text. */
final class FFmpeg {
    /** {@code AVERROR(EAGAIN)} on Linux: the codec wants more input (or output drained) first. */
    static final int EAGAIN = -11;

    private FFmpeg() {}

    private static final class Natives {
        static {
            Loader.load(avformat.class);
            Loader.load(avcodec.class);
            Loader.load(swscale.class);
            // FFmpeg's own log goes to stderr; errors only, the Java side reports what failed.
            av_log_set_level(AV_LOG_ERROR);
        }

        static void touch() {}
    }

    static void load() {
        Natives.touch();
    }

    /** FFmpeg's text for an error code. */
    static String describe(int rc) {
        byte[] buf = new byte[256];
        av_strerror(rc, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8) + " (" + rc + ")";
    }

    /** Returns rc when it is not negative; throws the given error naming the step otherwise. */
    static int check(int rc, VideoError error, String step) {
        if (rc < 0) {
            throw new VideoException(error, step + " failed: " + describe(rc));
        }
        return rc;
    }
}
