package dev.atelier.server.effects.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engines.EngineException;
import dev.atelier.engines.generation.ImageSize;
import dev.atelier.server.errors.Refusal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizesTest {
    @Test
    void explicitImageToImageSizesSnapToMultiplesOfSixteenAsTheContractExample() {
        assertThat(Sizes.i2iExplicit("1033*1032")).isEqualTo(new ImageSize(1040, 1024));
        assertThat(Sizes.i2iExplicit("512x2048")).isEqualTo(new ImageSize(512, 2048));
        assertThat(Sizes.snap(1033)).isEqualTo(1040);
        assertThat(Sizes.snap(1032)).isEqualTo(1024);
        assertThat(Sizes.snap(1040)).isEqualTo(1040);
    }

    @ParameterizedTest
    @CsvSource({"511*1024", "1024*511", "2049*1024", "1024*2049", "0*512", "1024", "a*b", "1024*"})
    void explicitImageToImageSizesOutsideTheRangeAreInvalid(String size) {
        assertThatThrownBy(() -> Sizes.i2iExplicit(size)).isInstanceOf(Refusal.class)
                .hasMessageContaining("size");
    }

    @Test
    void snappedSizesStayWithinTheRangeForEveryAllowedInput() {
        long seed = 20261122L;
        System.out.println("SizesTest seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 2000; i++) {
            int w = random.nextInt(512, 2049);
            int h = random.nextInt(512, 2049);
            ImageSize s = Sizes.i2iExplicit(w + "*" + h);
            assertThat(s.width() % 16).isZero();
            assertThat(s.height() % 16).isZero();
            assertThat(s.width()).isBetween(512, 2048);
            assertThat(Math.abs(s.width() - w)).isLessThanOrEqualTo(8);
            assertThat(Math.abs(s.height() - h)).isLessThanOrEqualTo(8);
        }
    }

    @ParameterizedTest
    @CsvSource({"1000, 1000, 1024, 1024", "1200, 600, 1440, 720", "600, 1200, 720, 1440", "1920, 1080, 1360, 768",
        "3072, 768, 2048, 512", "768, 3072, 512, 2048"})
    void theDefaultImageToImageSizeIsAboutAMegapixelWithTheInputsAspect(int w, int h, int ew, int eh) {
        ImageSize s = Sizes.i2iDefault(w, h);
        assertThat(s).isEqualTo(new ImageSize(ew, eh));
        assertThat(s.pixels() / (1024.0 * 1024)).isBetween(0.9, 1.1);
    }

    @Test
    void anAspectBeyondFourToOneIsAnUnsupportedRatio() {
        assertThatThrownBy(() -> Sizes.i2iDefault(400, 2000)).isInstanceOf(EngineException.class)
                .extracting(e -> ((EngineException) e).code()).isEqualTo(dev.atelier.engines.EngineCode.ERROR_UNSUPPORT_RATIO);
        assertThatThrownBy(() -> Sizes.i2iDefault(3072, 384)).isInstanceOf(EngineException.class);
    }

    @Test
    void v2TextToImageTakesExactlyTheFiveSizes() {
        assertThat(Sizes.v2Text(null)).isEqualTo(new ImageSize(1664, 928));
        for (String s : new String[] {"1664*928", "1472*1104", "1328*1328", "1104*1472", "928*1664"}) {
            assertThat(Sizes.youcam(Sizes.v2Text(s))).isEqualTo(s);
        }
        assertThatThrownBy(() -> Sizes.v2Text("1024*1024")).hasMessageContaining("one of");
    }

    @Test
    void v1IsOneThousandTwentyFourOnTheLongSide() {
        assertThat(Sizes.v1(1, 1)).isEqualTo(new ImageSize(1024, 1024));
        assertThat(Sizes.v1(3, 4)).isEqualTo(new ImageSize(768, 1024));
        assertThat(Sizes.v1(16, 9)).isEqualTo(new ImageSize(1024, 576));
    }

    @Test
    void openAiModelsAreAskedForTheirNearestSizeAndOthersForTheExactOne() {
        ImageSize wide = new ImageSize(1664, 928);
        assertThat(Sizes.forUpstream("dall-e-3", wide)).isEqualTo(new ImageSize(1792, 1024));
        assertThat(Sizes.forUpstream("dall-e-2", wide)).isEqualTo(new ImageSize(1024, 1024));
        assertThat(Sizes.forUpstream("gpt-image-1", wide)).isEqualTo(new ImageSize(1536, 1024));
        assertThat(Sizes.forUpstream("gpt-image-1", new ImageSize(928, 1664))).isEqualTo(new ImageSize(1024, 1536));
        assertThat(Sizes.forUpstream("flux-dev", wide)).isEqualTo(wide);
        assertThat(Sizes.forUpstream(null, wide)).isEqualTo(wide);
    }
}
