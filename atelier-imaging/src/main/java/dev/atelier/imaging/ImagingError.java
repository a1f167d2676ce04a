package dev.atelier.imaging;

/** Why a codec operation failed; the server maps each to its wire error code (e.g. {@code error_decode_image}). */
public enum ImagingError {
    /** The bytes are not a format Atelier decodes (or the operation is not offered for that format). */
    UNSUPPORTED_FORMAT,
    /** The file is recognised but damaged: truncated, bad checksum, inconsistent header. */
    CORRUPT,
    /** The header announces more pixels than {@link DecodeLimits#maxPixels()}. */
    TOO_MANY_PIXELS,
    /** The encoded file is larger than {@link DecodeLimits#maxBytes()}. */
    TOO_MANY_BYTES,
    /** A native codec library (libwebp, libheif) is not installed; the message names the package. */
    NATIVE_LIBRARY_MISSING,
    /** The encoder refused or failed to write the picture. */
    ENCODE_FAILED,
    /** Two inputs that must have the same size do not (e.g. an inpainting mask and its source). */
    SIZE_MISMATCH
}
