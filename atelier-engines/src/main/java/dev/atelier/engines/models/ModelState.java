package dev.atelier.engines.models;

/** Whether a model's files are in the models directory and intact. */
public enum ModelState {
    /** Every file is present with the pinned size (and checksum when verified). */
    INSTALLED,
    /** At least one file is absent. */
    MISSING,
    /** A file is present but has the wrong size or checksum; pull it again. */
    CORRUPT;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
