package dev.atelier.imaging;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;

/**
 * HEIC and AVIF decoding through Debian's libheif ({@code libheif.so.1}) with the FFM API.
 *
 * <p>Flow: a libheif context parses the container from memory (no pixel decoding), the primary image handle gives
 * the displayed size (libheif already accounts for the irot/imir/clap transforms, which for HEIF take the place of
 * EXIF orientation), and only then, once the caller has checked that size, {@code heif_decode_image} produces
 * interleaved RGB(A), 8-bit or 16-bit little-endian for deeper sources. An embedded ICC profile is returned for the
 * caller to convert; nclx colour descriptions are applied by libheif's YCbCr→RGB conversion only (primaries are not
 * converted).
 */
final class HeifDecoder {
    static final String SONAME = "libheif.so.1";
    static final String PACKAGE = "libheif1";

    private static final int COLORSPACE_RGB = 1;
    private static final int CHROMA_RGB = 10;
    private static final int CHROMA_RGBA = 11;
    private static final int CHROMA_RRGGBB_LE = 14;
    private static final int CHROMA_RRGGBBAA_LE = 15;
    private static final int CHANNEL_INTERLEAVED = 10;
    private static final int PROFILE_RICC = fourcc("rICC");
    private static final int PROFILE_PROF = fourcc("prof");

    /** {@code struct heif_error}: returned by value from most calls; code 0 means success. */
    static final StructLayout ERROR = MemoryLayout.structLayout(JAVA_INT.withName("code"), JAVA_INT.withName("subcode"),
            ADDRESS.withName("message"));

    private static volatile HeifDecoder shared;

    private final MethodHandle contextAlloc;
    private final MethodHandle contextFree;
    private final MethodHandle readFromMemory;
    private final MethodHandle primaryHandle;
    private final MethodHandle handleWidth;
    private final MethodHandle handleHeight;
    private final MethodHandle handleHasAlpha;
    private final MethodHandle handleLumaBits;
    private final MethodHandle handleProfileType;
    private final MethodHandle handleProfileSize;
    private final MethodHandle handleProfile;
    private final MethodHandle handleRelease;
    private final MethodHandle decodeImage;
    private final MethodHandle imagePlane;
    private final MethodHandle imageBitsRange;
    private final MethodHandle imageRelease;

