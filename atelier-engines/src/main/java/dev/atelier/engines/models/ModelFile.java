package dev.atelier.engines.models;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One file of a model with the places it can be fetched from in order of preference, pinned by size and SHA-256.
 *
 * <p>A multi-file bundle (a Stable Diffusion export) names its files by relative path ({@code unet/model.onnx}). A
 * file whose checksum no public page gives is <em>unpinned</em> ({@code sha256} and {@code size} unknown): the
 * registry never downloads it (nothing could verify it); the operator brings it with {@code ./atelier models import
 * DIR --id ID}, and its hash at that moment is recorded and checked from then on.
 *
 * @param name the path under the model's directory: {@code /}-separated plain names, none hidden, no {@code ..}
 * @param size the size in bytes, or -1 when no public page gives it (the SHA-256 alone then pins the file)
 * @param sha256 the lower-case hex SHA-256, or {@code null} for an unpinned file
 */
public record ModelFile(String name, long size, String sha256, List<ModelSource> sources) {
    public ModelFile {
        Objects.requireNonNull(name, "name");
        checkRelativePath(name);
        if (sha256 == null) {
            if (size <= 0 && size != -1) {
                throw new IllegalArgumentException("an unpinned file's size is positive or -1 (unknown): " + size);
            }
        } else {
            if (size <= 0 && size != -1) {
                throw new IllegalArgumentException("model file size must be positive or -1 (unpublished): " + size);
            }
            sha256 = sha256.toLowerCase(Locale.ROOT);
            if (sha256.length() != 64 || !sha256.chars().allMatch(HexFormat::isHexDigit)) {
                throw new IllegalArgumentException("sha256 must be 64 hex digits: " + sha256);
            }
        }
        sources = List.copyOf(sources);
    }

    /** Whether the file's SHA-256 is known in advance (else it is adopted when the operator imports it). */
    public boolean pinned() {
        return sha256 != null;
    }

    /** Refuses absolute paths, {@code ..}, empty or hidden segments and backslashes: a name never leaves its model. */
    static void checkRelativePath(String name) {
        if (name.isEmpty() || name.contains("\\") || name.startsWith("/") || name.endsWith("/")) {
            throw new IllegalArgumentException("model file name must be a relative path of plain names: " + name);
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".") || segment.contains(":")) {
                throw new IllegalArgumentException("model file name must be a relative path of plain names: " + name);
            }
        }
    }
}
