package dev.atelier.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[32];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] ascii(String s) {
        byte[] b = new byte[32];
        byte[] a = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(a, 0, b, 0, a.length);
        return b;
    }

    @Test
    void recognisesEachFormatFromItsMagicBytes() {
        assertThat(ImageFormat.sniff(bytes(0xFF, 0xD8, 0xFF, 0xE0))).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.sniff(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A))).contains(ImageFormat.PNG);
        assertThat(ImageFormat.sniff(ascii("GIF89a"))).contains(ImageFormat.GIF);
        assertThat(ImageFormat.sniff(ascii("GIF87a"))).contains(ImageFormat.GIF);
        assertThat(ImageFormat.sniff(ascii("RIFF\0\0\0\0WEBPVP8 "))).contains(ImageFormat.WEBP);
        assertThat(ImageFormat.sniff(bytes('I', 'I', 42, 0))).contains(ImageFormat.TIFF);
        assertThat(ImageFormat.sniff(bytes('M', 'M', 0, 42))).contains(ImageFormat.TIFF);
        assertThat(ImageFormat.sniff(bytes('B', 'M', 0, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0))).contains(ImageFormat.BMP);
        assertThat(ImageFormat.sniff(ascii("\0\0\0\u0018ftypheic\0\0\0\0mif1heic"))).contains(ImageFormat.HEIC);
        assertThat(ImageFormat.sniff(ascii("\0\0\0\u001cftypavif\0\0\0\0avifmif1miaf"))).contains(ImageFormat.AVIF);
        assertThat(ImageFormat.sniff(ascii("\0\0\0\u0018ftypmif1\0\0\0\0mif1avif"))).contains(ImageFormat.AVIF);
    }

    @Test
    void rejectsTextEmptyAndVideoContainers() {
        assertThat(ImageFormat.sniff(new byte[0])).isEmpty();
        assertThat(ImageFormat.sniff(ascii("hello, this is not a picture"))).isEmpty();
        assertThat(ImageFormat.sniff(ascii("BMW is a car brand, not a bitmap"))).isEmpty();
        assertThat(ImageFormat.sniff(ascii("\0\0\0\u0018ftypisom\0\0\0\0isomavc1"))).isEmpty();
    }

    @Test
    void namesExtensionAndMediaType() {
        assertThat(ImageFormat.JPEG.extension()).isEqualTo("jpg");
        assertThat(ImageFormat.JPEG.mimeType()).isEqualTo("image/jpeg");
        assertThat(ImageFormat.WEBP.extension()).isEqualTo("webp");
        assertThat(ImageFormat.HEIC.mimeType()).isEqualTo("image/heic");
        assertThat(ImageFormat.AVIF.mimeType()).isEqualTo("image/avif");
    }
}
