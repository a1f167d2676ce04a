package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.FakeImagesUpstream;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The generator forms in a real browser, against a server whose generator is a fake OpenAI-compatible upstream: the
 * text-to-image form is built from the listing (prompt with its limit, the template picker from the template list
 * route, ratio), image-to-image takes up to three pictures, the settings reach the upstream, and every result lands
 * in the gallery with its settings.
 */
class GeneratorBrowserTest {
    @RegisterExtension
    static final PlaygroundSession session = PlaygroundSession.serverPerTest();
    private FakeImagesUpstream upstream;

    @AfterEach
    void stopUpstream() {
        if (upstream != null) {
            upstream.close();
        }
    }

    private Browser browser() {
        return session.browser();
    }

    private TestServer serve(String models) {
        upstream = FakeImagesUpstream.start();
        return session.start(upstream.settings("fake", models));
    }

    /** Every template of the list route, as a client pages through it. */
    private static List<JsonNode> templates(TestServer server) {
        List<JsonNode> all = new ArrayList<>();
        String token = null;
        do {
            JsonNode data = server.client().get("/s2s/v2.0/task/template/text-to-image?page_size=20"
                    + (token == null ? "" : "&starting_token=" + token)).json().path("data");
            data.path("templates").forEach(all::add);
            token = data.path("next_token").isNull() ? null : data.path("next_token").asString();
        } while (token != null);
        return all;
    }

