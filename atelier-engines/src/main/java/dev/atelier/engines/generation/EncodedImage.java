package dev.atelier.engines.generation;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An image as encoded bytes (PNG, JPEG, WebP...) with its MIME type. The array is not copied: callers hand over
 * ownership and must not modify it afterwards.
 */
public record EncodedImage(byte[] data, String mimeType) {
    public EncodedImage {
        Objects.requireNonNull(data, "data");
        if (data.length == 0) {
            throw new IllegalArgumentException("image data is empty");
        }
        mimeType = mimeType == null || mimeType.isBlank() ? ImageBytes.sniffMimeType(data) : mimeType;
    }

    /** Wraps bytes, detecting the MIME type from the file signature. */
    public static EncodedImage of(byte[] data) {
        return new EncodedImage(data, null);
    }

    /** {@code data:<mime>;base64,<...>}, the form several providers accept for inline inputs. */
    public String dataUrl() {
        return "data:" + mimeType + ";base64," + Base64.getEncoder().encodeToString(data);
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(data);
    }

    /** File name extension for multipart uploads, e.g. {@code png}. */
    public String extension() {
        return ImageBytes.extension(mimeType);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedImage(byte[] d, String m) && Arrays.equals(data, d) && mimeType.equals(m);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + mimeType.hashCode();
    }

    @Override
    public String toString() {
        return "EncodedImage[" + mimeType + ", " + data.length + " bytes]";
    }
}
