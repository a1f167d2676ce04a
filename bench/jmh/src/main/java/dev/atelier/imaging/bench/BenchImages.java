package dev.atelier.imaging.bench;

import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.Resample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Benchmark inputs: photos from the cache filled by bench/fetch-photos.sh, optionally enlarged to 12 MP. */
public final class BenchImages {
    private BenchImages() {}

    public static Path photos() {
        String cache = System.getenv("ATELIER_CACHE");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "atelier");
        return base.resolve("photos");
    }

    public static Image photo(String name) {
        Path file = photos().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: run bench/fetch-photos.sh first");
        }
        try {
            Image img = Codecs.decode(Files.readAllBytes(file), DecodeLimits.defaults());
            if (img.channels() == 1) {
                return Image.wrap(img.width(), img.height(), img.plane(0), img.plane(0).clone(), img.plane(0).clone());
            }
            return img.withoutAlpha();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The photo enlarged (Lanczos-3) to about {@code megapixels}, keeping its aspect ratio. */
    public static Image enlarged(Image photo, double megapixels) {
        double scale = Math.sqrt(megapixels * 1e6 / photo.pixelCount());
        return Resample.resize(photo, (int) Math.round(photo.width() * scale), (int) Math.round(photo.height() * scale),
                Resample.Kernel.LANCZOS3);
    }
}
