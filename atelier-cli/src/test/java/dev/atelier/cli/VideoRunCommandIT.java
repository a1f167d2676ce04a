package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.video.ClipWriter;
import dev.atelier.imaging.video.VideoInfo;
import dev.atelier.imaging.video.VideoLimits;
import dev.atelier.imaging.video.Videos;
import dev.atelier.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atelier run video-enhance clip.mp4 -o out.mp4} with the built launcher, locally and against a server. */
class VideoRunCommandIT {
    private static final VideoLimits ANY = new VideoLimits(8192, Duration.ofMinutes(10));

    @TempDir
    Path dir;

    private static Image frame(int i) {
        Image img = Image.create(160, 120, 3);
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                img.set(0, x, y, x / 160f);
                img.set(1, x, y, (x + 3 * i) % 40 < 20 ? 0.8f : 0.2f);
                img.set(2, x, y, y / 120f);
            }
        }
        return img;
    }

    @Test
    void enhancesAClipLocallyAndThroughAServerWithAProgressBar() throws Exception {
        Path clip = dir.resolve("clip.mp4");
        ClipWriter.write(clip, new ClipWriter.Spec("mp4", 10, 12, true, 0), VideoRunCommandIT::frame);

        Launcher.Launch local = Launcher.run(dir, Map.of(), "run", "video-enhance", "clip.mp4", "-o", "out.mp4");
        assertThat(local.exit()).as(local.toString()).isZero();
        assertThat(local.stdout()).contains("clip.mp4 -> out.mp4 (320x240)");
        assertThat(local.stderr()).contains("video-enhance [").contains("1/1 100%");
        checkEnhanced(clip, dir.resolve("out.mp4"));

        try (TestServer server = TestServer.start()) {
            Launcher.Launch remote = Launcher.run(dir, Map.of(), "run", "video-enhance", "clip.mp4", "-o",
                    "remote.mp4", "--server", server.baseUrl(), "--key", server.key().apiKey());
            assertThat(remote.exit()).as(remote.toString()).isZero();
            assertThat(remote.stderr()).contains("video-enhance [").contains("1/1 100%");
        }
        checkEnhanced(clip, dir.resolve("remote.mp4"));
    }

    private static void checkEnhanced(Path in, Path out) {
        VideoInfo info = Videos.probe(out, ANY);
        assertThat(info.width()).isEqualTo(320);
        assertThat(info.height()).isEqualTo(240);
        assertThat(info.frameCount()).isEqualTo(12);
        assertThat(Videos.audioDigest(out)).isEqualTo(Videos.audioDigest(in));
    }
}
