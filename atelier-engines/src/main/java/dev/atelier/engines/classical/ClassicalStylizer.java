package dev.atelier.engines.classical;

import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.GeneratedImage;
import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.generation.ImageGeneration;
import dev.atelier.engines.generation.ModelInfo;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.generation.ProviderError.Code;
import dev.atelier.engines.generation.Timings;
import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.ImagingException;
import dev.atelier.imaging.stylize.Style;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The classical style filters of {@code atelier-imaging} as an image generation provider, so that one routing table
 * covers local and remote generators. It restyles a source picture (image-to-image) or only the masked region of it
 * (masked edit); it cannot draw from a prompt, and says so. Each style is a model ({@code classical-cartoon},
 * {@code classical-oil-painting}, {@code classical-pencil-sketch}, {@code classical-watercolour}).
 *
 * <p>It has no default model: routing only reaches it when a caller names the provider {@value #PROVIDER} with a
 * model or names one of its models, because a filter is no answer to "draw what this prompt says". The prompt is
 * not used; results are deterministic, so the result carries no seed and costs nothing.
 */
public final class ClassicalStylizer extends ClassicalEngine implements ImageGeneration {
    public static final String PROVIDER = "classical";
    public static final String MODEL_PREFIX = "classical-";
    /** Sources are decoded within this budget (the server sends at most 2048 px on the long side). */
    private static final DecodeLimits SOURCE_LIMITS = new DecodeLimits(40_000_000L, 64L << 20);
    private static final List<ModelInfo> MODELS = Arrays.stream(Style.values())
            .map(s -> new ModelInfo(modelName(s), EnumSet.of(GenerationOperation.IMAGE_TO_IMAGE,
                    GenerationOperation.MASKED_EDIT)))
            .toList();

    @Override
    public String id() {
        return "classical-style";
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public List<ModelInfo> models() {
        return MODELS;
    }

    /** The model that applies {@code style}, e.g. {@code classical-oil-painting}. */
    public static String modelName(Style style) {
        return MODEL_PREFIX + style.id();
    }

    /** The style a model name stands for. */
    public static Optional<Style> style(String model) {
        if (model == null || !model.startsWith(MODEL_PREFIX)) {
            return Optional.empty();
        }
        String id = model.substring(MODEL_PREFIX.length());
        return Arrays.stream(Style.values()).filter(s -> s.id().equals(id)).findFirst();
    }

    /** Only a named model: an implicit choice must never land on a filter. */
    @Override
    public Optional<ModelInfo> model(String name, GenerationOperation op) {
        return name == null ? Optional.empty() : ImageGeneration.super.model(name, op);
    }

    @Override
    public GenerationResult generate(GenerationRequest request, Progress progress) {
        throw ProviderError.builder(Code.INVALID_REQUEST, "the classical style filters restyle a source picture; "
                        + "they cannot draw from a prompt (text-to-image needs a configured generator, see "
                        + "ATELIER_PROVIDER_<NAME>_API_KEY in docs/configuration.md)")
                .provider(PROVIDER).param("model").build();
    }

    @Override
    public GenerationResult transform(List<EncodedImage> sources, GenerationRequest request, Progress progress) {
        if (sources == null || sources.isEmpty()) {
            throw invalid("a classical style needs a source picture", "image");
        }
        return run(sources.getFirst(), null, request, progress);
    }

    @Override
    public GenerationResult edit(EncodedImage image, EncodedImage mask, GenerationRequest request,
            Progress progress) {
        if (mask == null) {
            throw invalid("a masked edit needs a mask", "mask");
        }
        return run(image, mask, request, progress);
    }

    private GenerationResult run(EncodedImage source, EncodedImage mask, GenerationRequest request,
            Progress progress) {
        Style style = style(request.model()).orElseThrow(() -> invalid("the classical provider offers the models "
                + MODELS.stream().map(ModelInfo::name).toList() + "; got "
                + (request.model() == null ? "none" : "'" + request.model() + "'"), "model"));
        if (request.size() != null) {
            throw invalid("classical style filters keep the source's size; leave size out", "size");
        }
        Progress p = progress == null ? Progress.none() : progress;
        long start = System.nanoTime();
        Image img = decode(source, "image");
        p.report(0.1, "applying the " + style.id() + " filter");
        Image styled = style.apply(img);
        if (mask != null) {
            styled = blend(rgb(img), styled, decode(mask, "mask"));
        }
        p.report(0.9, "encoding");
        EncodedImage out = new EncodedImage(Codecs.encodeLossless(styled, ImageFormat.PNG), "image/png");
        List<GeneratedImage> images = java.util.Collections.nCopies(request.count(),
                new GeneratedImage(out, null, null));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        p.report(1.0, "done");
        return new GenerationResult(images, null, modelName(style), PROVIDER, id(), new Timings(took, took),
                BigDecimal.ZERO, null, List.of());
    }

    /** The styled picture where the mask is white, the original where black, mixed in between. */
    private static Image blend(Image original, Image styled, Image mask) {
        if (mask.width() != original.width() || mask.height() != original.height()) {
            throw invalid("the mask is " + mask.width() + "x" + mask.height() + " but the image is "
                    + original.width() + "x" + original.height(), "mask");
        }
        float[] m = mask.plane(0);
        float[][] planes = new float[3][];
        for (int c = 0; c < 3; c++) {
            float[] a = original.plane(c);
            float[] b = styled.plane(c);
            float[] o = new float[a.length];
            for (int i = 0; i < o.length; i++) {
                o[i] = a[i] + (b[i] - a[i]) * m[i];
            }
            planes[c] = o;
        }
        return Image.wrap(original.width(), original.height(), planes);
    }

    private static Image rgb(Image img) {
        return img.channels() < 3 ? Image.wrap(img.width(), img.height(), img.plane(0), img.plane(0), img.plane(0))
                : img.withoutAlpha();
    }

    private static Image decode(EncodedImage e, String param) {
        try {
            return Codecs.decode(e.data(), SOURCE_LIMITS);
        } catch (ImagingException x) {
            throw invalid("the " + param + " cannot be decoded: " + x.getMessage(), param);
        }
    }

    private static ProviderError invalid(String message, String param) {
        return ProviderError.builder(Code.INVALID_REQUEST, message).provider(PROVIDER).param(param).build();
    }

    @Override
    public String toString() {
        return "ClassicalStylizer" + MODELS.stream().map(ModelInfo::name).toList().toString().toLowerCase(Locale.ROOT);
    }
}
