package dev.atelier.server.effects.edit;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Engine;
import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.generation.ImageSize;
import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.Resample;
import dev.atelier.imaging.filter.Blur;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.generate.Generator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A prompt-driven edit of the masked part of a photo through the image generator's masked-edit operation (any
 * configured provider with an {@code #edit} model, chosen by the router). The generated picture is resized back to
 * the source and composited inside a slightly feathered mask, so everything the mask leaves out is exactly the
 * source: providers are free to re-render the whole frame, and some do.
 */
public final class MaskedEdit {
    /** The model name a provider may map for YouCam edits ({@code ATELIER_PROVIDER_<NAME>_MODELS=youcam-image-v2=…}). */
    static final String YOUCAM_MODEL = "youcam-image-v2";
    private final Generator generator;

    public MaskedEdit(Generator generator) {
        this.generator = generator;
    }

    public Availability availability() {
        return generator.availability(GenerationOperation.MASKED_EDIT, Optional.empty(), "");
    }

    /** Whether {@link #editFromReference} can run: a provider with an image-to-image model. */
    public Availability referenceAvailability() {
        return generator.availability(GenerationOperation.IMAGE_TO_IMAGE, Optional.empty(), "");
    }

    public List<Engine> engines() {
        return generator.engines();
    }

    /**
     * {@code source} repainted where {@code mask} (1 channel, source size, white = edit) is set, following
     * {@code prompt}; the result metadata names the provider, model and operation.
     */
    public EffectOutput edit(Image source, Image mask, String prompt, String negativePrompt, Progress progress) {
        Image src = source.withoutAlpha();
        ImageSize sent = Generator.upstreamSize(src);
        Image m = mask;
        if (sent.width() != m.width() || sent.height() != m.height()) {
            m = Resample.resize(m, sent.width(), sent.height(), Resample.Kernel.MITCHELL);
        }
        EncodedImage maskPng = new EncodedImage(Codecs.encodeLossless(m, ImageFormat.PNG), "image/png");
        String model = generator.modelFor(GenerationOperation.MASKED_EDIT, Optional.empty(), YOUCAM_MODEL);
        GenerationRequest request = GenerationRequest.builder(prompt).negativePrompt(negativePrompt).model(model)
                .build();
        progress.report(0.05, "sending the photo and mask");
        GenerationResult result = generator.call(GenerationOperation.MASKED_EDIT, request,
                List.of(Generator.upstreamPng(src)), maskPng, progress.slice(0.1, 0.9));
        return finish(src, mask, prompt, result, GenerationOperation.MASKED_EDIT, progress);
    }

    /**
     * Like {@link #edit}, but the generator also sees {@code reference} (as "Image 2"): masked-edit operations take
     * one picture, so this is the generator's multi-image image-to-image, composited inside {@code mask} all the same.
     */
    public EffectOutput editFromReference(Image source, Image reference, Image mask, String prompt,
            Progress progress) {
        Image src = source.withoutAlpha();
        String model = generator.modelFor(GenerationOperation.IMAGE_TO_IMAGE, Optional.empty(), YOUCAM_MODEL);
        GenerationRequest request = GenerationRequest.builder(prompt).model(model).build();
        progress.report(0.05, "sending the photo and the reference");
        GenerationResult result = generator.call(GenerationOperation.IMAGE_TO_IMAGE, request,
                List.of(Generator.upstreamPng(src), Generator.upstreamPng(reference.withoutAlpha())), null,
                progress.slice(0.1, 0.9));
        return finish(src, mask, prompt, result, GenerationOperation.IMAGE_TO_IMAGE, progress);
    }

    private EffectOutput finish(Image src, Image mask, String prompt, GenerationResult result,
            GenerationOperation op, Progress progress) {
        Image raw = Generator.decode(result.images().getFirst(), result.provider());
        Image back = raw.width() == src.width() && raw.height() == src.height() ? raw.withoutAlpha()
                : Generator.fit(raw, new ImageSize(src.width(), src.height())).withoutAlpha();
        Image out = composite(src, back, mask);
        Map<String, Object> meta = generator.metadata(result, prompt);
        meta.put("operation", op.wireName());
        meta.put("composited", "generated pixels inside the mask only; the rest is the source");
        progress.report(1.0, "done");
        return EffectOutput.single(out, meta);
    }

    /** {@code edited} inside {@code mask} (feathered by a pixel or two so the seam does not show), else source. */
    static Image composite(Image source, Image edited, Image mask) {
        int w = source.width();
        int h = source.height();
        double sigma = Math.max(1, Math.min(w, h) / 400.0);
        float[] soft = Blur.gaussian(mask.plane(0), w, h, sigma);
        Image out = source.copy();
        for (int c = 0; c < Math.min(3, out.channels()); c++) {
            float[] o = out.plane(c);
            float[] e = edited.plane(Math.min(c, edited.channels() - 1));
            for (int i = 0; i < o.length; i++) {
                float a = Math.max(soft[i], mask.plane(0)[i] > 0.5f ? 1f : 0f);
                o[i] = o[i] + a * (e[i] - o[i]);
            }
        }
        return out;
    }
}
