package dev.atelier.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A {@code multipart/form-data} body built in memory, so a retry can send the very same bytes again. */
final class Multipart {
    private final String boundary = "atelier-" + UUID.randomUUID();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Adds a text field. */
    Multipart field(String name, String value) {
        head("Content-Disposition: form-data; name=\"" + quoted(name) + "\"\r\n\r\n");
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(CRLF);
        return this;
    }

    /** Adds a file part. */
    Multipart file(String name, String fileName, String contentType, byte[] bytes) {
        head("Content-Disposition: form-data; name=\"" + quoted(name) + "\"; filename=\"" + quoted(fileName)
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
        out.writeBytes(bytes);
        out.writeBytes(CRLF);
        return this;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    byte[] bytes() {
        ByteArrayOutputStream all = new ByteArrayOutputStream(out.size() + 64);
        all.writeBytes(out.toByteArray());
        all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return all.toByteArray();
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private void head(String headers) {
        out.writeBytes(("--" + boundary + "\r\n" + headers).getBytes(StandardCharsets.UTF_8));
    }

    /** Field and file names go inside quotes: keep them from ending the header. */
    private static String quoted(String s) {
        return s.replace("\"", "%22").replace("\r", "").replace("\n", "");
    }
}
