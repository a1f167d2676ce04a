package dev.atelier.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.imaging.metrics.Metrics;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

class CodecsRoundTripTest {
    private static final Image PHOTO = TestImages.photoLike(256, 192, 42);

    private static Image decode(byte[] data) {
        return Codecs.decode(data, DecodeLimits.defaults());
    }

    @Test
    void jpegRoundTripKeepsQualityAndHigherQualityIsCloser() {
        Image q90 = decode(Codecs.encode(PHOTO, ImageFormat.JPEG, 90));
        Image q30 = decode(Codecs.encode(PHOTO, ImageFormat.JPEG, 30));
        assertThat(q90.channels()).isEqualTo(3);
        assertThat(Metrics.psnr(PHOTO, q90)).isGreaterThan(36);
        assertThat(Metrics.psnr(PHOTO, q30)).isGreaterThan(28).isLessThan(Metrics.psnr(PHOTO, q90));
    }

    @Test
    void jpegOfTransparentImageIsFlattenedOverWhite() {
        Image rgba = Image.create(32, 32, 4); // black, fully transparent
        Image back = decode(Codecs.encode(rgba, ImageFormat.JPEG, 95));
        assertThat(back.channels()).isEqualTo(3);
        assertThat(back.get(0, 16, 16)).isGreaterThan(0.97f);
    }

    @Test
    void pngRoundTripIsExactAt8BitsWithAlphaAndGrey() {
        Image rgba = TestImages.withRadialAlpha(PHOTO);
        Image back = decode(Codecs.encode(rgba, ImageFormat.PNG, 100));
        assertThat(back.channels()).isEqualTo(4);
        assertThat(TestImages.maxDifference(rgba, back)).isLessThanOrEqualTo(0.5f / 255 + 1e-6f);

        Image grey = Image.wrap(PHOTO.width(), PHOTO.height(), PHOTO.plane(1).clone());
        Image greyBack = decode(Codecs.encode(grey, ImageFormat.PNG, 100));
        assertThat(greyBack.channels()).isEqualTo(1);
        assertThat(TestImages.maxDifference(grey, greyBack)).isLessThanOrEqualTo(0.5f / 255 + 1e-6f);
    }

