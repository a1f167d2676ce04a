package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Engine;
import dev.atelier.engines.Progress;
import dev.atelier.engines.classical.ClassicalRelighting;
import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.Resample;
import dev.atelier.imaging.metrics.Metrics;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.EffectInput;
import dev.atelier.server.effects.EffectOutput;
import dev.atelier.server.effects.EffectSpec;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.effects.ParamSpec;
import dev.atelier.server.effects.color.LightingEffect;
import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each feature's preview thumbnail on the built-in sample, over real HTTP, and made once. */
class EffectPreviewsTest {
    private static TestServer server;
    private static Image sample;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        sample = Codecs.decode(image("/ui/sample.jpg").body(), DecodeLimits.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** An image response, fetched without the OpenAPI check (it reads text bodies only), kept to look at. */
    private static TestClient.Response image(String path) {
        TestClient.Response r = TestClient.fetch(server.baseUrl() + path);
        try {
            java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "previews"));
            java.nio.file.Files.write(dir.resolve(path.substring(path.lastIndexOf('/') + 1).replace(".jpg", "")
                    + (r.body().length > 1 && (r.body()[0] & 0xFF) == 0x89 ? ".png" : ".jpg")), r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return r;
    }

    private static Image decode(TestClient.Response r) {
        return Codecs.decode(r.body(), DecodeLimits.defaults());
    }

    private static Image sampleAt(int w, int h) {
        return Resample.resize(sample, w, h, Resample.Kernel.LANCZOS3);
    }

    @Test
    void theSampleIsAServedPhoto() {
        TestClient.Response r = image("/ui/sample.jpg");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(sample.width()).isEqualTo(384);
        assertThat(sample.height()).isEqualTo(384);
    }

    @Test
    void anEffectsPreviewIsItsOutputOnTheSampleAsAThumbnail() {
        TestClient.Response r = image("/ui/previews/enhance");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("image/jpeg");
        Image thumb = decode(r);
        assertThat(Math.max(thumb.width(), thumb.height())).isEqualTo(EffectPreviews.THUMB_SIDE);
        double psnr = Metrics.psnr(sampleAt(thumb.width(), thumb.height()), thumb);
        assertThat(psnr).as("the enhanced sample still looks like the sample").isGreaterThan(24.0);
    }

    @Test
    void aMaskedEffectIsShownOnTheSamplesBuiltInMask() {
        TestClient.Response r = image("/ui/previews/obj-removal");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        Image thumb = decode(r);
        Image before = sampleAt(thumb.width(), thumb.height());
        // the mask covers x 11/16..7/8, y 0..19/32 of the picture: the shuttle is filled, the face kept
        int s = thumb.width();
        double inside = meanDifference(before, thumb, s * 11 / 16 + 2, 2, s * 7 / 8 - 2, s * 19 / 32 - 2);
        double face = meanDifference(before, thumb, s * 3 / 8, s / 8, s * 5 / 8, s * 3 / 8);
        assertThat(inside).as("the masked patch changed").isGreaterThan(0.03);
        assertThat(face).as("the face, far from the mask, did not").isLessThan(0.02);
    }

    @Test
    void everyReadyFeatureTheSampleCanShowHasAPreview() {
        for (String feature : List.of("color-correct", "lighting", "hair-style")) {
            TestClient.Response r = image("/ui/previews/" + feature);
            if (r.status() == 200) {
                Image thumb = decode(r);
                assertThat(Math.max(thumb.width(), thumb.height())).isEqualTo(EffectPreviews.THUMB_SIDE);
            } else {
                assertThat(r.text()).as(feature).contains("no preview of " + feature);
            }
        }
    }

    @Test
    void whatTheSampleCannotShowIsRefusedSayingWhy() {
        TestClient.Response swap = server.anonymous().get("/ui/previews/face-swap");
        assertThat(swap.status()).isEqualTo(404);
        assertThat(swap.json().path("error").asString()).contains("needs a reference picture");

        TestClient.Response generator = server.anonymous().get("/ui/previews/text-to-image");
        assertThat(generator.status()).isEqualTo(404);
        assertThat(generator.json().path("error").asString()).contains("makes pictures from a prompt");

        TestClient.Response sod = server.anonymous().get("/ui/previews/sod");
        assertThat(sod.status()).isEqualTo(400);
        assertThat(sod.json().path("error_code").asString()).isEqualTo("FeatureUnavailable");
        assertThat(sod.json().path("error").asString()).contains("isnet-fp16");

        TestClient.Response unknown = server.anonymous().get("/ui/previews/no-such-feature");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error_code").asString()).isEqualTo("NotFound");
    }

    @Test
    void eachPreviewIsMadeOnceThenServedFromMemory() {
        Effect real = new LightingEffect(new ClassicalRelighting());
        AtomicInteger runs = new AtomicInteger();
        Effect counted = new Counting(real, runs);
        EffectPreviews previews = new EffectPreviews(new Effects(List.of(counted)), DecodeLimits.defaults());

        EffectPreviews.Thumb first = previews.preview("lighting");
        EffectPreviews.Thumb second = previews.preview("lighting");

        assertThat(runs).hasValue(1);
        assertThat(second.bytes()).isEqualTo(first.bytes());
    }

    private static double meanDifference(Image a, Image b, int x0, int y0, int x1, int y1) {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    sum += Math.abs(a.get(c, x, y) - b.get(c, x, y));
                    n++;
                }
            }
        }
        return sum / n;
    }

    /** A real effect that counts its runs. */
    private record Counting(Effect real, AtomicInteger runs) implements Effect {
        @Override
        public EffectSpec spec() {
            return real.spec();
        }

        @Override
        public Availability availability() {
            return real.availability();
        }

        @Override
        public Map<String, Object> validateParams(Map<String, Object> params) {
            return real.validateParams(params);
        }

        @Override
        public List<ParamSpec> parameters() {
            return real.parameters();
        }

        @Override
        public List<Engine> engines() {
            return real.engines();
        }

        @Override
        public EffectOutput run(EffectInput input, Progress progress) {
            runs.incrementAndGet();
            return real.run(input, progress);
        }
    }
}
