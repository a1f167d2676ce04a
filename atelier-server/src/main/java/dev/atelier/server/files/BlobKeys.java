package dev.atelier.server.files;

/** The shape every blob key has, whatever the store: keys are our own ids. */
final class BlobKeys {
    private BlobKeys() {}

    static void check(String key) {
        if (key == null || !key.matches("[A-Za-z0-9_-]{4,128}")) {
            // anything else is a bug or an attack on the path (local) or the object name (S3)
            throw new IllegalArgumentException("invalid blob key");
        }
    }
}
