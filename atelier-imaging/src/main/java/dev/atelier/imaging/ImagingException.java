package dev.atelier.imaging;

import java.util.Objects;

/** A codec failure with its {@link ImagingError} code; the message says what failed and why, for a human. */
public final class ImagingException extends RuntimeException {
    private final ImagingError error;

    public ImagingException(ImagingError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error);
    }

    public ImagingException(ImagingError error, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error);
    }

    public ImagingError error() {
        return error;
    }

    @Override
    public String toString() {
        return "ImagingException[" + error + "]: " + getMessage();
    }
}
