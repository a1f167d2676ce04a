package dev.atelier.imaging.video;

import java.util.Objects;

/** A video failure with its {@link VideoError}; the message says what failed, for a human. */
public final class VideoException extends RuntimeException {
    private final VideoError error;

    public VideoException(VideoError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error);
    }

    public VideoError error() {
        return error;
    }
}
