package dev.atelier.imaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real photographs from Debian's python3-skimage and opencv-doc sample data, fetched by {@code bench/fetch-photos.sh}
 * into {@code ${ATELIER_CACHE:-$HOME/.cache/atelier}/photos}. Tests that need them are skipped with a message when
 * the cache is absent, and fail instead when {@code ATELIER_REQUIRE_MODELS=1}.
 */
public final class Photos {
    private Photos() {}

    public static Path directory() {
        String cache = System.getenv("ATELIER_CACHE");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "atelier");
        return base.resolve("photos");
    }

    /** The decoded photo, or the test is skipped (failed under ATELIER_REQUIRE_MODELS=1) when the cache is absent. */
    public static Image load(String name) {
        Path file = directory().resolve(name);
        if (!Files.isRegularFile(file)) {
            String message = "real photo " + file + " is missing: run bench/fetch-photos.sh";
            if ("1".equals(System.getenv("ATELIER_REQUIRE_MODELS"))) {
                Assertions.fail(message + " (ATELIER_REQUIRE_MODELS=1)");
            }
            Assumptions.abort(message);
        }
        try {
            return Codecs.decode(Files.readAllBytes(file), DecodeLimits.defaults());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The photo as RGB (grey photos widened). */
    public static Image loadRgb(String name) {
        Image img = load(name);
        if (img.channels() == 1) {
            return Image.wrap(img.width(), img.height(), img.plane(0), img.plane(0).clone(), img.plane(0).clone());
        }
        return img.withoutAlpha();
    }
}
