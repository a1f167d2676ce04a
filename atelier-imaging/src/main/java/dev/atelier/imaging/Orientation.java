package dev.atelier.imaging;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.io.ByteArrayInputStream;

/**
 * EXIF orientation (tag 0x0112, values 1–8): how the stored pixels must be turned to be seen upright.
 *
 * <p>Value meanings, as "where stored row 0 / column 0 end up": 1 top/left (as stored), 2 mirrored left-right,
 * 3 rotated 180°, 4 mirrored top-bottom, 5 transposed (mirror across the main diagonal), 6 rotated 90° clockwise,
 * 7 transversed (mirror across the anti-diagonal), 8 rotated 90° counter-clockwise. Values 5–8 swap width and height.
 */
public final class Orientation {
    private Orientation() {}

    /** The picture turned clockwise by 0, 90, 180 or 270 degrees (a video's display rotation). */
    public static Image rotateClockwise(Image src, int degrees) {
        return switch (degrees) {
            case 0 -> src;
            case 90 -> apply(src, 6);
            case 180 -> apply(src, 3);
            case 270 -> apply(src, 8);
            default -> throw new IllegalArgumentException("rotation must be a multiple of 90, got " + degrees);
        };
    }

    /** The orientation in the file's EXIF, or 1 when absent or unreadable (metadata damage never fails a decode). */
    static int read(byte[] data) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(data), data.length);
            for (ExifIFD0Directory dir : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
                Integer value = dir.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
                if (value != null && value >= 1 && value <= 8) {
                    return value;
                }
            }
        } catch (Exception | StackOverflowError e) {
            // Unreadable metadata: display as stored, like browsers do.
        }
        return 1;
    }

    static boolean swapsAxes(int orientation) {
        return orientation >= 5;
    }

    /** The upright picture for stored pixels {@code src} carrying {@code orientation}. */
    static Image apply(Image src, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return src;
        }
        int sw = src.width();
        int sh = src.height();
        int dw = swapsAxes(orientation) ? sh : sw;
        int dh = swapsAxes(orientation) ? sw : sh;
        Image dst = Image.create(dw, dh, src.channels());
        for (int c = 0; c < src.channels(); c++) {
            float[] in = src.plane(c);
            float[] out = dst.plane(c);
            for (int y = 0; y < sh; y++) {
                for (int x = 0; x < sw; x++) {
                    // (dx, dy): where stored (x, y) is displayed.
                    int dx;
                    int dy;
                    switch (orientation) {
                        case 2 -> { dx = sw - 1 - x; dy = y; }
                        case 3 -> { dx = sw - 1 - x; dy = sh - 1 - y; }
                        case 4 -> { dx = x; dy = sh - 1 - y; }
                        case 5 -> { dx = y; dy = x; }
                        case 6 -> { dx = sh - 1 - y; dy = x; }
                        case 7 -> { dx = sh - 1 - y; dy = sw - 1 - x; }
                        default -> { dx = y; dy = sw - 1 - x; } // 8
                    }
                    out[dy * dw + dx] = in[y * sw + x];
                }
            }
        }
        return dst;
    }
}
