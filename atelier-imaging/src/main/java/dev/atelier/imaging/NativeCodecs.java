package dev.atelier.imaging;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which of the optional native codec libraries this JVM found, each with the Debian package that provides it. The
 * doctor command, the start banner and the tests that need a library read it; nothing here loads a library twice.
 */
public final class NativeCodecs {
    private NativeCodecs() {}

    /** One optional library: what it gives, whether it loaded, and why not when it did not. */
    public record Codec(String name, String soname, String debianPackage, String gives, Optional<String> missing) {
        public boolean found() {
            return missing.isEmpty();
        }
    }

    /** libjpeg-turbo: fast JPEG and shrink-on-load (without it JPEG goes through ImageIO). */
    public static Codec turboJpeg() {
        return probe("libjpeg-turbo", TurboJpeg.SONAME, TurboJpeg.PACKAGE, "fast JPEG with shrink-on-load",
                () -> TurboJpeg.shared().orElseThrow(() -> new ImagingException(ImagingError.NATIVE_LIBRARY_MISSING,
                        "native library " + TurboJpeg.SONAME + " is not installed: apt-get install "
                                + TurboJpeg.PACKAGE)));
    }

    /** libwebp: WebP encoding (WebP decoding works without it). */
    public static Codec webp() {
        return probe("libwebp", WebpEncoder.SONAME, WebpEncoder.PACKAGE, "WebP output", WebpEncoder::shared);
    }

    /** libheif: HEIC and AVIF decoding. */
    public static Codec heif() {
        return probe("libheif", HeifDecoder.SONAME, HeifDecoder.PACKAGE, "HEIC and AVIF input", HeifDecoder::shared);
    }

    public static List<Codec> all() {
        return List.of(turboJpeg(), webp(), heif());
    }

    private static Codec probe(String name, String soname, String pkg, String gives, Supplier<?> load) {
        try {
            load.get();
            return new Codec(name, soname, pkg, gives, Optional.empty());
        } catch (ImagingException e) {
            return new Codec(name, soname, pkg, gives, Optional.of(e.getMessage()));
        }
    }
}