    @Test
    void aPromptAndAPickedTemplateGenerateAPictureThatTheGalleryKeepsWithItsSettings() {
        TestServer server = serve("dall-e-2");
        Browser browser = browser();
        session.openWithKey("#/effect/text-to-image");
        WebElement prompt = browser.waitFor("textarea[name=prompt]");
        assertThat(browser.findAll("input[type=file]")).as("a generator takes no picture").isEmpty();

        prompt.sendKeys("a lighthouse at dusk");
        assertThat(browser.find("main").getText()).contains("20 / 500 characters");

        // The picker shows every template of the list route: its thumbnail, or a placeholder when it has none.
        List<JsonNode> templates = templates(server);
        assertThat(templates).hasSizeGreaterThan(1);
        browser.waitFor("[data-role=template-picker]");
        assertThat(browser.find("[data-role=template-state]").getText()).startsWith(templates.size() + " templates");
        for (JsonNode t : templates) {
            WebElement choice = browser.find("[data-template='" + t.path("id").asString() + "']");
            assertThat(choice.getText()).contains(t.path("title").asString());
            if (t.path("thumb").isNull()) {
                assertThat(choice.findElements(By.cssSelector("[data-role=thumb-placeholder]"))).hasSize(1);
            } else {
                assertThat(choice.findElement(By.tagName("img")).getAttribute("src")).endsWith(t.path("thumb").asString());
            }
        }
        // Arrow keys move through the choices like any radio group; the first is chosen to begin with.
        WebElement first = browser.find("[data-role=template-radio]:checked");
        assertThat(first.getAttribute("value")).isEqualTo(templates.get(0).path("id").asString());
        first.sendKeys(Keys.ARROW_RIGHT);
        String picked = templates.get(1).path("id").asString();
        assertThat(browser.find("[data-role=template-radio]:checked").getAttribute("value")).isEqualTo(picked);
        session.screenshot("picker");

        browser.find("input[name=width_ratio]").sendKeys("3");
        browser.find("input[name=height_ratio]").sendKeys("2");
        browser.find("[data-role=run]").click();

        String info = browser.waitForText("[data-role=result-info]", "px");
        session.screenshot();
        assertThat(browser.find("[data-role=progress-text]").getText()).isEqualTo("Done");
        // 3:2 with the sides snapped to multiples of 16
        assertThat(info).contains("Result: 1024 × 688 px").contains("JPG");
        BufferedImage shown = TestImages.decode(browser.bytesOf(browser.find("a[data-format=jpg]").getAttribute("href")));
        assertThat(shown.getWidth()).isEqualTo(1024);
        String sent = upstream.last().json().path("prompt").asString();
        assertThat(sent).as("the prompt reached the upstream with the template %s", picked)
                .startsWith("a lighthouse at dusk, ");
        assertThat(server.client().get("/s2s/v2.0/task/template/text-to-image").status()).isEqualTo(200);

        // The gallery keeps the result with the settings that made it, and hands it on as another effect's input.
        WebElement item = browser.waitFor("[data-role=gallery-item]");
        assertThat(item.findElement(By.cssSelector("[data-role=gallery-settings]")).getText())
                .contains("prompt", "a lighthouse at dusk", "template_id", picked, "width_ratio", "3", "output_ext");
        assertThat(item.getText()).contains("1024 × 688 px");
        assertThat(item.findElements(By.cssSelector("[data-format]"))).hasSize(3);
        item.findElement(By.cssSelector("[data-role=use-in] option[value=enhance]")).click();
        item.findElement(By.cssSelector("[data-role=gallery-use]")).click();
        assertThat(browser.waitForText("[data-role=source-info]", "a result, file id")).contains("1024 × 688 px");
        assertThat(browser.find("h1").getText()).isEqualTo("Photo enhance");
        session.screenshot("used-in-enhance");

        browser.find("a[href='#/gallery']").click();
        browser.waitFor("[data-role=gallery-item]");
        assertThat(browser.findAll("[data-role=gallery-item]")).hasSize(1);
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void imageToImageTakesUpToThreePicturesEachWithARemoveButtonAndSendsThemInOrder() {
        TestServer server = serve("sdxl#text+image+edit");
        Browser browser = browser();
        session.openWithKey("#/effect/" + "image-to-image-youcam");
        browser.waitFor("[data-role=sources-count]");
        assertThat(browser.find("[data-role=sources-count]").getText()).isEqualTo("0 of at most 3 chosen");

        int[][] sizes = {{400, 400}, {480, 400}, {560, 400}, {640, 400}};
        for (int i = 0; i < 3; i++) {
            session.choose(session.file("in" + i + ".png", TestImages.png(sizes[i][0], sizes[i][1])));
            int n = i + 1;
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> browser.findAll("[data-role=sources] li").size() == n);
        }
        assertThat(browser.find("[data-role=sources-count]").getText()).isEqualTo("3 of at most 3 chosen");
        assertThat(browser.findAll("[data-role=dropzone]").stream().filter(WebElement::isDisplayed))
                .as("a full list takes no more pictures").isEmpty();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> browser
                .findAll("[data-role=sources] [data-role=upload-status]").stream()
                .allMatch(e -> e.getText().startsWith("Uploaded")));
        assertThat(browser.findAll("[data-role=sources] img")).hasSize(3);
        session.screenshot("three");

