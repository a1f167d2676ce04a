package dev.atelier.engines.models;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One file of a model, pinned by size and SHA-256, with the places it can be fetched from in order of preference.
 *
 * @param name the file name under the model's directory (no path separators)
 */
public record ModelFile(String name, long size, String sha256, List<ModelSource> sources) {
    public ModelFile {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("model file name must be a plain file name: " + name);
        }
        if (size <= 0) {
            throw new IllegalArgumentException("model file size must be positive: " + size);
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (sha256.length() != 64 || !sha256.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits: " + sha256);
        }
        sources = List.copyOf(sources);
    }
}
