package dev.atelier.engines.segmentation;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Engine;
import dev.atelier.engines.EngineKind;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Segmentation;
import dev.atelier.imaging.Image;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Salient-object segmentation that also finds a subject filling the frame. A salient-object model is trained on
 * subjects that sit inside the picture; one that fills it and runs off its edges (a pot plant photographed close, a
 * building) reads as background, and the model returns some small thing in front of it instead: on OpenCV's
 * {@code plant.jpg} ISNet keeps the blue clothes-peg (2.5% of the picture, IoU 0.04 with the hand-made matte) and
 * background blur then blurred the plant.
 *
 * <p>When the subject found covers less than {@link #SMALL_SUBJECT} of the picture, the picture is segmented a second
 * time framed by a black margin ({@link #MARGIN} of each side), which gives the subject edges to stand inside; if
 * that finds a subject at least {@link #GROWTH} times larger, that matte (cropped back) is the answer, and the
 * metadata says so ({@code subject_framing}). A genuinely small subject is found the same either way, so it keeps
 * the full-resolution matte. Costs a second inference only for small subjects.
 */
public final class FramedSegmentation implements Segmentation {
    /** Subject area (fraction of the picture, matte above ½) under which the framed second look is taken. */
    static final double SMALL_SUBJECT = 0.05;
    /** The margin added on each side, as a fraction of that side (on plant.jpg 0.15 was not enough, 0.3 was). */
    static final double MARGIN = 0.3;
    /** How much larger the framed subject must be to replace the first one. */
    static final double GROWTH = 2;

    private final Segmentation salient;

    public FramedSegmentation(Segmentation salient) {
        this.salient = salient;
    }

    @Override
    public String id() {
        return salient.id();
    }

    @Override
    public EngineKind kind() {
        return salient.kind();
    }

    @Override
    public Availability availability() {
        return salient.availability();
    }

    @Override
    public List<Engine> members() {
        return List.of(salient);
    }

    @Override
    public Result segment(Image source, Progress progress) {
        Result first = salient.segment(source, progress.slice(0, 0.5));
        double area = area(first.mask());
        if (area >= SMALL_SUBJECT) {
            progress.report(1, "done");
            return first;
        }
        int mx = (int) Math.round(MARGIN * source.width());
        int my = (int) Math.round(MARGIN * source.height());
        Result framed = salient.segment(framed(source, mx, my), progress.slice(0.5, 1));
        Image back = cropped(framed.mask(), mx, my, source.width(), source.height());
        double framedArea = area(back);
        Map<String, String> meta = new LinkedHashMap<>(first.metadata());
        if (framedArea >= GROWTH * area) {
            meta.put("subject_framing", String.format(Locale.ROOT, "the subject found covered %.1f%% of the picture;"
                    + " framed with a %.0f%% margin the model found one covering %.1f%%, taken as the subject "
                    + "(one that fills the frame)", 100 * area, 100 * MARGIN, 100 * framedArea));
            return new Result(back, meta);
        }
        meta.put("subject_framing", String.format(Locale.ROOT, "small subject (%.1f%% of the picture) confirmed with a"
                + " %.0f%% margin", 100 * area, 100 * MARGIN));
        return new Result(first.mask(), meta);
    }

    /** Fraction of the pixels whose matte is above ½. */
    static double area(Image mask) {
        float[] m = mask.plane(0);
        long n = 0;
        for (float v : m) {
            n += v > 0.5f ? 1 : 0;
        }
        return (double) n / m.length;
    }

    /** The picture centred on a black canvas {@code mx}, {@code my} larger on each side (colour channels only). */
    static Image framed(Image source, int mx, int my) {
        int w = source.width();
        int h = source.height();
        int channels = source.channels() >= 3 ? 3 : 1;
        int fw = w + 2 * mx;
        Image out = Image.create(fw, h + 2 * my, channels);
        for (int c = 0; c < channels; c++) {
            float[] s = source.plane(c);
            float[] o = out.plane(c);
            for (int y = 0; y < h; y++) {
                System.arraycopy(s, y * w, o, (y + my) * fw + mx, w);
            }
        }
        return out;
    }

    static Image cropped(Image mask, int mx, int my, int w, int h) {
        Image out = Image.create(w, h, 1);
        for (int y = 0; y < h; y++) {
            System.arraycopy(mask.plane(0), (y + my) * mask.width() + mx, out.plane(0), y * w, w);
        }
        return out;
    }
}
