package dev.atelier.server.effects.generate;

import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The preview pictures ({@code thumb}) of the generator templates. A classical filter template's preview is the filter
 * itself applied to a built-in procedural landscape, rendered on first request and kept (four small JPEGs), served
 * publicly at {@value #PATH_PREFIX}{@code <template_id>.jpg}: it shows exactly what the filter does and reveals
 * nothing about anyone's data. Prompt templates depend on whichever upstream draws them, so their previews come from
 * {@code ATELIER_GENERATOR_THUMB_URL} (a URL pattern with {@code {id}}) and are {@code null} when it is unset.
 */
public final class TemplateThumbs {
    public static final String PATH_PREFIX = "/thumbs/templates/";
    static final int SIDE = 256;
    /** The landscape's noise is seeded so that every server renders the same previews. */
    private static final long SCENE_SEED = 0xA7E11E5L;

    private final TemplateCatalogue catalogue;
    private final Optional<String> promptTemplatePattern;
    private final Supplier<String> baseUrl;
    private final Map<String, byte[]> rendered = new ConcurrentHashMap<>();

    public TemplateThumbs(TemplateCatalogue catalogue, Optional<String> promptTemplatePattern,
            Supplier<String> baseUrl) {
        this.catalogue = catalogue;
        this.promptTemplatePattern = promptTemplatePattern;
        this.baseUrl = baseUrl;
    }

    /** The template's preview URL, or {@code null} when it has none. */
    public String url(TemplateCatalogue.Template t) {
        if (t.isClassical()) {
            return baseUrl.get() + PATH_PREFIX + t.id() + ".jpg";
        }
        return promptTemplatePattern.map(p -> p.replace("{id}", t.id())).orElse(null);
    }

    /** The preview of a legacy style: its template's. */
    public String url(TemplateCatalogue.Style s) {
        return catalogue.template(s.template()).map(this::url).orElse(null);
    }

    /** The JPEG preview of a classical filter template, rendered once; empty for other ids. */
    public Optional<byte[]> jpeg(String templateId) {
        Optional<TemplateCatalogue.Template> t = catalogue.template(templateId).filter(TemplateCatalogue.Template::isClassical);
        return t.map(template -> rendered.computeIfAbsent(template.id(),
                id -> Codecs.encode(template.filter().apply(scene()), ImageFormat.JPEG, 85)));
    }

    /** A small landscape: sky, sun, two hills and a house, with a little seeded texture for the filters to use. */
    static Image scene() {
        Random rnd = new Random(SCENE_SEED);
        Image img = Image.create(SIDE, SIDE, 3);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double t = (double) y / SIDE;
                double[] c = {0.35 + 0.45 * t, 0.55 + 0.35 * t, 0.95 - 0.1 * t}; // sky
                double far = SIDE * (0.55 + 0.06 * Math.sin(x / 23.0));
                double near = SIDE * (0.72 + 0.05 * Math.sin(x / 41.0 + 2));
                if (Math.hypot(x - SIDE * 0.75, y - SIDE * 0.22) < SIDE * 0.09) {
                    c = new double[] {1.0, 0.85, 0.3};
                } else if (y > near) {
                    c = new double[] {0.25, 0.55, 0.2};
                } else if (y > far) {
                    c = new double[] {0.35, 0.45, 0.3};
                }
                boolean wall = x > SIDE * 0.2 && x < SIDE * 0.42 && y > SIDE * 0.62 && y < SIDE * 0.8;
                double roofTop = SIDE * 0.5;
                double roofBottom = SIDE * 0.62;
                double half = (y - roofTop) / (roofBottom - roofTop) * SIDE * 0.13;
                boolean roof = y >= roofTop && y <= roofBottom && Math.abs(x - SIDE * 0.31) <= half;
                boolean door = x > SIDE * 0.28 && x < SIDE * 0.34 && y > SIDE * 0.7 && y < SIDE * 0.8;
                if (door) {
                    c = new double[] {0.3, 0.2, 0.1};
                } else if (wall) {
                    c = new double[] {0.9, 0.85, 0.75};
                } else if (roof) {
                    c = new double[] {0.7, 0.15, 0.1};
                }
                double n = rnd.nextGaussian() * 0.025;
                for (int ch = 0; ch < 3; ch++) {
                    img.set(ch, x, y, (float) Math.max(0, Math.min(1, c[ch] + n)));
                }
            }
        }
        return img;
    }
}
