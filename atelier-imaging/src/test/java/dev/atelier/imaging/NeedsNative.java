package dev.atelier.imaging;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test whose native codec library is not installed, naming the Debian package, so that the README's test
 * command passes on a machine with only a JDK; {@code ATELIER_REQUIRE_CODECS=1} (set by {@code .ci/run}) makes a
 * missing library a failure instead.
 */
final class NeedsNative {
    private NeedsNative() {}

    static void turboJpeg() {
        require(NativeCodecs.turboJpeg());
    }

    static void webp() {
        require(NativeCodecs.webp());
    }

    static void heif() {
        require(NativeCodecs.heif());
    }

    static void require(NativeCodecs.Codec codec) {
        if (codec.found()) {
            return;
        }
        String why = codec.name() + " is missing (apt-get install " + codec.debianPackage() + ")";
        if ("1".equals(System.getenv("ATELIER_REQUIRE_CODECS"))) {
            fail(why + " but ATELIER_REQUIRE_CODECS=1");
        }
        Assumptions.abort(why);
    }
}
