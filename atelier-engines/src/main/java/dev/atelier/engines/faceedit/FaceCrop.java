package dev.atelier.engines.faceedit;

import dev.atelier.engines.FaceLandmarks;
import dev.atelier.imaging.Image;
import java.util.List;

/**
 * The rectangle around a face that an edit works in (the mesh's bounds plus a margin), so work and memory scale
 * with the face, not the photo, and everything outside it stays untouched.
 */
record FaceCrop(int x, int y, int width, int height) {

    static FaceCrop around(List<FaceLandmarks.Point3> mesh, double margin, int imageWidth, int imageHeight) {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (FaceLandmarks.Point3 p : mesh) {
            minX = Math.min(minX, p.x());
            minY = Math.min(minY, p.y());
            maxX = Math.max(maxX, p.x());
            maxY = Math.max(maxY, p.y());
        }
        double pad = margin * Math.max(maxX - minX, maxY - minY);
        int x0 = Math.clamp((long) Math.floor(minX - pad), 0, imageWidth - 1);
        int y0 = Math.clamp((long) Math.floor(minY - pad), 0, imageHeight - 1);
        int x1 = Math.clamp((long) Math.ceil(maxX + pad), x0 + 1, imageWidth);
        int y1 = Math.clamp((long) Math.ceil(maxY + pad), y0 + 1, imageHeight);
        return new FaceCrop(x0, y0, x1 - x0, y1 - y0);
    }

    /** The colour channels of this rectangle of {@code image}, copied. */
    Image cut(Image image) {
        int channels = Math.min(3, image.channels());
        Image out = Image.create(width, height, channels);
        for (int c = 0; c < channels; c++) {
            float[] from = image.plane(c);
            float[] to = out.plane(c);
            for (int row = 0; row < height; row++) {
                System.arraycopy(from, (y + row) * image.width() + x, to, row * width, width);
            }
        }
        return out;
    }

    /** Writes {@code crop}'s colour channels back into {@code image} at this rectangle. */
    void paste(Image crop, Image image) {
        for (int c = 0; c < Math.min(3, image.channels()); c++) {
            float[] from = crop.plane(Math.min(c, crop.channels() - 1));
            float[] to = image.plane(c);
            for (int row = 0; row < height; row++) {
                System.arraycopy(from, row * width, to, (y + row) * image.width() + x, width);
            }
        }
    }

    double[] xs(List<FaceLandmarks.Point3> mesh) {
        double[] out = new double[mesh.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = mesh.get(i).x() - x;
        }
        return out;
    }

    double[] ys(List<FaceLandmarks.Point3> mesh) {
        double[] out = new double[mesh.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = mesh.get(i).y() - y;
        }
        return out;
    }

    /** {@code image} as three colour planes (a grey picture's plane repeated). */
    static Image rgb(Image image) {
        return image.channels() >= 3 ? image : Image.wrap(image.width(), image.height(), image.plane(0),
                image.plane(0), image.plane(0));
    }
}
