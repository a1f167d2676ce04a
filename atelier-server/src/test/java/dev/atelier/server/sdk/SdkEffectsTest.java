package dev.atelier.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.client.ApiFamily;
import dev.atelier.client.AtelierClient;
import dev.atelier.client.ErrorCode;
import dev.atelier.client.Input;
import dev.atelier.client.OutputFormat;
import dev.atelier.client.RequestException;
import dev.atelier.client.TaskResult;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.metrics.Metrics;
import dev.atelier.server.testing.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every effect of the server's table through its typed SDK call, in both families. */
class SdkEffectsTest {
    private final SdkFixture fx = new SdkFixture();

    @AfterEach
    void stop() {
        fx.closeCheckingContract();
    }

    @ParameterizedTest
    @EnumSource(ApiFamily.class)
    void colorCorrectionListsSeveralVariantsOfThePhoto(ApiFamily family) {
        byte[] photo = TestImages.jpeg(96, 64);
        try (AtelierClient client = fx.client(family)) {
            TaskResult r = client.effects().colorCorrect(Input.of(photo)).outputFormat(OutputFormat.PNG).run();

            assertThat(r.outputs()).hasSizeGreaterThan(1);
            for (TaskResult.Output o : r.outputs()) {
                Image img = SdkFixture.decode(r.download(o));
                assertThat(img.width()).isEqualTo(96);
                assertThat(img.height()).isEqualTo(64);
                assertThat(Metrics.psnr(SdkFixture.decode(photo), img)).as("a variant of the photo").isGreaterThan(12.0);
            }
        }
        String path = family == ApiFamily.LEGACY ? "POST /s2s/v1.0/task/color-correct"
                : "POST /s2s/v2.0/task/colorize/color-correct";
        assertThat(fx.proxy.exchanges(r -> r.equals(path))).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(ApiFamily.class)
    void lightingKeepsTheSizeAndStaysCloseToThePhoto(ApiFamily family) {
        byte[] photo = TestImages.jpeg(320, 256);
        try (AtelierClient client = fx.client(family)) {
            Image out = SdkFixture.decode(client.effects().lighting(Input.of(photo)).run().download());

            assertThat(out.width()).isEqualTo(320);
            assertThat(Metrics.psnr(SdkFixture.decode(photo), out)).isGreaterThan(15.0);
        }
    }

    @ParameterizedTest
    @EnumSource(ApiFamily.class)
    void objectRemovalUploadsTheMaskAndChangesOnlyWhatItCovers(ApiFamily family) {
        BufferedImage picture = TestImages.picture(128, 96);
        byte[] photo = TestImages.encode(picture, "png");
        BufferedImage mask = new BufferedImage(128, 96, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = mask.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(40, 30, 24, 20);
        g.dispose();
        try (AtelierClient client = fx.client(family)) {
            TaskResult r = client.effects().removeObject(Input.of(photo), Input.of(TestImages.encode(mask, "png")))
                    .outputFormat(OutputFormat.PNG).run();

            Image out = SdkFixture.decode(r.download());
            Image outside = SdkFixture.decode(TestImages.encode(invert(mask), "png"));
            assertThat(Metrics.psnr(SdkFixture.decode(photo), out, outside)).as("untouched outside the mask")
                    .isGreaterThan(40.0);
        }
        assertThat(fx.proxy.exchanges(r -> r.startsWith("PUT /uploads/"))).hasSize(2);
    }

    private static BufferedImage invert(BufferedImage mask) {
        BufferedImage inv = new BufferedImage(mask.getWidth(), mask.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < mask.getHeight(); y++) {
            for (int x = 0; x < mask.getWidth(); x++) {
                inv.setRGB(x, y, ~mask.getRGB(x, y));
            }
        }
        return inv;
    }

    static Stream<Arguments> segmentationEffects() {
        Stream<Function<AtelierClient, dev.atelier.client.EffectCall<?>>> calls = Stream.of(
                c -> c.effects().removeBackground(Input.of(TestImages.png(64, 48))),
                c -> c.effects().blurBackground(Input.of(TestImages.jpeg(64, 48))).intensity(30),
                c -> c.effects().replaceBackground(Input.of(TestImages.jpeg(64, 48))).color("#336699"));
        return calls.flatMap(call -> Stream.of(ApiFamily.values()).map(f -> Arguments.of(f, call)));
    }

    @ParameterizedTest
    @MethodSource("segmentationEffects")
    void segmentationEffectsWithoutTheirModelAreRefusedAsUnavailableBeforeAnyTaskExists(ApiFamily family,
            Function<AtelierClient, dev.atelier.client.EffectCall<?>> call) {
        // a fresh data directory has no segmentation model installed
        try (AtelierClient client = fx.client(family)) {
            assertThatThrownBy(() -> call.apply(client).run())
                    .isInstanceOfSatisfying(RequestException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.FEATURE_UNAVAILABLE);
                        assertThat(e.attempts()).isEqualTo(1);
                    });
        }
        assertThat(fx.taskCount()).isZero();
    }
}
