package dev.atelier.imaging;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * WebP encoding through libwebp's "simple" API ({@code WebPEncodeRGB[A]}, {@code WebPEncodeLosslessRGB[A]}), called
 * with the FFM API. Each call hands libwebp an interleaved 8-bit buffer and copies the result out before
 * {@code WebPFree}.
 */
final class WebpEncoder {
    static final String SONAME = "libwebp.so.7";
    static final String PACKAGE = "libwebp7";
    /** WebP's format limit on either side. */
    static final int MAX_DIMENSION = 16383;

    private static volatile WebpEncoder shared;

    private final MethodHandle encodeRgb;
    private final MethodHandle encodeRgba;
    private final MethodHandle losslessRgb;
    private final MethodHandle losslessRgba;
    private final MethodHandle free;

    WebpEncoder(String soname) {
        NativeLibrary lib = NativeLibrary.open(soname, PACKAGE);
        FunctionDescriptor lossy = FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT, ADDRESS);
        FunctionDescriptor lossless = FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
        encodeRgb = lib.function("WebPEncodeRGB", lossy);
        encodeRgba = lib.function("WebPEncodeRGBA", lossy);
        losslessRgb = lib.function("WebPEncodeLosslessRGB", lossless);
        losslessRgba = lib.function("WebPEncodeLosslessRGBA", lossless);
        free = lib.function("WebPFree", FunctionDescriptor.ofVoid(ADDRESS));
    }

    /** The process-wide encoder over Debian's libwebp; loading is retried on each call until it succeeds. */
    static WebpEncoder shared() {
        WebpEncoder e = shared;
        if (e == null) {
            synchronized (WebpEncoder.class) {
                if (shared == null) {
                    shared = new WebpEncoder(SONAME);
                }
                e = shared;
            }
        }
        return e;
    }

    /** Encodes; {@code quality} 1..100 for lossy, ignored when {@code lossless}. Grey input is widened to RGB. */
    byte[] encode(Image image, int quality, boolean lossless) {
        if (image.width() > MAX_DIMENSION || image.height() > MAX_DIMENSION) {
            throw new ImagingException(ImagingError.ENCODE_FAILED, "WebP cannot hold " + image.width() + "x"
                    + image.height() + ": each side must be at most " + MAX_DIMENSION);
        }
        int channels = image.hasAlpha() ? 4 : 3;
        int w = image.width();
        int h = image.height();
        byte[] interleaved = interleave(image, channels);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pixels = arena.allocate(interleaved.length);
            MemorySegment.copy(interleaved, 0, pixels, JAVA_BYTE, 0, interleaved.length);
            MemorySegment outPointer = arena.allocate(ADDRESS);
            int stride = w * channels;
            long size;
            if (lossless) {
                size = (long) (channels == 4 ? losslessRgba : losslessRgb).invokeExact(pixels, w, h, stride, outPointer);
            } else {
                size = (long) (channels == 4 ? encodeRgba : encodeRgb)
                        .invokeExact(pixels, w, h, stride, (float) quality, outPointer);
            }
            MemorySegment out = outPointer.get(ADDRESS, 0);
            try {
                if (size == 0 || out.equals(MemorySegment.NULL)) {
                    throw new ImagingException(ImagingError.ENCODE_FAILED, "libwebp failed to encode " + w + "x" + h);
                }
                return out.reinterpret(size).toArray(JAVA_BYTE);
            } finally {
                if (!out.equals(MemorySegment.NULL)) {
                    free.invokeExact(out);
                }
            }
        } catch (ImagingException e) {
            throw e;
        } catch (Throwable t) {
            throw new ImagingException(ImagingError.ENCODE_FAILED, "libwebp call failed: " + t, t);
        }
    }

    private static byte[] interleave(Image image, int channels) {
        int n = image.width() * image.height();
        byte[] out = new byte[n * channels];
        for (int c = 0; c < channels; c++) {
            float[] p = image.plane(image.channels() == 1 ? 0 : c);
            for (int i = 0, j = c; i < n; i++, j += channels) {
                out[j] = (byte) BufferedImages.to8(p[i]);
            }
        }
        return out;
    }
}