    @Test
    void png16BitKeepsPrecisionBeyond8Bits() {
        int w = 64;
        int h = 8;
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = bi.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, 30000 + x); // steps of 1/65535: invisible at 8 bits
            }
        }
        Image img = decode(TestImages.imageIo(bi, "png"));
        assertThat(img.channels()).isEqualTo(1);
        assertThat(img.get(0, 1, 0) - img.get(0, 0, 0)).isCloseTo(1f / 65535, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(img.get(0, 63, 3)).isCloseTo((30000 + 63) / 65535f, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void palettePngWithTransparentEntryDecodesToRgba() {
        byte[] red = {(byte) 255, 0, 0, 0};
        byte[] green = {0, (byte) 255, 0, 0};
        byte[] blue = {0, 0, (byte) 255, 0};
        byte[] alpha = {(byte) 255, (byte) 255, (byte) 255, 0};
        IndexColorModel palette = new IndexColorModel(2, 4, red, green, blue, alpha);
        BufferedImage bi = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_BINARY, palette);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                bi.getRaster().setSample(x, y, 0, (x / 4) % 4);
            }
        }
        Image img = decode(TestImages.imageIo(bi, "png"));
        assertThat(img.channels()).isEqualTo(4);
        assertThat(img.get(0, 0, 0)).isEqualTo(1f);   // red
        assertThat(img.get(1, 5, 0)).isEqualTo(1f);   // green
        assertThat(img.get(2, 9, 0)).isEqualTo(1f);   // blue
        assertThat(img.get(3, 13, 0)).isEqualTo(0f);  // transparent
        assertThat(img.get(3, 0, 0)).isEqualTo(1f);
    }

    @Test
    void iccProfileIsConvertedToSrgb() {
        // Linear-light RGB with its ICC profile: stored 0.2 means linear 0.2, i.e. sRGB-encoded ≈ 0.484.
        ColorSpace linear = ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB);
        ComponentColorModel cm = new ComponentColorModel(linear, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(8, 8);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                raster.setPixel(x, y, new int[] {51, 51, 51});
            }
        }
        byte[] png = TestImages.withIccProfile(TestImages.imageIo(new BufferedImage(cm, raster, false, null), "png"),
                java.awt.color.ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData());
        Image img = decode(png);
        BufferedImage plain = new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                plain.getRaster().setPixel(x, y, new int[] {51, 51, 51});
            }
        }
        byte[] jpeg = TestImages.withJpegIccProfile(TestImages.imageIo(plain, "jpeg"),
                java.awt.color.ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData());
        assertThat(decode(jpeg).get(1, 4, 4))
                .isCloseTo((float) Srgb.toEncodedExact(0.2), org.assertj.core.data.Offset.offset(0.02f));
        assertThat(img.get(1, 4, 4)).isCloseTo((float) Srgb.toEncodedExact(0.2), org.assertj.core.data.Offset.offset(0.02f));
    }

    @Test
    void bmpTiffAndGifDecode() {
        BufferedImage rgb = TestImages.toBufferedImage(PHOTO);
        assertThat(Metrics.psnr(PHOTO, decode(TestImages.imageIo(rgb, "bmp")))).isGreaterThan(50);
        assertThat(Metrics.psnr(PHOTO, decode(TestImages.imageIo(rgb, "tiff")))).isGreaterThan(50);

        // GIF holds 256 colours: use a picture that fits, so the round trip is exact.
        Image blocks = Image.create(40, 30, 3);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                blocks.set(0, x, y, (x / 10) / 3f);
                blocks.set(1, x, y, (y / 10) / 2f);
                blocks.set(2, x, y, 0.4f);
            }
        }
        byte[] gif = TestImages.imageIo(TestImages.toBufferedImage(blocks), "gif");
        assertThat(Codecs.probe(gif)).isEqualTo(new ImageInfo(ImageFormat.GIF, 40, 30, false));
        assertThat(Metrics.psnr(blocks, decode(gif))).isGreaterThan(40);
    }

    @Test
    void webpLossyLosslessAndAlphaRoundTrip() {
        NeedsNative.webp();
        Image lossy = decode(Codecs.encode(PHOTO, ImageFormat.WEBP, 90));
        assertThat(Metrics.psnr(PHOTO, lossy)).isGreaterThan(34);

        Image exact = decode(Codecs.encodeLossless(PHOTO, ImageFormat.WEBP));
        assertThat(TestImages.maxDifference(PHOTO, exact)).isLessThanOrEqualTo(0.5f / 255 + 1e-6f);

        Image rgba = TestImages.withRadialAlpha(PHOTO);
        byte[] webp = Codecs.encode(rgba, ImageFormat.WEBP, 90);
        assertThat(Codecs.probe(webp)).isEqualTo(new ImageInfo(ImageFormat.WEBP, 256, 192, true));
        Image back = decode(webp);
        assertThat(back.channels()).isEqualTo(4);
        Image alphaIn = Image.wrap(256, 192, rgba.plane(3));
        Image alphaOut = Image.wrap(256, 192, back.plane(3));
        assertThat(Metrics.psnr(alphaIn, alphaOut)).isGreaterThan(45);
    }

    @Test
    void probeReadsHeaderOnly() {
        byte[] jpeg = Codecs.encode(PHOTO, ImageFormat.JPEG, 80);
        assertThat(Codecs.probe(jpeg)).isEqualTo(new ImageInfo(ImageFormat.JPEG, 256, 192, false));
        byte[] png = Codecs.encode(TestImages.withRadialAlpha(PHOTO), ImageFormat.PNG, 100);
        assertThat(Codecs.probe(png)).isEqualTo(new ImageInfo(ImageFormat.PNG, 256, 192, true));
    }

    @Test
    void decodeOnlyFormatsCannotBeEncoded() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Codecs.encode(PHOTO, ImageFormat.GIF, 90))
                .isInstanceOfSatisfying(ImagingException.class,
                        e -> assertThat(e.error()).isEqualTo(ImagingError.UNSUPPORTED_FORMAT));
    }

    /** Adobe CMYK JPEG (APP14 transform 0, inverted samples as Photoshop writes them) decodes to sRGB. */
    @Test
    void cmykJpegDecodesToRgb() throws Exception {
        WritableRaster cmyk = java.awt.image.Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                // Left: full cyan ink (stored 0 = full ink), no other ink. Right: no ink at all (paper white).
                cmyk.setPixel(x, y, x < 16 ? new int[] {0, 255, 255, 255} : new int[] {255, 255, 255, 255});
            }
        }
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var out = new javax.imageio.stream.MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(cmyk, null, null), null);
        }
        byte[] raw = bytes.toByteArray();
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] jpeg = new byte[raw.length + adobe.length];
        System.arraycopy(raw, 0, jpeg, 0, 2);
        System.arraycopy(adobe, 0, jpeg, 2, adobe.length);
        System.arraycopy(raw, 2, jpeg, 2 + adobe.length, raw.length - 2);

        Image img = decode(jpeg);
        assertThat(img.channels()).isEqualTo(3);
        // Cyan: little red, much green and blue.
        assertThat(img.get(0, 4, 8)).isLessThan(0.35f);
        assertThat(img.get(1, 4, 8)).isGreaterThan(0.5f);
        assertThat(img.get(2, 4, 8)).isGreaterThan(0.7f);
        // Paper white.
        for (int c = 0; c < 3; c++) {
            assertThat(img.get(c, 28, 8)).isGreaterThan(0.9f);
        }
    }
}
