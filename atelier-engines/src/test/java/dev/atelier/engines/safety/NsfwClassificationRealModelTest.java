package dev.atelier.engines.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engines.testing.RealModelHost;
import dev.atelier.engines.testing.RealModels;
import dev.atelier.imaging.Image;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** nsfwjs's MobileNetV2 (pulled from npm, converted at install) on the sample photos: none is sexual content. */
class NsfwClassificationRealModelTest {
    @RegisterExtension
    static final RealModelHost models = new RealModelHost();

    @ParameterizedTest
    @ValueSource(strings = {"astronaut.png", "chelsea.png", "coffee.png", "messi5.jpg", "fruits.jpg", "starry_night.jpg"})
    void samplePhotosAreNotFlagged(String photo) {
        models.require("nsfw-mobilenet-v2");
        Image image = RealModels.photo(photo);
        NsfwClassification.Scores s = new NsfwClassification(models.host(), "nsfw-mobilenet-v2").classify(image);
        System.out.println(photo + ": " + s.byClass());
        assertThat(s.byClass().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-3));
        assertThat(s.byClass().get("porn") + s.byClass().get("hentai")).as(photo).isLessThan(0.3);
        assertThat(s.top()).isIn("neutral", "drawing");
    }
}
