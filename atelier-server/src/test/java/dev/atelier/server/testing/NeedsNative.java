package dev.atelier.server.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.atelier.imaging.NativeCodecs;
import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test that needs a native codec library this machine lacks, naming the Debian package, so that the README's
 * test command passes with only a JDK; {@code ATELIER_REQUIRE_CODECS=1} (set by {@code .ci/run}) makes it a failure.
 */
public final class NeedsNative {
    private NeedsNative() {}

    /** WebP output needs libwebp7. */
    public static void webp() {
        NativeCodecs.Codec codec = NativeCodecs.webp();
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
