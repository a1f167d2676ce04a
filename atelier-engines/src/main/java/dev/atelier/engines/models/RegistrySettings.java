package dev.atelier.engines.models;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the model registry reaches the network and where it caches.
 *
 * @param npmRegistry the npm registry base URL; env {@code ATELIER_NPM_REGISTRY}, default {@code https://registry.npmjs.org}
 * @param cacheDir the download cache; npm tarballs go under {@code cacheDir/npm}. Env {@code ATELIER_CACHE}, default
 *     {@code $HOME/.cache/atelier}
 * @param connectTimeout how long to wait for a connection (default 20 s)
 * @param stallTimeout how long a download may go without receiving a byte before it is abandoned (default 60 s); the
 *     bytes already received stay in the {@code .part} file for the next attempt
 * @param maxArchiveBytes the largest npm tarball or archive entry the registry downloads or unpacks (default 1 GiB),
 *     checked before the bytes are written
 */
public record RegistrySettings(
        URI npmRegistry, Path cacheDir, Duration connectTimeout, Duration stallTimeout, long maxArchiveBytes) {

    public static final URI DEFAULT_NPM_REGISTRY = URI.create("https://registry.npmjs.org");

    public RegistrySettings {
        Objects.requireNonNull(npmRegistry, "npmRegistry");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        if (maxArchiveBytes <= 0) {
            throw new IllegalArgumentException("maxArchiveBytes must be positive");
        }
    }

    /** Settings from the process environment, with the defaults above. */
    public static RegistrySettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Settings from the given environment variables, with the defaults above. */
    public static RegistrySettings fromEnvironment(Map<String, String> env) {
        String registry = env.getOrDefault("ATELIER_NPM_REGISTRY", "");
        return new RegistrySettings(
                registry.isBlank() ? DEFAULT_NPM_REGISTRY : URI.create(registry),
                defaultCacheDir(env),
                Duration.ofSeconds(20),
                Duration.ofSeconds(60),
                1L << 30);
    }

    /** {@code $ATELIER_CACHE}, else {@code $HOME/.cache/atelier}. */
    public static Path defaultCacheDir(Map<String, String> env) {
        String cache = env.getOrDefault("ATELIER_CACHE", "");
        if (!cache.isBlank()) {
            return Path.of(cache);
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".cache", "atelier");
    }

    public RegistrySettings withNpmRegistry(URI uri) {
        return new RegistrySettings(uri, cacheDir, connectTimeout, stallTimeout, maxArchiveBytes);
    }

    public RegistrySettings withCacheDir(Path dir) {
        return new RegistrySettings(npmRegistry, dir, connectTimeout, stallTimeout, maxArchiveBytes);
    }

    public RegistrySettings withMaxArchiveBytes(long bytes) {
        return new RegistrySettings(npmRegistry, cacheDir, connectTimeout, stallTimeout, bytes);
    }

    Path npmCacheDir() {
        return cacheDir.resolve("npm");
    }
}
