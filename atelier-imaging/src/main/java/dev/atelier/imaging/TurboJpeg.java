package dev.atelier.imaging;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JPEG decoding and encoding through Debian's libjpeg-turbo TurboJPEG API ({@code libturbojpeg.so.0}, package
 * {@code libturbojpeg0}) with the FFM API: the 2.x calls {@code tjDecompressHeader3}, {@code tjDecompress2} and
 * {@code tjCompress2}, which Debian 12's 2.1 and later versions all export.
 *
 * <p>Why: the SIMD decoder and encoder are faster than ImageIO's, and {@code tjDecompress2} can decode at 1/2 or 1/4
 * scale (1/8 too, unused: see {@link Codecs#shrinkOnLoad}) in the DCT domain (only the low-frequency coefficients of each 8×8 block are inverse
 * transformed), so a thumbnail of a 12 MP photo never materialises 12 MP ("shrink-on-load", as libvips does).
 *
 * <p>What stays with ImageIO: CMYK and YCCK files (their Adobe inversion and ink profiles are TwelveMonkeys' job),
 * and any file libjpeg-turbo refuses outright (e.g. 12-bit samples). Handles are not thread-safe, so each call makes
 * its own (a few microseconds next to any decode).
 */
final class TurboJpeg {
    static final String SONAME = "libturbojpeg.so.0";
    static final String PACKAGE = "libturbojpeg0";

    private static final Logger LOG = LoggerFactory.getLogger(TurboJpeg.class);

    // From turbojpeg.h (stable since 1.4).
    private static final int TJPF_RGB = 0;
    private static final int TJPF_GRAY = 6;
    private static final int TJSAMP_420 = 2;
    private static final int TJSAMP_GRAY = 3;
    private static final int TJCS_GRAY = 2;
    private static final int TJCS_CMYK = 3;
    private static final int TJCS_YCCK = 4;
    private static final int TJERR_WARNING = 0;
    /** Rows converted per chunk between the native buffer and the float planes. */
    private static final int CHUNK_ROWS = 64;

    private final MethodHandle initDecompress;
    private final MethodHandle initCompress;
    private final MethodHandle destroy;
    private final MethodHandle decompressHeader;
    private final MethodHandle decompress;
    private final MethodHandle compress;
    private final MethodHandle free;
    private final MethodHandle errorString;
    private final MethodHandle errorCode;

    TurboJpeg(String soname) {
        NativeLibrary lib = NativeLibrary.open(soname, PACKAGE);
        initDecompress = lib.function("tjInitDecompress", FunctionDescriptor.of(ADDRESS));
        initCompress = lib.function("tjInitCompress", FunctionDescriptor.of(ADDRESS));
        destroy = lib.function("tjDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        decompressHeader = lib.function("tjDecompressHeader3",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        decompress = lib.function("tjDecompress2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        compress = lib.function("tjCompress2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
        free = lib.function("tjFree", FunctionDescriptor.ofVoid(ADDRESS));
        errorString = lib.function("tjGetErrorStr2", FunctionDescriptor.of(ADDRESS, ADDRESS));
        errorCode = lib.function("tjGetErrorCode", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    private static final class Holder {
        static final Optional<TurboJpeg> SHARED = load();

        private static Optional<TurboJpeg> load() {
            try {
                return Optional.of(new TurboJpeg(SONAME));
            } catch (ImagingException e) {
                LOG.warn("JPEG through ImageIO: no shrink-on-load, slower decode and encode ({})", e.getMessage());
                return Optional.empty();
            }
        }
    }

    /** The process-wide binding, or empty (logged once) when libturbojpeg0 is not installed. */
    static Optional<TurboJpeg> shared() {
        return Holder.SHARED;
    }

    /** The stored (not EXIF-rotated) size and the JPEG colour space. */
    record Header(int width, int height, int colorspace) {
        /** CMYK and YCCK are left to ImageIO (see the class comment). */
        boolean decodable() {
            return colorspace != TJCS_CMYK && colorspace != TJCS_YCCK;
        }

        boolean grey() {
            return colorspace == TJCS_GRAY;
        }
    }

    /** The header, or empty when libjpeg-turbo cannot parse it (ImageIO gets the file and reports the damage). */
    Optional<Header> header(byte[] jpeg) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handle = (MemorySegment) initDecompress.invokeExact();
            try {
                MemorySegment src = arena.allocateFrom(JAVA_BYTE, jpeg);
                MemorySegment ints = arena.allocate(JAVA_INT, 4);
                int rc = (int) decompressHeader.invokeExact(handle, src, (long) jpeg.length, ints,
                        ints.asSlice(4), ints.asSlice(8), ints.asSlice(12));
                if (rc != 0) {
                    return Optional.empty();
                }
                return Optional.of(new Header(ints.getAtIndex(JAVA_INT, 0), ints.getAtIndex(JAVA_INT, 1),
                        ints.getAtIndex(JAVA_INT, 3)));
            } finally {
                int ignored = (int) destroy.invokeExact(handle);
            }
        } catch (Throwable t) {
            throw failure("libturbojpeg header call failed", t);
        }
    }

    /**
     * Decodes at 1/{@code denominator} scale ({@code 1, 2, 4} or {@code 8}): size {@code ceil(width / denominator)} ×
     * {@code ceil(height / denominator)}, grey (1 channel) or RGB. Returns empty when libjpeg-turbo refuses the file
     * (a fatal error), so that the caller can hand it to ImageIO; a truncated stream is {@code CORRUPT}.
     */
    Optional<Image> decode(byte[] jpeg, Header header, int denominator) {
        int w = (header.width() + denominator - 1) / denominator;
        int h = (header.height() + denominator - 1) / denominator;
        int channels = header.grey() ? 1 : 3;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handle = (MemorySegment) initDecompress.invokeExact();
            try {
                MemorySegment src = arena.allocateFrom(JAVA_BYTE, jpeg);
                MemorySegment dst = arena.allocate((long) w * h * channels);
                int rc = (int) decompress.invokeExact(handle, src, (long) jpeg.length, dst, w, w * channels, h,
                        channels == 1 ? TJPF_GRAY : TJPF_RGB, 0);
                if (rc != 0) {
                    String message = message(handle);
                    if ((int) errorCode.invokeExact(handle) != TJERR_WARNING) {
                        LOG.debug("libjpeg-turbo refused a JPEG ({}); trying ImageIO", message);
                        return Optional.empty();
                    }
                    // Warnings (e.g. extraneous bytes before a marker) leave a complete picture, except truncation,
                    // which libjpeg pads with grey.
                    String lower = message.toLowerCase(Locale.ROOT);
                    if (lower.contains("premature end") || lower.contains("truncat")) {
                        throw new ImagingException(ImagingError.CORRUPT, "JPEG is truncated: " + message);
                    }
                }
                return Optional.of(toPlanes(dst, w, h, channels));
            } finally {
                int ignored = (int) destroy.invokeExact(handle);
            }
        } catch (ImagingException e) {
            throw e;
        } catch (Throwable t) {
            throw failure("libturbojpeg decode call failed", t);
        }
    }

    /** Baseline JPEG at {@code quality} 1..100, 4:2:0 chroma subsampling (as ImageIO and most cameras write). */
    byte[] encode(Image image, int quality) {
        int w = image.width();
        int h = image.height();
        int channels = image.channels() == 1 ? 1 : 3;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pixels = interleave(arena, image, channels);
            MemorySegment outPointer = arena.allocate(ADDRESS);
            outPointer.set(ADDRESS, 0, MemorySegment.NULL);
            MemorySegment outSize = arena.allocate(JAVA_LONG);
            MemorySegment handle = (MemorySegment) initCompress.invokeExact();
            MemorySegment out = MemorySegment.NULL;
            try {
                int rc = (int) compress.invokeExact(handle, pixels, w, w * channels, h,
                        channels == 1 ? TJPF_GRAY : TJPF_RGB, outPointer, outSize,
                        channels == 1 ? TJSAMP_GRAY : TJSAMP_420, quality, 0);
                out = outPointer.get(ADDRESS, 0);
                if (rc != 0) {
                    throw new ImagingException(ImagingError.ENCODE_FAILED,
                            "libjpeg-turbo failed to encode " + w + "x" + h + ": " + message(handle));
                }
                long size = outSize.get(JAVA_LONG, 0);
                return out.reinterpret(size).toArray(JAVA_BYTE);
            } finally {
                if (!out.equals(MemorySegment.NULL)) {
                    free.invokeExact(out);
                }
                int ignored = (int) destroy.invokeExact(handle);
            }
        } catch (ImagingException e) {
            throw e;
        } catch (Throwable t) {
            throw new ImagingException(ImagingError.ENCODE_FAILED, "libturbojpeg encode call failed: " + t, t);
        }
    }

    private String message(MemorySegment handle) throws Throwable {
        MemorySegment s = (MemorySegment) errorString.invokeExact(handle);
        return s.equals(MemorySegment.NULL) ? "unknown error" : s.reinterpret(1024).getString(0);
    }

    private static ImagingException failure(String what, Throwable t) {
        return new ImagingException(ImagingError.CORRUPT, what + ": " + t, t);
    }

    /** Interleaved 8-bit samples → float planes, a chunk of rows at a time (no second full-size byte copy). */
    private static Image toPlanes(MemorySegment src, int w, int h, int channels) {
        Image img = Image.create(w, h, channels);
        int rowBytes = w * channels;
        byte[] chunk = new byte[Math.min(h, CHUNK_ROWS) * rowBytes];
        float[] scale = BYTE_TO_FLOAT;
        for (int y0 = 0; y0 < h; y0 += CHUNK_ROWS) {
            int rows = Math.min(CHUNK_ROWS, h - y0);
            MemorySegment.copy(src, JAVA_BYTE, (long) y0 * rowBytes, chunk, 0, rows * rowBytes);
            int base = y0 * w;
            int n = rows * w;
            if (channels == 1) {
                float[] p = img.plane(0);
                for (int i = 0; i < n; i++) {
                    p[base + i] = scale[chunk[i] & 0xFF];
                }
            } else {
                float[] r = img.plane(0);
                float[] g = img.plane(1);
                float[] b = img.plane(2);
                for (int i = 0, j = 0; i < n; i++, j += 3) {
                    r[base + i] = scale[chunk[j] & 0xFF];
                    g[base + i] = scale[chunk[j + 1] & 0xFF];
                    b[base + i] = scale[chunk[j + 2] & 0xFF];
                }
            }
        }
        return img;
    }

    private static MemorySegment interleave(Arena arena, Image image, int channels) {
        int w = image.width();
        int h = image.height();
        int rowBytes = w * channels;
        MemorySegment dst = arena.allocate((long) rowBytes * h);
        byte[] chunk = new byte[Math.min(h, CHUNK_ROWS) * rowBytes];
        for (int y0 = 0; y0 < h; y0 += CHUNK_ROWS) {
            int rows = Math.min(CHUNK_ROWS, h - y0);
            int base = y0 * w;
            int n = rows * w;
            for (int c = 0; c < channels; c++) {
                float[] p = image.plane(c);
                for (int i = 0, j = c; i < n; i++, j += channels) {
                    chunk[j] = (byte) BufferedImages.to8(p[base + i]);
                }
            }
            MemorySegment.copy(chunk, 0, dst, JAVA_BYTE, (long) y0 * rowBytes, rows * rowBytes);
        }
        return dst;
    }

    private static final float[] BYTE_TO_FLOAT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            BYTE_TO_FLOAT[i] = i / 255f;
        }
    }
}
