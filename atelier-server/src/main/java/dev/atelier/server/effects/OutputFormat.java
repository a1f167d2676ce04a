package dev.atelier.server.effects;

import dev.atelier.imaging.ImageFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The encodings a task's outputs can have, as YouCam's {@code output_ext} spells them ({@code jpg}, {@code png},
 * {@code webp}, and for videos {@code mp4}, {@code mov}); {@code jpeg} is read as {@code jpg}. Parsed once where a request enters, so no other code normalises
 * spellings.
 */
public enum OutputFormat {
    JPG(ImageFormat.JPEG),
    PNG(ImageFormat.PNG),
    WEBP(ImageFormat.WEBP),
    /** A video container (the video effects write it themselves): no picture codec. */
    MP4(null),
    MOV(null);

    private final ImageFormat codec;

    OutputFormat(ImageFormat codec) {
        this.codec = codec;
    }

    /** The wire spelling: {@code jpg}, {@code png} or {@code webp}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The picture encoder behind it; a video container has none (its effect writes the file). */
    public ImageFormat codec() {
        if (codec == null) {
            throw new IllegalStateException(wire() + " is a video container, not a picture format");
        }
        return codec;
    }

    /** The format a spelling names (any case, {@code jpeg} for {@code jpg}), or empty for an unknown one. */
    public static Optional<OutputFormat> parse(String spelling) {
        if (spelling == null) {
            return Optional.empty();
        }
        return switch (spelling.toLowerCase(Locale.ROOT)) {
            case "jpg", "jpeg" -> Optional.of(JPG);
            case "png" -> Optional.of(PNG);
            case "webp" -> Optional.of(WEBP);
            case "mp4" -> Optional.of(MP4);
            case "mov" -> Optional.of(MOV);
            default -> Optional.empty();
        };
    }
}
