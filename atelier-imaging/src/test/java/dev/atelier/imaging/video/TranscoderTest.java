package dev.atelier.imaging.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.Resample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscoderTest {
    static final VideoLimits LIMITS = new VideoLimits(1920, Duration.ofSeconds(60));

    @TempDir
    Path dir;

    /** A gradient with a bright square that moves 4 px per frame, so frames differ and order is visible. */
    static Image pattern(int w, int h, int i) {
        Image img = Image.create(w, h, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean square = x >= 10 + 4 * i && x < 40 + 4 * i && y >= 20 && y < 60;
                img.set(0, x, y, square ? 1f : x / (float) w);
                img.set(1, x, y, square ? 1f : y / (float) h);
                img.set(2, x, y, square ? 0.2f : 0.5f);
            }
        }
        return img;
    }

    static Image lanczos2x(Image f) {
        return Resample.resize(f, f.width() * 2, f.height() * 2, Resample.Kernel.LANCZOS3);
    }

    @Test
    void upscalesTwiceKeepingFramesTimeAndAudioBytes() {
        Path in = dir.resolve("in.mp4");
        ClipWriter.write(in, new ClipWriter.Spec("mp4", 10, 15, true, 0), i -> pattern(320, 240, i));
        VideoInfo info = Videos.probe(in, LIMITS);
        assertThat(info.width()).isEqualTo(320);
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.audioCodec()).isEqualTo("aac");
        assertThat(info.frameCount()).isEqualTo(15);

        Path out = dir.resolve("out.mp4");
        AtomicLong seen = new AtomicLong();
        Transcoder.Report report = Transcoder.transcode(in, out, "mp4", LIMITS, 640, 480, 2,
                TranscoderTest::lanczos2x, Transcoder.FrameStage.NONE,                (done, total) -> seen.set(done));
        assertThat(report.frames()).isEqualTo(15);
        assertThat(seen.get()).isEqualTo(15);

        VideoInfo result = Videos.probe(out, LIMITS);
        assertThat(result.width()).isEqualTo(640);
        assertThat(result.height()).isEqualTo(480);
        assertThat(result.frameCount()).isEqualTo(15);
        assertThat(result.seconds()).isCloseTo(info.seconds(), org.assertj.core.data.Offset.offset(0.1));
        assertThat(Videos.audioDigest(out)).isEqualTo(Videos.audioDigest(in));
        List<Image> frames = new ArrayList<>();
        Videos.forEachFrame(out, LIMITS, frames::add);
        assertThat(frames).hasSize(15);
        // The square moved: frame 10's centre is bright where frame 0's is not (order kept).
        assertThat(frames.get(10).get(0, 2 * (25 + 40), 80)).isGreaterThan(0.8f);
        assertThat(frames.get(0).get(1, 2 * (25 + 40), 80)).isLessThan(0.5f);
    }

    @Test
    void appliesRotationToPixels() {
        Path in = dir.resolve("rot.mov");
        ClipWriter.write(in, new ClipWriter.Spec("mov", 10, 3, false, 90), i -> pattern(160, 96, 0));
        VideoInfo info = Videos.probe(in, LIMITS);
        assertThat(info.rotation()).isEqualTo(90);
        assertThat(info.container()).isEqualTo("mov");
        assertThat(info.width()).isEqualTo(96);
        Path out = dir.resolve("rot.mp4");
        Transcoder.transcode(in, out, "mp4", LIMITS, 96, 160, 1, f -> f, Transcoder.FrameStage.NONE, (d, t) -> {});
        List<Image> frames = new ArrayList<>();
        Videos.forEachFrame(out, LIMITS, frames::add);
        Image f = frames.getFirst();
        assertThat(f.width()).isEqualTo(96);
        // Stored (x=25, y=40) is in the square; turned clockwise it lands at (h-1-40, 25).
        assertThat(f.get(0, 96 - 1 - 40, 25)).isGreaterThan(0.8f);
    }

    @Test
    void rejectsBadInputFromTheHeader() throws IOException {
        Path notVideo = dir.resolve("x.mp4");
        Files.write(notVideo, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13});
        assertThatThrownBy(() -> Videos.probe(notVideo, LIMITS)).isInstanceOfSatisfying(VideoException.class,
                e -> assertThat(e.error()).isEqualTo(VideoError.NOT_A_VIDEO));

        Path clip = dir.resolve("long.mp4");
        ClipWriter.write(clip, new ClipWriter.Spec("mp4", 1, 5, false, 0), i -> pattern(64, 48, 0));
        assertThatThrownBy(() -> Videos.probe(clip, new VideoLimits(1920, Duration.ofSeconds(3))))
                .isInstanceOfSatisfying(VideoException.class, e -> assertThat(e.error()).isEqualTo(VideoError.TOO_LONG));
        assertThatThrownBy(() -> Videos.probe(clip, new VideoLimits(60, Duration.ofSeconds(60))))
                .isInstanceOfSatisfying(VideoException.class, e -> assertThat(e.error()).isEqualTo(VideoError.TOO_LARGE));
    }

    @Test
    void truncatedFileFailsCleanly() throws IOException {
        Path in = dir.resolve("full.mp4");
        ClipWriter.write(in, new ClipWriter.Spec("mp4", 10, 10, false, 0), i -> pattern(160, 96, i));
        // Moov first (a faststart copy), then cut in the middle of the frames.
        Path fast = dir.resolve("fast.mp4");
        Transcoder.transcode(in, fast, "mp4", LIMITS, 160, 96, 1, f -> f, Transcoder.FrameStage.NONE, (d, t) -> {});
        byte[] bytes = Files.readAllBytes(fast);
        Path cut = dir.resolve("cut.mp4");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        assertThat(Videos.probe(cut, LIMITS).frameCount()).isEqualTo(10);
        assertThatThrownBy(() -> Transcoder.transcode(cut, dir.resolve("o.mp4"), "mp4", LIMITS, 160, 96, 1, f -> f,
                Transcoder.FrameStage.NONE, (d, t) -> {})).isInstanceOfSatisfying(VideoException.class,
                e -> assertThat(e.error()).isEqualTo(VideoError.CORRUPT));
        Path headless = dir.resolve("headless.mp4");
        Files.write(headless, java.util.Arrays.copyOf(Files.readAllBytes(in), 2000));
        assertThatThrownBy(() -> Videos.probe(headless, LIMITS)).isInstanceOfSatisfying(VideoException.class,
                e -> assertThat(e.error()).isEqualTo(VideoError.NOT_A_VIDEO));
    }
}
