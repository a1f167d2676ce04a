package dev.atelier.client;

import java.nio.file.Path;

/** The typed calls, one per feature the SDK knows; {@link AtelierClient#task(String)} reaches the rest. */
public final class Effects {
    private final AtelierClient client;

    Effects(AtelierClient client) {
        this.client = client;
    }

    /** Photo Enhance of a local file. */
    public Enhance enhance(Path file) {
        return new Enhance(client, Input.of(file));
    }

    /** Photo Enhance of image bytes. */
    public Enhance enhance(byte[] image) {
        return new Enhance(client, Input.of(image));
    }

    /** Photo Enhance of any input: a file id (e.g. an earlier result's {@code dst_id}), a URL, a file or bytes. */
    public Enhance enhance(Input source) {
        return new Enhance(client, source);
    }
}
