package dev.atelier.engines.testing;

import dev.atelier.imaging.Image;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Mask metrics for tests: intersection over union at a 0.5 threshold, and polygons rasterised as masks. */
public final class Masks {
    private Masks() {}

    /** Intersection over union of {@code a ≥ 0.5} and {@code b ≥ 0.5} (1-channel images of equal size). */
    public static double iou(Image a, Image b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("masks differ in size: " + a + " vs " + b);
        }
        float[] pa = a.plane(0);
        float[] pb = b.plane(0);
        long inter = 0;
        long union = 0;
        for (int i = 0; i < pa.length; i++) {
            boolean x = pa[i] >= 0.5f;
            boolean y = pb[i] >= 0.5f;
            inter += x && y ? 1 : 0;
            union += x || y ? 1 : 0;
        }
        return union == 0 ? 1 : inter / (double) union;
    }

    /** A mask that is 1 at the pixels whose centre lies inside the polygon read from a classpath resource. */
    public static Image polygon(String resource, int width, int height) {
        String text;
        try (InputStream in = Masks.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path2D path = new Path2D.Double();
        boolean first = true;
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] xy = l.split(",");
            double x = Double.parseDouble(xy[0]);
            double y = Double.parseDouble(xy[1]);
            if (first) {
                path.moveTo(x, y);
                first = false;
            } else {
                path.lineTo(x, y);
            }
        }
        path.closePath();
        Image mask = Image.create(width, height, 1);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (path.contains(x + 0.5, y + 0.5)) {
                    mask.set(0, x, y, 1f);
                }
            }
        }
        return mask;
    }
}
