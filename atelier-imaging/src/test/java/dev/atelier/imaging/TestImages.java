package dev.atelier.imaging;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Synthetic pictures and file builders shared by the imaging tests. */
public final class TestImages {
    private TestImages() {}

    /**
     * A photo-like RGB picture: smooth colour gradients, a few soft discs and a low-amplitude texture, so lossy
     * codecs behave as on photographs (no flat cartoon areas, no white noise).
     */
    public static Image photoLike(int w, int h, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Image img = Image.create(w, h, 3);
        double[][] discs = new double[6][];
        for (int i = 0; i < discs.length; i++) {
            discs[i] = new double[] {rnd.nextDouble() * w, rnd.nextDouble() * h, (0.1 + 0.2 * rnd.nextDouble()) * Math.min(w, h),
                rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = x / (double) w;
                double v = y / (double) h;
                double[] rgb = {0.2 + 0.5 * u, 0.3 + 0.4 * v, 0.6 - 0.3 * u * v};
                for (double[] d : discs) {
                    double dist = Math.hypot(x - d[0], y - d[1]) / d[2];
                    double weight = 1 / (1 + Math.exp((dist - 1) * 8));
                    for (int c = 0; c < 3; c++) {
                        rgb[c] = rgb[c] * (1 - weight * 0.7) + d[3 + c] * weight * 0.7;
                    }
                }
                double texture = 0.03 * Math.sin(x * 0.7) * Math.sin(y * 0.5);
                for (int c = 0; c < 3; c++) {
                    img.set(c, x, y, (float) Math.clamp(rgb[c] + texture, 0, 1));
                }
            }
        }
        return img;
    }

    /** {@code img} with a radial alpha ramp (opaque centre, transparent corners). */
    public static Image withRadialAlpha(Image img) {
        int w = img.width();
        int h = img.height();
        float[] a = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d = Math.hypot((x - w / 2.0) / (w / 2.0), (y - h / 2.0) / (h / 2.0));
                a[y * w + x] = (float) Math.clamp(1.3 - d, 0, 1);
            }
        }
        return img.withoutAlpha().withAlpha(a);
    }

    /** Encodes a BufferedImage with the JDK/TwelveMonkeys writer for {@code formatName}. */
    public static byte[] imageIo(BufferedImage bi, String formatName) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(bi, formatName, out)) {
                throw new IllegalStateException("no writer for " + formatName + " / " + bi.getType());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An 8-bit BufferedImage of {@code img} (package helper re-exported for tests). */
    public static BufferedImage toBufferedImage(Image img) {
        return BufferedImages.toBufferedImage(img);
    }

    /** Max absolute difference over all channels. */
    public static float maxDifference(Image a, Image b) {
        float max = 0;
        for (int c = 0; c < a.channels(); c++) {
            float[] pa = a.plane(c);
            float[] pb = b.plane(c);
            for (int i = 0; i < pa.length; i++) {
                max = Math.max(max, Math.abs(pa[i] - pb[i]));
            }
        }
        return max;
    }

    /** {@code png} with an iCCP chunk holding {@code profile} inserted after IHDR. */
    public static byte[] withIccProfile(byte[] png, byte[] profile) {
        java.io.ByteArrayOutputStream deflated = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(deflated)) {
            z.write(profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] name = "profile".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] body = new byte[name.length + 2 + deflated.size()];
        System.arraycopy(name, 0, body, 0, name.length);
        System.arraycopy(deflated.toByteArray(), 0, body, name.length + 2, deflated.size());
        return insertChunk(png, 33, "iCCP", body);
    }

    /** {@code png} with a chunk (length, type, data, CRC) inserted at byte {@code at}. */
    public static byte[] insertChunk(byte[] png, int at, String type, byte[] data) {
        java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        chunk.put(t).put(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(t);
        crc.update(data);
        chunk.putInt((int) crc.getValue());
        byte[] out = new byte[png.length + chunk.capacity()];
        System.arraycopy(png, 0, out, 0, at);
        System.arraycopy(chunk.array(), 0, out, at, chunk.capacity());
        System.arraycopy(png, at, out, at + chunk.capacity(), png.length - at);
        return out;
    }

    /** {@code jpeg} with an APP2 ICC_PROFILE segment (single part) inserted after SOI. */
    public static byte[] withJpegIccProfile(byte[] jpeg, byte[] profile) {
        return withJpegIccPart(jpeg, profile, 1, 1);
    }

    /** {@code jpeg} with one APP2 ICC_PROFILE part ({@code sequence} of {@code count}) inserted after SOI. */
    public static byte[] withJpegIccPart(byte[] jpeg, byte[] part, int sequence, int count) {
        byte[] tag = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int length = 2 + tag.length + 2 + part.length;
        java.nio.ByteBuffer seg = java.nio.ByteBuffer.allocate(2 + length);
        seg.put((byte) 0xFF).put((byte) 0xE2).putShort((short) length).put(tag).put((byte) sequence)
                .put((byte) count).put(part);
        byte[] out = new byte[jpeg.length + seg.capacity()];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(seg.array(), 0, out, 2, seg.capacity());
        System.arraycopy(jpeg, 2, out, 2 + seg.capacity(), jpeg.length - 2);
        return out;
    }
}