    HeifDecoder(String soname) {
        NativeLibrary lib = NativeLibrary.open(soname, PACKAGE);
        MethodHandle init = lib.function("heif_init", FunctionDescriptor.of(ERROR, ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            check((MemorySegment) init.invokeExact((SegmentAllocator) arena, MemorySegment.NULL), "heif_init",
                    ImagingError.NATIVE_LIBRARY_MISSING);
        } catch (ImagingException e) {
            throw e;
        } catch (Throwable t) {
            throw new ImagingException(ImagingError.NATIVE_LIBRARY_MISSING, "libheif failed to initialise: " + t, t);
        }
        contextAlloc = lib.function("heif_context_alloc", FunctionDescriptor.of(ADDRESS));
        contextFree = lib.function("heif_context_free", FunctionDescriptor.ofVoid(ADDRESS));
        readFromMemory = lib.function("heif_context_read_from_memory_without_copy",
                FunctionDescriptor.of(ERROR, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        primaryHandle = lib.function("heif_context_get_primary_image_handle", FunctionDescriptor.of(ERROR, ADDRESS, ADDRESS));
        handleWidth = lib.function("heif_image_handle_get_width", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        handleHeight = lib.function("heif_image_handle_get_height", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        handleHasAlpha = lib.function("heif_image_handle_has_alpha_channel", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        handleLumaBits = lib.function("heif_image_handle_get_luma_bits_per_pixel", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        handleProfileType = lib.function("heif_image_handle_get_color_profile_type", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        handleProfileSize = lib.function("heif_image_handle_get_raw_color_profile_size", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        handleProfile = lib.function("heif_image_handle_get_raw_color_profile", FunctionDescriptor.of(ERROR, ADDRESS, ADDRESS));
        handleRelease = lib.function("heif_image_handle_release", FunctionDescriptor.ofVoid(ADDRESS));
        decodeImage = lib.function("heif_decode_image",
                FunctionDescriptor.of(ERROR, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
        imagePlane = lib.function("heif_image_get_plane_readonly", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        imageBitsRange = lib.function("heif_image_get_bits_per_pixel_range", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        imageRelease = lib.function("heif_image_release", FunctionDescriptor.ofVoid(ADDRESS));
    }

    /** The process-wide decoder over Debian's libheif; loading is retried on each call until it succeeds. */
    static HeifDecoder shared() {
        HeifDecoder d = shared;
        if (d == null) {
            synchronized (HeifDecoder.class) {
                if (shared == null) {
                    shared = new HeifDecoder(SONAME);
                }
                d = shared;
            }
        }
        return d;
    }

    /** Displayed size and alpha of the primary image. */
    record Header(int width, int height, boolean hasAlpha) {}

    /** A decoded picture plus its embedded ICC profile (null when none). */
    record Decoded(Image image, byte[] iccProfile) {}

    /** Approves the displayed size before pixels are decoded; throws to stop the decode. */
    interface SizeCheck {
        void approve(Header header);
    }

    Header header(byte[] data, ImageFormat format) {
        return withPrimaryHandle(data, format, (arena, handle) -> header(handle));
    }

    Decoded decode(byte[] data, ImageFormat format, SizeCheck check) {
        return withPrimaryHandle(data, format, (arena, handle) -> {
            Header header = header(handle);
            check.approve(header);
            int bits = (int) handleLumaBits.invokeExact(handle);
            boolean deep = bits > 8;
            int chroma = header.hasAlpha() ? (deep ? CHROMA_RRGGBBAA_LE : CHROMA_RGBA) : (deep ? CHROMA_RRGGBB_LE : CHROMA_RGB);
            MemorySegment imageOut = arena.allocate(ADDRESS);
            check((MemorySegment) decodeImage.invokeExact((SegmentAllocator) arena, handle, imageOut, COLORSPACE_RGB,
                    chroma, MemorySegment.NULL), "decoding " + format, ImagingError.CORRUPT);
            MemorySegment image = imageOut.get(ADDRESS, 0);
            try {
                Image pixels = copyPixels(arena, image, header, deep);
                return new Decoded(pixels, profile(arena, handle));
            } finally {
                imageRelease.invokeExact(image);
            }
        });
    }

    private Header header(MemorySegment handle) throws Throwable {
        int w = (int) handleWidth.invokeExact(handle);
        int h = (int) handleHeight.invokeExact(handle);
        if (w <= 0 || h <= 0) {
            throw new ImagingException(ImagingError.CORRUPT, "HEIF primary image has size " + w + "x" + h);
        }
        return new Header(w, h, (int) handleHasAlpha.invokeExact(handle) != 0);
    }

    private Image copyPixels(Arena arena, MemorySegment image, Header header, boolean deep) throws Throwable {
        int w = header.width();
        int h = header.height();
        int channels = header.hasAlpha() ? 4 : 3;
        MemorySegment strideOut = arena.allocate(JAVA_INT);
        MemorySegment plane = (MemorySegment) imagePlane.invokeExact(image, CHANNEL_INTERLEAVED, strideOut);
        if (plane.equals(MemorySegment.NULL)) {
            throw new ImagingException(ImagingError.CORRUPT, "libheif returned no interleaved plane");
        }
        int stride = strideOut.get(JAVA_INT, 0);
        int bytesPerSample = deep ? 2 : 1;
        if (stride < w * channels * bytesPerSample) {
            throw new ImagingException(ImagingError.CORRUPT, "libheif returned stride " + stride + " for width " + w);
        }
        plane = plane.reinterpret((long) stride * h);
        Image out = Image.create(w, h, channels);
        float scale;
        if (deep) {
            int range = (int) imageBitsRange.invokeExact(image, CHANNEL_INTERLEAVED);
            scale = 1f / ((1 << Math.clamp(range, 9, 16)) - 1);
        } else {
            scale = 1f / 255;
        }
        byte[] row8 = deep ? null : new byte[w * channels];
        short[] row16 = deep ? new short[w * channels] : null;
        for (int y = 0; y < h; y++) {
            long offset = (long) y * stride;
            if (deep) {
                MemorySegment.copy(plane, JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), offset, row16, 0, row16.length);
            } else {
                MemorySegment.copy(plane, JAVA_BYTE, offset, row8, 0, row8.length);
            }
            for (int c = 0; c < channels; c++) {
                float[] p = out.plane(c);
                int base = y * w;
                for (int x = 0, i = c; x < w; x++, i += channels) {
                    int v = deep ? row16[i] & 0xFFFF : row8[i] & 0xFF;
                    p[base + x] = Math.min(1f, v * scale);
                }
            }
        }
        return out;
    }

    private byte[] profile(Arena arena, MemorySegment handle) throws Throwable {
        int type = (int) handleProfileType.invokeExact(handle);
        if (type != PROFILE_RICC && type != PROFILE_PROF) {
            return null;
        }
        long size = (long) handleProfileSize.invokeExact(handle);
        if (size <= 0 || size > (4 << 20)) {
            return null;
        }
        MemorySegment buffer = arena.allocate(size);
        MemorySegment error = (MemorySegment) handleProfile.invokeExact((SegmentAllocator) arena, handle, buffer);
        return error.get(JAVA_INT, 0) == 0 ? buffer.toArray(JAVA_BYTE) : null;
    }

    private interface HandleAction<T> {
        T apply(Arena arena, MemorySegment handle) throws Throwable;
    }

    private <T> T withPrimaryHandle(byte[] data, ImageFormat format, HandleAction<T> action) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(data.length);
            MemorySegment.copy(data, 0, bytes, JAVA_BYTE, 0, data.length);
            MemorySegment context = (MemorySegment) contextAlloc.invokeExact();
            if (context.equals(MemorySegment.NULL)) {
                throw new ImagingException(ImagingError.CORRUPT, "libheif could not allocate a context");
            }
            try {
                check((MemorySegment) readFromMemory.invokeExact((SegmentAllocator) arena, context, bytes,
                        (long) data.length, MemorySegment.NULL), "reading " + format, ImagingError.CORRUPT);
                MemorySegment handleOut = arena.allocate(ADDRESS);
                check((MemorySegment) primaryHandle.invokeExact((SegmentAllocator) arena, context, handleOut),
                        "finding the primary image of " + format, ImagingError.CORRUPT);
                MemorySegment handle = handleOut.get(ADDRESS, 0);
                try {
                    return action.apply(arena, handle);
                } finally {
                    handleRelease.invokeExact(handle);
                }
            } finally {
                contextFree.invokeExact(context);
            }
        } catch (ImagingException e) {
            throw e;
        } catch (Throwable t) {
            throw new ImagingException(ImagingError.CORRUPT, format + " could not be read: " + t, t);
        }
    }

    private static void check(MemorySegment error, String what, ImagingError code) {
        int c = error.get(JAVA_INT, 0);
        if (c != 0) {
            MemorySegment message = error.get(ADDRESS, 8);
            String text = message.equals(MemorySegment.NULL) ? "" : message.reinterpret(4096).getString(0);
            throw new ImagingException(code, "libheif failed " + what + ": " + text + " (error " + c + "/"
                    + error.get(JAVA_INT, 4) + ")");
        }
    }

    private static int fourcc(String s) {
        return s.charAt(0) << 24 | s.charAt(1) << 16 | s.charAt(2) << 8 | s.charAt(3);
    }
}
