package dev.atelier.engines.classical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.generation.ProviderError.Code;
import dev.atelier.engines.routing.GenerationRouter;
import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.ImageFormat;
import dev.atelier.imaging.metrics.Metrics;
import dev.atelier.imaging.stylize.Style;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The classical style filters as a generation provider, reached through the same router as remote providers. */
class ClassicalStylizerTest {
    private static final long SEED = 20261122L;
    /** Only the built-in (unconfigured) remote providers and the classical filters: no generator configured. */
    private final GenerationRouter router = GenerationRouter.fromSettings(Map.of());

    /** Bands of colour with noise: enough structure for every filter to change it. */
    private static Image scene(int w, int h) {
        System.out.println("scene seed " + SEED);
        Random rnd = new Random(SEED);
        Image img = Image.create(w, h, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean disc = (x - w / 2) * (x - w / 2) + (y - h / 3) * (y - h / 3) < (w / 5) * (w / 5);
                float n = (float) rnd.nextGaussian() * 0.03f;
                img.set(0, x, y, clamp((disc ? 0.9f : (float) y / h) + n));
                img.set(1, x, y, clamp((disc ? 0.7f : 0.3f + 0.4f * x / w) + n));
                img.set(2, x, y, clamp((disc ? 0.2f : 1f - (float) y / h) + n));
            }
        }
        return img;
    }

    private static float clamp(float v) {
        return Math.max(0, Math.min(1, v));
    }

    private static EncodedImage png(Image img) {
        return new EncodedImage(Codecs.encodeLossless(img, ImageFormat.PNG), "image/png");
    }

    private static Image decode(GenerationResult r) {
        return Codecs.decode(r.images().getFirst().data(), DecodeLimits.defaults());
    }


    @Test
    void aNamedClassicalModelRestylesTheSourceAndSaysItIsAFilter() {
        Image src = scene(160, 120);
        GenerationResult r = router.transform(List.of(png(src)),
                GenerationRequest.builder("ignored").model("classical-oil-painting").build(), Progress.none());

        assertThat(r.provider()).isEqualTo("classical");
        assertThat(r.engineId()).isEqualTo("classical-style");
        assertThat(r.model()).isEqualTo("classical-oil-painting");
        assertThat(r.cost()).isZero();
        Image out = decode(r);
        assertThat(Metrics.psnr(out, Style.OIL_PAINTING.apply(src))).as("the oil painting filter itself")
                .isGreaterThan(45);
        assertThat(Metrics.psnr(out, src)).as("and not the input").isLessThan(35);
    }

    @Test
    void aMaskedEditStylesOnlyTheWhiteRegion() {
        int w = 160;
        int h = 120;
        Image src = scene(w, h);
        Image mask = Image.create(w, h, 1);
        Image right = Image.create(w, h, 1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean l = x < w / 2;
                mask.set(0, x, y, l ? 1f : 0f);
                right.set(0, x, y, l ? 0f : 1f);
            }
        }
        GenerationResult r = router.edit(png(src), png(mask),
                GenerationRequest.builder("x").model("classical-pencil-sketch").build(), Progress.none());
        Image out = decode(r);
        assertThat(Metrics.psnr(out, src, right)).as("unmasked half unchanged").isGreaterThan(45);
        assertThat(Metrics.psnr(out, Style.PENCIL_SKETCH.apply(src), mask)).as("masked half sketched").isGreaterThan(45);
    }

    @Test
    void theFiltersAreNeverChosenUnaskedAndNeverDrawFromAPrompt() {
        assertThat(router.availability().isAvailable()).as("filters alone are no generator").isFalse();
        assertThat(router.availability(GenerationOperation.IMAGE_TO_IMAGE).describe())
                .contains("no image generation provider is configured").contains("ATELIER_PROVIDER_OPENAI_API_KEY");

        assertThatThrownBy(() -> router.generate(GenerationRequest.builder("a cat").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.NOT_CONFIGURED);
                    assertThat(e.getMessage()).contains("ATELIER_PROVIDER_OPENAI_API_KEY");
                });
        assertThatThrownBy(() -> router.transform(List.of(png(scene(64, 64))),
                GenerationRequest.builder("make it a sunset").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .extracting(ProviderError::code).isEqualTo(Code.NOT_CONFIGURED);
        assertThatThrownBy(() -> router.generate(GenerationRequest.builder("a cat").provider("classical")
                .model("classical-cartoon").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(Code.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("offers no model 'classical-cartoon' for text-to-image");
                });
        assertThatThrownBy(() -> router.transform(List.of(png(scene(64, 64))),
                GenerationRequest.builder("x").provider("classical").build(), Progress.none()))
                .asInstanceOf(type(ProviderError.class))
                .satisfies(e -> assertThat(e.getMessage()).contains("classical-cartoon")
                        .contains("classical-watercolour"));
    }

    @Test
    void theModelsAreListedWithTheirOperations() {
        assertThat(router.models()).filteredOn(m -> m.providers().contains("classical"))
                .extracting(m -> m.name())
                .containsExactly("classical-cartoon", "classical-oil-painting", "classical-pencil-sketch",
                        "classical-watercolour");
    }
}
