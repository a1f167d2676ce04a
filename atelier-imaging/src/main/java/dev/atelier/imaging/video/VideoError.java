package dev.atelier.imaging.video;

/** Why a video could not be read or written; callers map these onto their wire codes. */
public enum VideoError {
    /** Not an MP4/QuickTime file, a damaged header, or no video stream. */
    NOT_A_VIDEO,
    /** A video or audio codec this pipeline does not take (the message names it). */
    UNSUPPORTED_CODEC,
    /** Longer than {@link VideoLimits#maxDuration()}, or of unknown duration. */
    TOO_LONG,
    /** Long side over {@link VideoLimits#maxLongSide()}. */
    TOO_LARGE,
    /** The frames could not be decoded (truncated or corrupt data after a readable header). */
    CORRUPT,
    /** Writing the output failed. */
    ENCODE_FAILED
}
