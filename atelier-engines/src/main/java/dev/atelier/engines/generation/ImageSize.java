package dev.atelier.engines.generation;

/** A requested or produced picture size in pixels, written {@code WIDTHxHEIGHT} on the wire. */
public record ImageSize(int width, int height) {
    public ImageSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
    }

    /** Parses {@code 1024x768} (also accepts {@code 1024*768}, the YouCam separator). */
    public static ImageSize parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        int sep = t.indexOf('x');
        if (sep < 0) {
            sep = t.indexOf('*');
        }
        if (sep <= 0 || sep == t.length() - 1) {
            throw new IllegalArgumentException("size must look like 1024x1024, got '" + text + "'");
        }
        try {
            return new ImageSize(Integer.parseInt(t.substring(0, sep)), Integer.parseInt(t.substring(sep + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size must look like 1024x1024, got '" + text + "'", e);
        }
    }

    public double aspect() {
        return (double) width / height;
    }

    public long pixels() {
        return (long) width * height;
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
