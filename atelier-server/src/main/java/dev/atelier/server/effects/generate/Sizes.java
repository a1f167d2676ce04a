package dev.atelier.server.effects.generate;

import dev.atelier.engines.generation.ImageSize;
import dev.atelier.server.errors.Refusal;
import dev.atelier.engines.EngineCode;
import java.util.List;
import java.util.Locale;

/**
 * The size rules of the YouCam image generator (CONTRACTS A.6) and the choice of what size to ask an upstream model
 * for. YouCam sizes are written {@code W*H}; {@code WxH} is accepted too.
 */
public final class Sizes {
    /** V2 text-to-image: the five sizes, the first being the default. */
    public static final List<ImageSize> V2_TEXT_SIZES = List.of(new ImageSize(1664, 928), new ImageSize(1472, 1104),
            new ImageSize(1328, 1328), new ImageSize(1104, 1472), new ImageSize(928, 1664));
    /** V1 text-to-image output: this many pixels on the long side. */
    public static final int V1_LONG_SIDE = 1024;
    /** V2 image-to-image output sides. */
    public static final int I2I_MIN_SIDE = 512;
    public static final int I2I_MAX_SIDE = 2048;
    /** V2 image-to-image default output area: about 1024 × 1024 pixels. */
    public static final long I2I_DEFAULT_AREA = 1024L * 1024;
    /** Sizes are snapped to multiples of this. */
    public static final int STEP = 16;

    private Sizes() {}

    /** {@code W*H} as YouCam writes it. */
    public static String youcam(ImageSize s) {
        return s.width() + "*" + s.height();
    }

    /** Parses {@code W*H} or {@code WxH}; a malformed value is {@code InvalidParameters} naming {@code field}. */
    public static ImageSize parse(String field, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int sep = Math.max(t.indexOf('*'), t.indexOf('x'));
        if (sep <= 0 || sep == t.length() - 1 || !t.substring(0, sep).matches("\\d{1,5}")
                || !t.substring(sep + 1).matches("\\d{1,5}")) {
            throw Refusal.invalid(field + " must look like 1024*1024, got '" + text + "'");
        }
        int w = Integer.parseInt(t.substring(0, sep));
        int h = Integer.parseInt(t.substring(sep + 1));
        if (w == 0 || h == 0) {
            throw Refusal.invalid(field + " must be positive, got '" + text + "'");
        }
        return new ImageSize(w, h);
    }

    /** The V2 text-to-image size: one of the five, default {@code 1664*928}. */
    public static ImageSize v2Text(String text) {
        if (text == null) {
            return V2_TEXT_SIZES.getFirst();
        }
        ImageSize s = parse("size", text);
        if (!V2_TEXT_SIZES.contains(s)) {
            throw Refusal.invalid("size must be one of " + V2_TEXT_SIZES.stream().map(Sizes::youcam).toList()
                    + ", got '" + text + "'");
        }
        return s;
    }

    /** Rounds to the nearest multiple of 16, halves to even ({@code 1033} → 1040, {@code 1032} → 1024). */
    public static int snap(int side) {
        return (int) Math.rint(side / (double) STEP) * STEP;
    }

    /** An explicit V2 image-to-image size: each side 512..2048, then snapped to multiples of 16. */
    public static ImageSize i2iExplicit(String text) {
        ImageSize s = parse("size", text);
        for (int side : new int[] {s.width(), s.height()}) {
            if (side < I2I_MIN_SIDE || side > I2I_MAX_SIDE) {
                throw Refusal.invalid("size: each side must be " + I2I_MIN_SIDE + ".." + I2I_MAX_SIDE
                        + ", got '" + text + "'");
            }
        }
        return new ImageSize(snap(s.width()), snap(s.height()));
    }

    /**
     * The default V2 image-to-image size for an input of {@code width × height}: about 1024² pixels with the input's
     * aspect ratio, snapped to multiples of 16. An aspect whose default would need a side outside 512..2048 (beyond
     * 1:4 or 4:1) is {@code error_unsupport_ratio}.
     */
    public static ImageSize i2iDefault(int width, int height) {
        double aspect = (double) width / height;
        int w = snap((int) Math.round(Math.sqrt(I2I_DEFAULT_AREA * aspect)));
        int h = snap((int) Math.round(Math.sqrt(I2I_DEFAULT_AREA / aspect)));
        if (w < I2I_MIN_SIDE || w > I2I_MAX_SIDE || h < I2I_MIN_SIDE || h > I2I_MAX_SIDE) {
            throw EngineCode.ERROR_UNSUPPORT_RATIO.exception("the input is " + width + "x" + height
                    + "; its aspect ratio needs an output side outside " + I2I_MIN_SIDE + ".." + I2I_MAX_SIDE
                    + " px (supported: 1:4 to 4:1); pass an explicit size");
        }
        return new ImageSize(w, h);
    }

    /** V1 text-to-image: 1024 px on the long side with the aspect {@code widthRatio:heightRatio}. */
    public static ImageSize v1(int widthRatio, int heightRatio) {
        if (widthRatio >= heightRatio) {
            return new ImageSize(V1_LONG_SIDE, Math.max(STEP, snap((int) Math.round(
                    V1_LONG_SIDE * (double) heightRatio / widthRatio))));
        }
        return new ImageSize(Math.max(STEP, snap((int) Math.round(V1_LONG_SIDE * (double) widthRatio / heightRatio))),
                V1_LONG_SIDE);
    }

    /**
     * What size to ask {@code model} for when the result must be {@code target}: OpenAI's own models take only a few
     * sizes, so they get the one nearest in aspect (the result is then cropped and resampled to the target); every
     * other model is asked for the target itself.
     */
    public static ImageSize forUpstream(String model, ImageSize target) {
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        List<ImageSize> offered;
        if (m.startsWith("dall-e-2")) {
            offered = List.of(new ImageSize(1024, 1024));
        } else if (m.startsWith("dall-e-3")) {
            offered = List.of(new ImageSize(1024, 1024), new ImageSize(1792, 1024), new ImageSize(1024, 1792));
        } else if (m.startsWith("gpt-image-2")) {
            return new ImageSize(snap(target.width()), snap(target.height()));
        } else if (m.startsWith("gpt-image") || m.startsWith("chatgpt-image")) {
            offered = List.of(new ImageSize(1024, 1024), new ImageSize(1536, 1024), new ImageSize(1024, 1536));
        } else {
            return target;
        }
        ImageSize best = offered.getFirst();
        for (ImageSize s : offered) {
            if (Math.abs(Math.log(s.aspect() / target.aspect())) < Math.abs(Math.log(best.aspect() / target.aspect()))) {
                best = s;
            }
        }
        return best;
    }
}
