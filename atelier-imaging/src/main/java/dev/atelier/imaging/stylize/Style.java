package dev.atelier.imaging.stylize;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.Resample;

/**
 * The classical style filters, by name. Each returns an RGB picture of the source's size.
 *
 * <p>They are honest image filters, not generative models: results should be labelled as such. Pictures above
 * {@link #WORKING_PIXELS} (oil painting: {@link #OIL_WORKING_PIXELS}, its footprint filter is the costliest) are
 * filtered at that size and enlarged back: the painted looks do not need the fine detail, and the cost of these
 * area filters grows with the pixel count.
 */
public enum Style {
    /** Flattened colour regions with dark outlines: {@link Cartoon}. */
    CARTOON("cartoon"),
    /** Brush-stroke look following the image structure: {@link OilPainting}. */
    OIL_PAINTING("oil-painting"),
    /** Graphite on paper: {@link PencilSketch}. */
    PENCIL_SKETCH("pencil-sketch"),
    /** Soft pigment washes with darkened edges on textured paper: {@link Watercolour}. */
    WATERCOLOUR("watercolour");

    /** Filters run on at most this many pixels (about 1600 × 1250). */
    public static final long WORKING_PIXELS = 2_000_000;
    /**
     * The oil painting's working size (about 1030 × 775). Its footprint radius grows with the picture, so its cost
     * grows with the square of the pixel count: 0.8 MP costs about two thirds of 1 MP, which keeps a 12 MP input
     * within the 2 s budget (bench/README.md).
     */
    public static final long OIL_WORKING_PIXELS = 800_000;

    private final String id;

    Style(String id) {
        this.id = id;
    }

    /** A stable identifier for catalogues and result metadata ("oil-painting"). */
    public String id() {
        return id;
    }

    public Image apply(Image source) {
        Image rgb = Filters.rgb(source);
        double shrink = Math.sqrt((double) (this == OIL_PAINTING ? OIL_WORKING_PIXELS : WORKING_PIXELS) / rgb.pixelCount());
        Image work = shrink < 1
                ? Resample.resize(rgb, Math.max(1, (int) (rgb.width() * shrink)), Math.max(1, (int) (rgb.height() * shrink)),
                        Resample.Kernel.LANCZOS3)
                : rgb;
        Image out = switch (this) {
            case CARTOON -> Cartoon.apply(work);
            case OIL_PAINTING -> OilPainting.apply(work);
            case PENCIL_SKETCH -> PencilSketch.apply(work);
            case WATERCOLOUR -> Watercolour.apply(work);
        };
        return work == rgb ? out : Resample.resize(out, rgb.width(), rgb.height(), Resample.Kernel.LANCZOS3);
    }
}
