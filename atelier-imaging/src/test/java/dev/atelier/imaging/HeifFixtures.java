package dev.atelier.imaging;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes HEIC (x265) and AVIF (aom) test fixtures with libheif's encoder, which Debian's libheif1 has built in;
 * Atelier itself only decodes these formats.
 */
final class HeifFixtures {
    private static final int COMPRESSION_HEVC = 1;
    private static final int COMPRESSION_AV1 = 4;

    private HeifFixtures() {}

    static byte[] encode(Image img, ImageFormat format, int quality) throws Throwable {
        NeedsNative.heif();
        NativeLibrary lib = NativeLibrary.open(HeifDecoder.SONAME, HeifDecoder.PACKAGE);
        HeifDecoder.shared(); // runs heif_init
        var err = HeifDecoder.ERROR;
        MethodHandle alloc = lib.function("heif_context_alloc", FunctionDescriptor.of(ADDRESS));
        MethodHandle free = lib.function("heif_context_free", FunctionDescriptor.ofVoid(ADDRESS));
        MethodHandle getEncoder = lib.function("heif_context_get_encoder_for_format",
                FunctionDescriptor.of(err, ADDRESS, JAVA_INT, ADDRESS));
        MethodHandle setQuality = lib.function("heif_encoder_set_lossy_quality", FunctionDescriptor.of(err, ADDRESS, JAVA_INT));
        MethodHandle releaseEncoder = lib.function("heif_encoder_release", FunctionDescriptor.ofVoid(ADDRESS));
        MethodHandle create = lib.function("heif_image_create",
                FunctionDescriptor.of(err, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        MethodHandle addPlane = lib.function("heif_image_add_plane",
                FunctionDescriptor.of(err, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        MethodHandle getPlane = lib.function("heif_image_get_plane", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        MethodHandle releaseImage = lib.function("heif_image_release", FunctionDescriptor.ofVoid(ADDRESS));
        MethodHandle encodeImage = lib.function("heif_context_encode_image",
                FunctionDescriptor.of(err, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        MethodHandle writeFile = lib.function("heif_context_write_to_file", FunctionDescriptor.of(err, ADDRESS, ADDRESS));

        int w = img.width();
        int h = img.height();
        int channels = img.hasAlpha() ? 4 : 3;
        Path file = Files.createTempFile("atelier-fixture", "." + format.extension());
        try (Arena arena = Arena.ofConfined()) {
            SegmentAllocator a = arena;
            MemorySegment ctx = (MemorySegment) alloc.invokeExact();
            MemorySegment encOut = arena.allocate(ADDRESS);
            ok((MemorySegment) getEncoder.invokeExact(a, ctx,
                    format == ImageFormat.AVIF ? COMPRESSION_AV1 : COMPRESSION_HEVC, encOut));
            MemorySegment encoder = encOut.get(ADDRESS, 0);
            ok((MemorySegment) setQuality.invokeExact(a, encoder, quality));
            MemorySegment imgOut = arena.allocate(ADDRESS);
            ok((MemorySegment) create.invokeExact(a, w, h, 1, channels == 4 ? 11 : 10, imgOut));
            MemorySegment image = imgOut.get(ADDRESS, 0);
            ok((MemorySegment) addPlane.invokeExact(a, image, 10, w, h, 8));
            MemorySegment strideOut = arena.allocate(JAVA_INT);
            MemorySegment plane = (MemorySegment) getPlane.invokeExact(image, 10, strideOut);
            int stride = strideOut.get(JAVA_INT, 0);
            plane = plane.reinterpret((long) stride * h);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < channels; c++) {
                        plane.set(JAVA_BYTE, (long) y * stride + x * channels + c,
                                (byte) BufferedImages.to8(img.get(c, x, y)));
                    }
                }
            }
            ok((MemorySegment) encodeImage.invokeExact(a, ctx, image, encoder, MemorySegment.NULL, MemorySegment.NULL));
            ok((MemorySegment) writeFile.invokeExact(a, ctx, arena.allocateFrom(file.toString())));
            releaseImage.invokeExact(image);
            releaseEncoder.invokeExact(encoder);
            free.invokeExact(ctx);
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void ok(MemorySegment error) {
        if (error.get(JAVA_INT, 0) != 0) {
            throw new IllegalStateException("libheif error " + error.get(JAVA_INT, 0) + ": "
                    + error.get(ADDRESS, 8).reinterpret(4096).getString(0));
        }
    }
}
