import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.video.VideoLimits;
import dev.atelier.imaging.video.Videos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Writes frame N of a video as PNG, to look at: java -cp CP bench/video/Frame.java VIDEO N OUT.png */
public class Frame {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[1]);
        Image[] keep = {null};
        int[] i = {0};
        Videos.forEachFrame(Path.of(a[0]), new VideoLimits(8192, Duration.ofHours(1)), f -> {
            if (i[0]++ == n) {
                keep[0] = f;
            }
        });
        Files.write(Path.of(a[2]), Codecs.encode(keep[0], ImageFormat.PNG, 100));
    }
}
