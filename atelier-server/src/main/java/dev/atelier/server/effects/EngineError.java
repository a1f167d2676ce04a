package dev.atelier.server.effects;

import dev.atelier.engines.EngineException;

/**
 * Engine error codes (CONTRACTS A.8 E.2): the outcome of a task that ran and failed, delivered with HTTP 200 and
 * status {@code error}. The wire value is the lower-case name.
 */
public enum EngineError {
    ERROR_EXCEED_MAX_IMAGE_SIZE,
    EXCEED_MAX_FILESIZE,
    INVALID_PARAMETER,
    ERROR_DOWNLOAD_IMAGE,
    ERROR_DOWNLOAD_MASK,
    ERROR_DECODE_IMAGE,
    ERROR_DECODE_MASK,
    ERROR_DOWNLOAD_VIDEO,
    ERROR_DECODE_VIDEO,
    ERROR_UNEXPECTED_VIDEO_DURATION,
    ERROR_NSFW_CONTENT_DETECTED,
    ERROR_NO_FACE,
    ERROR_MULTIPLE_PEOPLE,
    ERROR_LARGE_FACE_ANGLE,
    ERROR_FACE_POSITION_TOO_SMALL,
    ERROR_SRC_NO_FACE,
    ERROR_REF_NO_FACE,
    ERROR_SRC_FACE_TOO_SMALL,
    ERROR_REF_FACE_TOO_SMALL,
    ERROR_SRC_LARGE_FACE_ANGLE,
    ERROR_REF_LARGE_FACE_ANGLE,
    ERROR_FACE_ANGLE_UPWARD,
    ERROR_FACE_ANGLE_DOWNWARD,
    ERROR_FACE_ANGLE_LEFTWARD,
    ERROR_FACE_ANGLE_RIGHTWARD,
    ERROR_FACE_ANGLE_LEFT_TILT,
    ERROR_FACE_ANGLE_RIGHT_TILT,
    ERROR_INFERENCE,
    ERROR_BELOW_MIN_IMAGE_SIZE,
    ERROR_UNSUPPORT_RATIO,
    SIZE_MISMATCH_ON_INPUT_IMAGE_AND_MASK,
    UNKNOWN_INTERNAL_ERROR;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public EngineException exception(String message) {
        return new EngineException(wire(), message);
    }
}
