package dev.atelier.imaging;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Reads and writes image files: the only door between encoded bytes and {@link Image}.
 *
 * <p>Every failure is an {@link ImagingException} with an {@link ImagingError} code; no other exception escapes for
 * bad input. A decode first checks the file size, recognises the format from its magic bytes, reads the header and
 * refuses a picture over {@link DecodeLimits#maxPixels()} before allocating anything for pixels. The decoded picture
 * is upright (EXIF orientation applied), in sRGB (embedded ICC profiles converted) and keeps its alpha channel.
 *
 * <p>Decoders: libjpeg-turbo through FFM (JPEG, with shrink-on-load; see {@link TurboJpeg}), JDK ImageIO with
 * TwelveMonkeys (CMYK JPEG, any JPEG when libturbojpeg0 is missing, WebP, TIFF), JDK (PNG, GIF first frame, BMP),
 * libheif through FFM (HEIC, AVIF). Encoders: JPEG through libjpeg-turbo (ImageIO without it), PNG through ImageIO,
 * WebP through libwebp (FFM).
 */
public final class Codecs {
    static {
        // Decoding from memory: never spill to temporary files.
        ImageIO.setUseCache(false);
    }

    private Codecs() {}

    /** The format, upright size and alpha presence from the header alone; never decodes pixels. */
    public static ImageInfo probe(byte[] data) {
        ImageFormat format = recognise(data);
        Header header = header(format, data);
        int orientation = orientation(format, data);
        boolean swap = Orientation.swapsAxes(orientation);
        return new ImageInfo(format, swap ? header.height : header.width, swap ? header.width : header.height,
                header.hasAlpha);
    }

    /**
     * Decodes a whole file into an upright sRGB {@link Image} with 1 (grey), 3 (RGB) or 4 (RGBA) channels.
     *
     * @throws ImagingException TOO_MANY_BYTES or TOO_MANY_PIXELS (checked before decoding), UNSUPPORTED_FORMAT,
     *     CORRUPT, NATIVE_LIBRARY_MISSING (HEIC/AVIF without libheif)
     */
    public static Image decode(byte[] data, DecodeLimits limits) {
        return decodeForSize(data, limits, 0, 0);
    }

    /**
     * Decodes for a picture that will be shown at {@code width} × {@code height} (upright) or smaller: like
     * {@link #decode}, but a JPEG may be decoded at 1/2 or 1/4 of its size in the DCT domain
     * ("shrink-on-load"), always keeping at least the requested size on both axes (four times it at 1/4), so that the
     * caller's {@link Resample} pass still does the final, linear-light filtering. Other formats decode at full size. The pixel
     * limit applies to the stored size, whatever the scale. {@code 0 × 0} asks for the full size.
     *
     * @throws ImagingException as {@link #decode}
     */
    public static Image decodeForSize(byte[] data, DecodeLimits limits, int width, int height) {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("target size must not be negative, got " + width + "x" + height);
        }
        if (data != null && data.length > limits.maxBytes()) {
            throw new ImagingException(ImagingError.TOO_MANY_BYTES,
                    "file has " + data.length + " bytes, the limit is " + limits.maxBytes());
        }
        ImageFormat format = recognise(data);
        if (format == ImageFormat.JPEG) {
            return decodeJpeg(data, limits, width, height, TurboJpeg.shared());
        }
        byte[] iccProfile = null;
        if (format == ImageFormat.PNG) {
            iccProfile = PngChunks.validate(data).iccProfile();
        }
        if (format == ImageFormat.HEIC || format == ImageFormat.AVIF) {
            // One libheif context: parse, check the size, then decode.
            HeifDecoder.Decoded heif = HeifDecoder.shared().decode(data, format,
                    h -> checkPixels(format, h.width(), h.height(), limits));
            return IccProfiles.convert(heif.image(), heif.iccProfile());
        }
        Header header = header(format, data);
        checkPixels(format, header.width, header.height, limits);
        Image stored = BufferedImages.toImage(IccProfiles.assign(readImageIo(format, data), iccProfile));
        return Orientation.apply(stored, orientation(format, data));
    }

    /**
     * JPEG through libjpeg-turbo when {@code turbo} is present and takes the file (with shrink-on-load for a target
     * size), else through ImageIO at full size. Package-private so that tests can run both paths on one machine.
     */
    static Image decodeJpeg(byte[] data, DecodeLimits limits, int width, int height, Optional<TurboJpeg> turbo) {
        JpegStructure.check(data);
        int orientation = Orientation.read(data);
        Optional<TurboJpeg.Header> fast = turbo.flatMap(t -> t.header(data)).filter(TurboJpeg.Header::decodable);
        if (fast.isPresent()) {
            TurboJpeg.Header h = fast.get();
            checkPixels(ImageFormat.JPEG, h.width(), h.height(), limits);
            boolean swap = Orientation.swapsAxes(orientation);
            int denominator = shrinkOnLoad(h.width(), h.height(), swap ? height : width, swap ? width : height);
            Optional<Image> stored = turbo.get().decode(data, h, denominator);
            if (stored.isPresent()) {
                Image srgb = IccProfiles.convert(stored.get(), JpegStructure.iccProfile(data));
                return Orientation.apply(srgb, orientation);
            }
        }
        Header header = header(ImageFormat.JPEG, data);
        checkPixels(ImageFormat.JPEG, header.width, header.height, limits);
        return Orientation.apply(BufferedImages.toImage(readImageIo(ImageFormat.JPEG, data)), orientation);
    }

    /**
     * The DCT-domain scale denominator (1, 2 or 4) for a stored {@code width × height} shown at
     * {@code targetWidth × targetHeight}. DCT scaling filters gamma-encoded samples within each 8×8 block, so the
     * linear-light Lanczos pass must still do the final filtering; measured against full decode + Lanczos
     * (TurboJpegTest, six real photos enlarged to 12 MP): 1/2 gives 45–68 dB at any margin, so it is used whenever the
     * half picture still covers the target; 1/4 gives only 37–40 dB on high-contrast detail (building.jpg) with twice
     * the target left and 40 dB or more with four times, so it needs four times; 1/8 (each block's mean alone) is never
     * used. libvips decides on the shrink factor alone (1/2 from 4×, 1/4 from 8×, 1/8 from 16×).
     */
    static int shrinkOnLoad(int width, int height, int targetWidth, int targetHeight) {
        if (targetWidth <= 0 || targetHeight <= 0) {
            return 1;
        }
        if (covers(width, height, 4, 4L * targetWidth, 4L * targetHeight)) {
            return 4;
        }
        return covers(width, height, 2, targetWidth, targetHeight) ? 2 : 1;
    }

    private static boolean covers(int width, int height, int denominator, long targetWidth, long targetHeight) {
        return (width + denominator - 1) / denominator >= targetWidth
                && (height + denominator - 1) / denominator >= targetHeight;
    }

    /**
     * Encodes to JPEG ({@code quality} 1..100; alpha is composited over white), PNG (lossless, {@code quality}
     * ignored) or WebP (lossy, {@code quality} 1..100; alpha kept).
     *
     * @throws IllegalArgumentException for a quality outside 1..100
     * @throws ImagingException UNSUPPORTED_FORMAT for formats Atelier only reads, NATIVE_LIBRARY_MISSING for WebP
     *     without libwebp, ENCODE_FAILED when the encoder refuses
     */
    public static byte[] encode(Image image, ImageFormat format, int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality must be 1..100, got " + quality);
        }
        return switch (format) {
            case JPEG -> encodeJpeg(BufferedImages.flatten(image, 1f, 1f, 1f), quality, TurboJpeg.shared());
            case PNG -> writeImageIo(image, "png", -1f);
            case WEBP -> WebpEncoder.shared().encode(image, quality, false);
            default -> throw new ImagingException(ImagingError.UNSUPPORTED_FORMAT,
                    "encoding to " + format + " is not offered; use JPEG, PNG or WEBP");
        };
    }

    /** Encodes without loss: PNG or lossless WebP (8 bits per sample). */
    public static byte[] encodeLossless(Image image, ImageFormat format) {
        return switch (format) {
            case PNG -> writeImageIo(image, "png", -1f);
            case WEBP -> WebpEncoder.shared().encode(image, 100, true);
            default -> throw new ImagingException(ImagingError.UNSUPPORTED_FORMAT,
                    "lossless encoding to " + format + " is not offered; use PNG or WEBP");
        };
    }

    /** JPEG through libjpeg-turbo when present, else ImageIO (same quality scale, same 4:2:0 subsampling). */
    static byte[] encodeJpeg(Image opaque, int quality, Optional<TurboJpeg> turbo) {
        return turbo.isPresent() ? turbo.get().encode(opaque, quality) : writeImageIo(opaque, "jpeg", quality / 100f);
    }

    private static void checkPixels(ImageFormat format, int width, int height, DecodeLimits limits) {
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw new ImagingException(ImagingError.TOO_MANY_PIXELS, format + " header declares " + width + "x"
                    + height + " = " + pixels + " pixels, the limit is " + limits.maxPixels());
        }
    }

    private static ImageFormat recognise(byte[] data) {
        if (data == null || data.length == 0) {
            throw new ImagingException(ImagingError.CORRUPT, "the file is empty");
        }
        return ImageFormat.sniff(data).orElseThrow(() -> new ImagingException(ImagingError.UNSUPPORTED_FORMAT,
                "not a recognised image format (JPEG, PNG, WebP, GIF, BMP, TIFF, HEIC, AVIF)"));
    }

    private record Header(int width, int height, boolean hasAlpha) {}

    private static Header header(ImageFormat format, byte[] data) {
        return switch (format) {
            case PNG -> {
                PngChunks.Header h = PngChunks.header(data);
                yield new Header(h.width(), h.height(), h.hasAlpha());
            }
            case HEIC, AVIF -> {
                HeifDecoder.Header h = HeifDecoder.shared().header(data, format);
                yield new Header(h.width(), h.height(), h.hasAlpha());
            }
            default -> withReader(format, data, reader -> {
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw new ImagingException(ImagingError.CORRUPT, format + " header declares " + w + "x" + h);
                }
                ImageTypeSpecifier type = reader.getRawImageType(0);
                if (type == null) {
                    Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
                    type = types.hasNext() ? types.next() : null;
                }
                return new Header(w, h, type != null && type.getColorModel().hasAlpha());
            });
        };
    }

    private static int orientation(ImageFormat format, byte[] data) {
        return switch (format) {
            case JPEG, PNG, WEBP, TIFF -> Orientation.read(data);
            default -> 1;
        };
    }

    private interface ReaderAction<T> {
        T apply(ImageReader reader) throws IOException;
    }

    private static BufferedImage readImageIo(ImageFormat format, byte[] data) {
        return withReader(format, data, reader -> {
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((IIOReadWarningListener) (source, warning) -> warnings.add(warning));
            BufferedImage image = reader.read(0);
            for (String w : warnings) {
                // libjpeg reports a truncated file as a warning and pads with grey: that is damage, not a picture.
                String lower = w.toLowerCase(java.util.Locale.ROOT);
                if (lower.contains("premature end") || lower.contains("truncat")) {
                    throw new ImagingException(ImagingError.CORRUPT, format + " is truncated: " + w);
                }
            }
            return image;
        });
    }

    private static <T> T withReader(ImageFormat format, byte[] data, ReaderAction<T> action) {
        ImageReader reader = reader(format);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            return action.apply(reader);
        } catch (ImagingException e) {
            throw e;
        } catch (IOException | RuntimeException | LinkageError e) {
            // Decoders signal damage with a zoo of exceptions (IIOException, EOFException, IndexOutOfBounds...).
            throw new ImagingException(ImagingError.CORRUPT, format + " could not be read: " + describe(e), e);
        } finally {
            reader.dispose();
        }
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
            sb.append(" (").append(c.getMessage()).append(')');
        }
        return sb.toString();
    }

    /** A fresh reader for the format, preferring TwelveMonkeys' plugins over the JDK's where both exist. */
    private static ImageReader reader(ImageFormat format) {
        String name = switch (format) {
            case JPEG -> "jpeg";
            case PNG -> "png";
            case WEBP -> "webp";
            case GIF -> "gif";
            case BMP -> "bmp";
            case TIFF -> "tiff";
            default -> throw new IllegalStateException(format + " is not read through ImageIO");
        };
        ImageReader chosen = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(name); it.hasNext(); ) {
            ImageReader r = it.next();
            if (chosen == null || r.getClass().getName().startsWith("com.twelvemonkeys")) {
                chosen = r;
            }
        }
        if (chosen == null) {
            throw new ImagingException(ImagingError.UNSUPPORTED_FORMAT, "no ImageIO reader for " + format
                    + " on the class path (TwelveMonkeys imageio-" + name + " missing?)");
        }
        return chosen;
    }

    private static byte[] writeImageIo(Image image, String formatName, float quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(formatName);
        if (!writers.hasNext()) {
            throw new ImagingException(ImagingError.ENCODE_FAILED, "no ImageIO writer for " + formatName);
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (quality >= 0 && param.canWriteCompressed()) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
            writer.write(null, new IIOImage(BufferedImages.toBufferedImage(image), null, null), param);
        } catch (IOException | RuntimeException e) {
            throw new ImagingException(ImagingError.ENCODE_FAILED, formatName + " encoding failed: " + describe(e), e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
