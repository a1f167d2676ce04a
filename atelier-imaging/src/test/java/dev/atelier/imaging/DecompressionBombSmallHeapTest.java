package dev.atelier.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

/** Runs with -Xmx64m (see the module's surefire "small-heap" execution): any pixel allocation would fail. */
class DecompressionBombSmallHeapTest {

    @org.junit.jupiter.api.BeforeAll
    static void onlyInTheSmallHeapExecution() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("atelier.smallHeap"),
                "runs in the surefire 'small-heap' execution (-Xmx64m), not in the default JVM");
    }

    @Test
    void runsWithASmallHeap() {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThan(100L << 20);
    }

    @Test
    void png50000By50000IsRefusedFromTheHeader() throws Exception {
        byte[] bomb = pngBomb(50_000, 50_000);
        assertThat(Codecs.probe(bomb)).isEqualTo(new ImageInfo(ImageFormat.PNG, 50_000, 50_000, false));
        assertThatThrownBy(() -> Codecs.decode(bomb, DecodeLimits.defaults()))
                .isInstanceOfSatisfying(ImagingException.class,
                        e -> assertThat(e.error()).isEqualTo(ImagingError.TOO_MANY_PIXELS))
                .hasMessageContaining("50000x50000");
    }

    @Test
    void jpegWithHugeFrameHeaderIsRefusedFromTheHeader() {
        byte[] jpeg = Codecs.encode(TestImages.photoLike(64, 48, 3), ImageFormat.JPEG, 80);
        // Patch the SOF0 frame size to 60000 x 60000.
        for (int i = 2; i + 9 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                ByteBuffer.wrap(jpeg, i + 5, 4).putShort((short) 60000).putShort((short) 60000);
                break;
            }
        }
        assertThatThrownBy(() -> Codecs.decode(jpeg, DecodeLimits.defaults()))
                .isInstanceOfSatisfying(ImagingException.class,
                        e -> assertThat(e.error()).isEqualTo(ImagingError.TOO_MANY_PIXELS));
    }

    /** A valid PNG of the given size whose IDAT holds the first rows of zeros (a few KiB on disk). */
    static byte[] pngBomb(int width, int height) throws Exception {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat)) {
            byte[] row = new byte[1 + width * 3];
            for (int y = 0; y < 64; y++) {
                z.write(row);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", ihdr.array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
