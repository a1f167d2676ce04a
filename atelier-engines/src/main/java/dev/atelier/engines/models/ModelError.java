package dev.atelier.engines.models;

/** Why a model registry operation failed; the code is stable and the CLI and admin API show it. */
public enum ModelError {
    /** No manifest has this id, or an imported file matches no manifest. */
    NOT_FOUND,
    /** The model is known but not installed. */
    NOT_INSTALLED,
    /** A downloaded or installed file does not have the size and SHA-256 its manifest pins. */
    CHECKSUM_MISMATCH,
    /** The model's licence is not permissive and the operator did not accept it. */
    LICENSE_NOT_ACCEPTED,
    /** Every source failed: network error, HTTP error, missing package, version or path. */
    DOWNLOAD_FAILED,
    /** An installed file is damaged (wrong size or checksum) or an archive could not be read. */
    CORRUPT,
    /** A download or archive entry is larger than the manifest or the settings allow. */
    TOO_LARGE,
    /** Reading or writing the models directory or the cache failed. */
    IO,
    /** The pinned files are intact but could not be converted to ONNX (e.g. an operator the importer lacks). */
    CONVERSION_FAILED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