        // Remove the second; the drop zone comes back and a fourth picture takes the free place, at the end.
        WebElement remove = browser.findAll("[data-role=sources] [data-role=remove]").get(1);
        assertThat(remove.getAttribute("aria-label")).isEqualTo("Remove source image 2 (in1.png)");
        remove.click();
        assertThat(browser.findAll("[data-role=sources] li")).hasSize(2);
        assertThat(browser.driver().switchTo().activeElement().getAttribute("aria-label"))
                .as("the focus stays on the list").isEqualTo("Remove source image 2 (in2.png)");
        session.choose(session.file("in3.png", TestImages.png(sizes[3][0], sizes[3][1])));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> browser
                .findAll("[data-role=sources] [data-role=upload-status]").stream()
                .filter(e -> e.getText().startsWith("Uploaded")).count() == 3);
        assertThat(browser.find("[data-role=sources]").getText()).contains("1. in0.png", "2. in2.png", "3. in3.png");

        browser.find("textarea[name=prompt]").sendKeys("Image 1 in the style of Image 3");
        browser.find("[data-role=run]").click();
        browser.waitForText("[data-role=result-info]", "px");
        session.screenshot();
        BufferedImage out = TestImages.decode(browser.bytesOf(browser.find("a[data-format=jpg]").getAttribute("href")));
        assertThat((double) out.getWidth() / out.getHeight()).as("the last picture's 640:400 shape")
                .isCloseTo(1.6, org.assertj.core.data.Offset.offset(0.03));
        assertThat(browser.find("[data-role=result-info]").getText())
                .contains("Result: " + out.getWidth() + " × " + out.getHeight() + " px");

        FakeImagesUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/v1/images/edits");
        java.util.Map<String, byte[]> parts = sent.parts();
        assertThat(List.of(TestImages.decode(parts.get("image[]")).getWidth(),
                TestImages.decode(parts.get("image[]#2")).getWidth(),
                TestImages.decode(parts.get("image[]#3")).getWidth()))
                .as("the pictures went up in the order shown").containsExactly(400, 560, 640);
        assertThat(browser.find("[data-role=gallery-settings]").getText()).contains("inputs", "3 sources");
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void onAPhoneSizedScreenThePickerAndThePictureListFitTheWidth() {
        TestServer server = serve("sdxl#text+image+edit");
        Browser browser = browser();
        browser.phoneSized();
        session.openWithKey("#/effect/text-to-image");
        browser.waitFor("[data-role=template-picker]");
        session.screenshot("picker");
        assertThat(browser.js("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
        Long perRow = (Long) browser.js("""
                const tops = [...document.querySelectorAll('.template-choice')].map(e => e.getBoundingClientRect().top);
                return tops.filter(t => t === tops[0]).length;""");
        assertThat(perRow).as("choices side by side, not one per line").isGreaterThan(1);

        browser.open(server.baseUrl() + "/#/effect/image-to-image-youcam");
        browser.waitFor("[data-role=sources-count]");
        session.choose(session.file("a-picture-with-a-rather-long-file-name-to-wrap.png", TestImages.png(400, 400)));
        browser.waitForText("[data-role=sources] [data-role=upload-status]", "Uploaded");
        session.screenshot("sources");
        assertThat(browser.js("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
        assertThat(browser.find("[data-role=sources] [data-role=remove]").isDisplayed()).isTrue();
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void aiReplaceSendsThePaintedMaskAndThePromptToTheGenerator() {
        TestServer server = serve("sdxl#text+image+edit");
        Browser browser = browser();
        session.openWithKey("#/effect/obj-replace");
        session.choose(session.file("photo.png", TestImages.png(256, 192)));
        browser.waitForText("[data-role=upload-status]", "Uploaded");
        browser.paintStroke(256, 192, 40, 80, 96, 176, 96);
        browser.find("textarea[name=prompt]").sendKeys("a bunch of red tulips");
        browser.find("[data-role=run]").click();

        String info = browser.waitForText("[data-role=result-info]", "px");
        session.screenshot();
        assertThat(info).contains("Result: 256 × 192 px");
        FakeImagesUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/v1/images/edits");
        assertThat(sent.field("prompt")).isEqualTo("a bunch of red tulips");
        // The painted stroke went up as the mask; the generator gets it as OpenAI's transparent = edit.
        BufferedImage mask = TestImages.decode(sent.parts().get("mask"));
        assertThat(mask.getWidth()).isEqualTo(256);
        assertThat(mask.getRGB(128, 96) >>> 24).as("painted: to be replaced").isZero();
        assertThat(mask.getRGB(10, 10) >>> 24).as("not painted: kept").isEqualTo(255);
        assertThat(browser.find("[data-role=gallery-settings]").getText())
                .contains("1 source, a painted mask", "a bunch of red tulips");
        browser.assertOnlyTalkedTo(server.baseUrl());
    }
}
