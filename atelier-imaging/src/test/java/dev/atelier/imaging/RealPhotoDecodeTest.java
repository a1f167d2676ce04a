package dev.atelier.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.imaging.metrics.Metrics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RealPhotoDecodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"astronaut.png", "coffee.png", "camera.png", "fruits.jpg", "baboon.jpg", "orange.jpg",
        "plant.jpg", "squirrel_cls.jpg", "rocket.jpg"})
    void realPhotosDecodeAndSurviveReencoding(String name) {
        Image photo = Photos.load(name);
        assertThat(photo.width()).isGreaterThan(100);
        Image png = Codecs.decode(Codecs.encode(photo, ImageFormat.PNG, 100), DecodeLimits.defaults());
        assertThat(Metrics.psnr(photo, png)).isGreaterThan(50);
        for (ImageFormat format : new ImageFormat[] {ImageFormat.JPEG, ImageFormat.WEBP}) {
            if (format == ImageFormat.WEBP) {
                NeedsNative.webp();
            }
            Image back = Codecs.decode(Codecs.encode(photo, format, 92), DecodeLimits.defaults());
            assertThat(Metrics.psnr(photo, back)).as("%s via %s", name, format).isGreaterThan(30);
        }
    }
}
