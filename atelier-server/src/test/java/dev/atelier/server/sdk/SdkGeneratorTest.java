package dev.atelier.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.client.ApiFamily;
import dev.atelier.client.AtelierClient;
import dev.atelier.client.ErrorCode;
import dev.atelier.client.Input;
import dev.atelier.client.RequestException;
import dev.atelier.client.TaskResult;
import dev.atelier.client.Template;
import dev.atelier.server.testing.FakeImagesUpstream;
import dev.atelier.server.testing.TestImages;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** The AI Image Generator through its typed SDK calls against a fake OpenAI-compatible upstream. */
class SdkGeneratorTest {
    private final FakeImagesUpstream upstream = FakeImagesUpstream.start();
    private final SdkFixture fx = new SdkFixture(upstream.settings("fake", "sdxl#text+image+edit"));

    @AfterEach
    void stop() {
        try {
            fx.closeCheckingContract();
        } finally {
            upstream.close();
        }
    }


    @ParameterizedTest
    @EnumSource(ApiFamily.class)
    void v2TextToImageDeliversTheChosenSizeOnEitherCredential(ApiFamily family) {
        try (AtelierClient client = fx.client(family)) {
            TaskResult r = client.effects().textToImageV2("a lighthouse at dusk").size("1328*1328")
                    .negativePrompt("people").promptExtend(false).run();

            BufferedImage out = TestImages.decode(r.download());
            assertThat(out.getWidth()).isEqualTo(1328);
            assertThat(out.getHeight()).isEqualTo(1328);
            assertThat(r.metadata()).containsEntry("provider", "fake");
        }
        JsonNode sent = upstream.last().json();
        assertThat(sent.path("prompt").asString()).isEqualTo("a lighthouse at dusk");
        assertThat(sent.path("negative_prompt").asString()).isEqualTo("people");
        assertThat(fx.proxy.exchanges(r -> r.equals("POST /s2s/v2.0/task/text-to-image/youcam"))).hasSize(1);
    }

    @Test
    void v1TextToImageWithATemplateListedByTheServer() {
        try (AtelierClient client = fx.v2().build()) {
            List<Template> templates = client.effects().templates();
            assertThat(templates).extracting(Template::id).contains("watercolor").doesNotHaveDuplicates();

            TaskResult r = client.effects().textToImage("a harbour").template("watercolor").ratio(3, 4).seed(42)
                    .run();

            BufferedImage out = TestImages.decode(r.download());
            assertThat(out.getWidth()).isEqualTo(768);
            assertThat(out.getHeight()).isEqualTo(1024);
            assertThat(r.metadata()).containsEntry("template_id", "watercolor");
        }
        assertThat(upstream.last().json().path("seed").asLong()).isEqualTo(42);
        assertThat(upstream.last().json().path("prompt").asString()).startsWith("a harbour, watercolor");
    }

    @Test
    void v1TextToImageWithALegacyStyle() {
        JsonNode group = fx.server.client().get("/s2s/v1.0/task/style-group/text-to-image").json().path("result")
                .path("groups").get(0);
        long groupId = group.path("id").asLong();
        long styleId = fx.server.client().get("/s2s/v1.0/task/style/text-to-image?style_group_id=" + groupId).json()
                .path("result").path("styles").get(0).path("id").asLong();
        try (AtelierClient client = fx.legacy().build()) {
            TaskResult r = client.effects().textToImage("a quiet street").style(groupId, styleId).run();
            assertThat(TestImages.decode(r.download()).getWidth()).isEqualTo(1024);

            assertThatThrownBy(() -> client.effects().textToImage("x").style(1, styleId).run())
                    .isInstanceOfSatisfying(RequestException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STYLE_GROUP));
        }
        assertThat(fx.proxy.exchanges(r -> r.equals("POST /s2s/v1.0/task/text-to-image"))).hasSize(2);
    }

    @Test
    void imageToImageUploadsUpToThreeSourcesAndUsesTheSize() {
        try (AtelierClient client = fx.v2().build()) {
            TaskResult r = client.effects().imageToImage("make it autumn", Input.of(TestImages.jpeg(640, 480)),
                    Input.of(TestImages.png(480, 640))).size(1033, 1032).run();

            BufferedImage out = TestImages.decode(r.download());
            assertThat(out.getWidth()).isEqualTo(1040);
            assertThat(out.getHeight()).isEqualTo(1024);
            assertThatThrownBy(() -> client.effects().imageToImage("x", Input.fileId("a"), Input.fileId("b"),
                    Input.fileId("c"), Input.fileId("d"))).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(fx.proxy.exchanges(r -> r.startsWith("PUT /uploads/"))).hasSize(2);
        assertThat(upstream.last().path()).isEqualTo("/v1/images/edits");
    }

    @Test
    void promptsBeyondTheLimitAreRefusedBeforeSending() {
        try (AtelierClient client = fx.v2().build()) {
            assertThatThrownBy(() -> client.effects().textToImageV2("a".repeat(801)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 800");
            assertThatThrownBy(() -> client.effects().textToImage("a fox").run())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("template");
            assertThatThrownBy(() -> client.effects().textToImageV2("a fox").size("1024*1024"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1328*1328");
            assertThatThrownBy(() -> client.effects().textToImage("a fox").template("nope").run())
                    .isInstanceOfSatisfying(RequestException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETERS);
                        assertThat(e.getMessage()).contains("template_id 'nope'");
                    });
        }
        assertThat(upstream.received()).isEmpty();
    }
}
