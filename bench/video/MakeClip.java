import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.Resample;
import dev.atelier.imaging.video.ClipWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A benchmark clip from a real photo: a slow pan (one pixel per frame) across the photo scaled to cover
 * WIDTHxHEIGHT, 30 frames/s, with an AAC tone. Run with atelier-imaging's classpath (see bench/video/run.sh):
 * java -cp CP bench/video/MakeClip.java PHOTO OUT.mp4 WIDTH HEIGHT FRAMES
 */
public class MakeClip {
    public static void main(String[] a) throws Exception {
        Image photo = Codecs.decode(Files.readAllBytes(Path.of(a[0])), DecodeLimits.defaults());
        int w = Integer.parseInt(a[2]);
        int h = Integer.parseInt(a[3]);
        int frames = Integer.parseInt(a[4]);
        double cover = Math.max((w + frames) / (double) photo.width(), h / (double) photo.height());
        Image big = Resample.resize(photo, (int) Math.ceil(photo.width() * cover),
                (int) Math.ceil(photo.height() * cover), Resample.Kernel.LANCZOS3);
        ClipWriter.write(Path.of(a[1]), new ClipWriter.Spec("mp4", 30, frames, true, 0), i -> crop(big, i, w, h));
    }

    static Image crop(Image src, int x0, int w, int h) {
        Image out = Image.create(w, h, 3);
        for (int c = 0; c < 3; c++) {
            float[] in = src.plane(c);
            float[] o = out.plane(c);
            for (int y = 0; y < h; y++) {
                System.arraycopy(in, y * src.width() + x0, o, y * w, w);
            }
        }
        return out;
    }
}
