package dev.atelier.server.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the real models and photos are for end-to-end tests: {@code $ATELIER_CACHE} (default
 * {@code ~/.cache/atelier}), filled by the engine tests (models pulled through the registry) and by
 * {@code bench/fetch-photos.sh}. Missing ones skip the test with a message, or fail it under
 * {@code ATELIER_REQUIRE_MODELS=1} (CI).
 */
public final class RealModels {
    private RealModels() {}

    public static Path cache() {
        String c = System.getenv("ATELIER_CACHE");
        return c != null && !c.isBlank() ? Path.of(c) : Path.of(System.getProperty("user.home"), ".cache", "atelier");
    }

    /** The models directory, after checking that {@code modelIds} are installed there. */
    public static Path modelsDir(String... modelIds) {
        Path dir = cache().resolve("models");
        for (String id : modelIds) {
            if (!Files.isDirectory(dir.resolve(id))) {
                skipOrFail("model " + id + " is not installed in " + dir
                        + " (the atelier-engines real-model tests pull it; or ./atelier models pull " + id + ")");
            }
        }
        return dir;
    }

    public static byte[] photo(String name) {
        Path file = cache().resolve("photos").resolve(name);
        if (!Files.isRegularFile(file)) {
            skipOrFail("photo " + file + " is missing; run bench/fetch-photos.sh");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void skipOrFail(String message) {
        if ("1".equals(System.getenv("ATELIER_REQUIRE_MODELS"))) {
            fail(message + " (ATELIER_REQUIRE_MODELS=1)");
        }
        assumeTrue(false, message);
    }
}
