package dev.atelier.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** Local inputs (files, bytes) as the parts of an OpenAI-compatible multipart form. */
final class LocalImages {
    private LocalImages() {}

    /** A form with the request's text fields. */
    static Multipart form(Map<String, Object> fields) {
        Multipart form = new Multipart();
        fields.forEach((k, v) -> form.field(k, v instanceof String s ? s : Transport.JSON.writeValueAsString(v)));
        return form;
    }

    static void part(Multipart form, String name, Input in) {
        Input.BytesInput b = switch (in) {
            case Input.BytesInput bytes -> bytes;
            case Input.FileInput f -> read(f);
            default -> throw new IllegalArgumentException("not a local image: " + in);
        };
        form.file(name, b.fileName(), b.contentType(), b.bytes());
    }

    static Input.BytesInput read(Input.FileInput f) {
        try {
            byte[] bytes = Files.readAllBytes(f.path());
            return new Input.BytesInput(bytes, ContentTypes.sniff(bytes), f.path().getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f.path() + ": " + e.getMessage(), e);
        }
    }
}
