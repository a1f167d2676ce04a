package dev.atelier.engines.models;

import java.util.List;
import java.util.Objects;

/**
 * Everything Atelier knows about one model before it is installed: what it does, which engine family runs it, its
 * files pinned by size and SHA-256 with their sources, its licence and its tensor contract.
 *
 * @param id stable id used on the command line and in engine ids, e.g. {@code isnet-fp16}
 * @param family the engine family that runs it, e.g. {@code isnet}, {@code blazeface}
 * @param runMemoryBytes what one inference needs beyond the loaded weights, for the host's memory budget
 * @param convertFrom empty when the main file is the ONNX model itself; {@code tfjs} when the pinned files are a
 *     TF.js model (main file {@code model.json}) that the registry converts to {@code model.onnx} at install time
 */
public record ModelManifest(
        String id,
        String description,
        ModelCapability capability,
        String family,
        List<ModelFile> files,
        ModelLicense license,
        IoContract contract,
        long runMemoryBytes,
        String convertFrom) {

    /** The name of the ONNX file the registry writes for a converted model. */
    public static final String CONVERTED_FILE = "model.onnx";

    public ModelManifest {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("model id must be lower-case letters, digits, '.', '_' or '-': " + id);
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(family, "family");
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("model " + id + " has no files");
        }
        if (files.stream().map(ModelFile::name).distinct().count() != files.size()) {
            throw new IllegalArgumentException("model " + id + " lists a file name twice");
        }
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(contract, "contract");
        if (runMemoryBytes < 0) {
            throw new IllegalArgumentException("runMemoryBytes must not be negative");
        }
        Objects.requireNonNull(convertFrom, "convertFrom");
        if (!convertFrom.isEmpty() && !convertFrom.equals("tfjs")) {
            throw new IllegalArgumentException("model " + id + ": unknown conversion " + convertFrom);
        }
        if (!convertFrom.isEmpty() && files.stream().anyMatch(f -> f.name().equals(CONVERTED_FILE))) {
            throw new IllegalArgumentException("model " + id + " pins a file named " + CONVERTED_FILE
                    + ", the name its conversion writes");
        }
    }

    /** A model whose main file is its ONNX graph. */
    public ModelManifest(String id, String description, ModelCapability capability, String family,
            List<ModelFile> files, ModelLicense license, IoContract contract, long runMemoryBytes) {
        this(id, description, capability, family, files, license, contract, runMemoryBytes, "");
    }

    /** Whether the registry converts the pinned files to {@link #CONVERTED_FILE} when it installs them. */
    public boolean converted() {
        return !convertFrom.isEmpty();
    }

    /** The total size of the model's files in bytes (unpinned files of unknown size count 0). */
    public long size() {
        return files.stream().mapToLong(f -> Math.max(0, f.size())).sum();
    }

    /** The first file: the model graph itself for single-file models. */
    public ModelFile mainFile() {
        return files.getFirst();
    }

    /** Reads a manifest from its JSON form (the format of the built-in resources). */
    public static ModelManifest parse(String json) {
        return ManifestJson.parse(json);
    }
}
