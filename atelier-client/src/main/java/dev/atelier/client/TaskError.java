package dev.atelier.client;

import java.util.Locale;

/**
 * Engine codes of a failed task (CONTRACTS A.8 E.2): the base enum and the codes documented for image features,
 * plus {@link #TASK_TIMEOUT}. {@link TaskFailedException#wireCode()} always carries the exact string.
 */
public enum TaskError {
    /** The image is larger than the feature accepts. */
    ERROR_EXCEED_MAX_IMAGE_SIZE,
    /** The file is larger than the feature accepts. */
    EXCEED_MAX_FILESIZE,
    /** A parameter the engine could not use. */
    INVALID_PARAMETER,
    /** An input URL could not be downloaded. */
    ERROR_DOWNLOAD_IMAGE,
    /** A mask URL could not be downloaded. */
    ERROR_DOWNLOAD_MASK,
    /** The input is not a decodable image. */
    ERROR_DECODE_IMAGE,
    /** The mask is not a decodable image. */
    ERROR_DECODE_MASK,
    /** An input video URL could not be downloaded. */
    ERROR_DOWNLOAD_VIDEO,
    /** Not an MP4/MOV video, an unsupported codec, or truncated frames. */
    ERROR_DECODE_VIDEO,
    /** The video is longer than the server allows. */
    ERROR_UNEXPECTED_VIDEO_DURATION,
    /** The content was refused by the safety check. */
    ERROR_NSFW_CONTENT_DETECTED,
    /** No face was found. */
    ERROR_NO_FACE,
    /** The pose is not supported. */
    ERROR_POSE,
    /** Face parsing failed. */
    ERROR_FACE_PARSING,
    /** The model failed. */
    ERROR_INFERENCE,
    /** Too many retries refused by the safety check. */
    EXCEED_NSFW_RETRY_LIMITS,
    /** The result could not be stored. */
    ERROR_UPLOAD,
    /** Several people where one was expected. */
    ERROR_MULTIPLE_PEOPLE,
    /** The image is smaller than the feature needs. */
    ERROR_BELOW_MIN_IMAGE_SIZE,
    /** The aspect ratio is not supported. */
    ERROR_UNSUPPORT_RATIO,
    /** The mask and the image differ in size. */
    SIZE_MISMATCH_ON_INPUT_IMAGE_AND_MASK,
    /** The server failed unexpectedly. */
    UNKNOWN_INTERNAL_ERROR,
    /** The task exceeded the server's time budget ({@code TaskTimeout}). */
    TASK_TIMEOUT,
    /** A code this SDK does not know; see {@link TaskFailedException#wireCode()}. */
    UNKNOWN;

    /** The code as sent on the wire, e.g. {@code error_decode_image}; null for {@link #UNKNOWN}. */
    public String wire() {
        return switch (this) {
            case TASK_TIMEOUT -> "TaskTimeout";
            case UNKNOWN -> null;
            default -> name().toLowerCase(Locale.ROOT);
        };
    }

    static TaskError fromWire(String wire) {
        if (wire == null) {
            return UNKNOWN;
        }
        for (TaskError e : values()) {
            if (wire.equalsIgnoreCase(e.wire() == null ? "" : e.wire())) {
                return e;
            }
        }
        return UNKNOWN;
    }
}
