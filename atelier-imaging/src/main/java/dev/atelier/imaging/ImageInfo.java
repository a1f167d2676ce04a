package dev.atelier.imaging;

/**
 * What a file's header says about the picture: its format, its displayed size (after EXIF orientation, so a
 * portrait photo stored landscape reports portrait) and whether it carries an alpha channel.
 */
public record ImageInfo(ImageFormat format, int width, int height, boolean hasAlpha) {

    public long pixelCount() {
        return (long) width * height;
    }
}
