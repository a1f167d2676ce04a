package dev.atelier.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * EXIF orientation fixtures are generated here: a 64×32 JPEG whose four quadrants have distinct colours, tagged
 * with each orientation. The expected displayed corner of two stored quadrants comes from the EXIF specification's
 * table, written out independently of the implementation.
 */
class ExifOrientationTest {
    private static final float[][] COLOURS = {
        {0.9f, 0.1f, 0.1f}, // stored top-left: red
        {0.1f, 0.9f, 0.1f}, // stored top-right: green
        {0.1f, 0.1f, 0.9f}, // stored bottom-left: blue
        {0.9f, 0.9f, 0.1f}, // stored bottom-right: yellow
    };

    /** JPEG carries EXIF in an APP1 segment, PNG in an {@code eXIf} chunk (PNG 1.5): the same TIFF structure. */
    @ParameterizedTest(name = "{0} orientation {1}: stored top-left shows at {2}, stored top-right at {3}")
    @CsvSource({
        "JPEG, 1, TL, TR", "PNG, 1, TL, TR",
        "JPEG, 2, TR, TL", "PNG, 2, TR, TL",
        "JPEG, 3, BR, BL", "PNG, 3, BR, BL",
        "JPEG, 4, BL, BR", "PNG, 4, BL, BR",
        "JPEG, 5, TL, BL", "PNG, 5, TL, BL",
        "JPEG, 6, TR, BR", "PNG, 6, TR, BR",
        "JPEG, 7, BR, TR", "PNG, 7, BR, TR",
        "JPEG, 8, BL, TL", "PNG, 8, BL, TL",
    })
    void decodeShowsThePictureUpright(ImageFormat format, int orientation, String topLeftAt, String topRightAt) {
        byte[] file = format == ImageFormat.JPEG
                ? withExifOrientation(Codecs.encode(quadrants(64, 32), ImageFormat.JPEG, 95), orientation)
                : TestImages.insertChunk(Codecs.encode(quadrants(64, 32), ImageFormat.PNG, 100), 33, "eXIf",
                        exifTiff(orientation));

        ImageInfo info = Codecs.probe(file);
        boolean swapped = orientation >= 5;
        assertThat(info.width()).isEqualTo(swapped ? 32 : 64);
        assertThat(info.height()).isEqualTo(swapped ? 64 : 32);

        Image img = Codecs.decode(file, DecodeLimits.defaults());
        assertThat(img.width()).isEqualTo(info.width());
        assertThat(img.height()).isEqualTo(info.height());
        assertColourAt(img, topLeftAt, COLOURS[0]);
        assertColourAt(img, topRightAt, COLOURS[1]);
    }

    private static void assertColourAt(Image img, String corner, float[] rgb) {
        int x = corner.endsWith("L") ? 4 : img.width() - 5;
        int y = corner.startsWith("T") ? 4 : img.height() - 5;
        for (int c = 0; c < 3; c++) {
            assertThat(img.get(c, x, y)).as("channel %d at %s", c, corner).isCloseTo(rgb[c], org.assertj.core.data.Offset.offset(0.06f));
        }
    }

    private static Image quadrants(int w, int h) {
        Image img = Image.create(w, h, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float[] rgb = COLOURS[(y < h / 2 ? 0 : 2) + (x < w / 2 ? 0 : 1)];
                for (int c = 0; c < 3; c++) {
                    img.set(c, x, y, rgb[c]);
                }
            }
        }
        return img;
    }

    /** EXIF as stored: a big-endian TIFF structure with one IFD0 entry, Orientation (SHORT). */
    static byte[] exifTiff(int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8); // header, IFD0 at offset 8
        tiff.putShort((short) 1);                           // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);                                     // no next IFD
        return tiff.array();
    }

    /** Inserts an APP1 Exif segment (big-endian TIFF, one IFD0 entry: Orientation SHORT) right after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = exifTiff(orientation);
        byte[] exifHeader = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exifHeader.length + tiff.length;
        ByteBuffer seg = ByteBuffer.allocate(2 + length);
        seg.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(exifHeader).put(tiff);
        byte[] out = new byte[jpeg.length + seg.capacity()];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(seg.array(), 0, out, 2, seg.capacity());
        System.arraycopy(jpeg, 2, out, 2 + seg.capacity(), jpeg.length - 2);
        return out;
    }
}
