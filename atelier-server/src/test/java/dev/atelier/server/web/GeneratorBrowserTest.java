package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.FakeImagesUpstream;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.WebElement;

/**
 * The text-to-image form in a real browser, against a server whose generator is a fake OpenAI-compatible upstream:
 * the form is built from the listing (prompt with its limit, style picker, ratio), the settings reach the upstream,
 * and the page shows the generated picture and its size.
 */
class GeneratorBrowserTest {
    private FakeImagesUpstream upstream;
    private TestServer server;
    private Browser browser;
    private String testName;

    @BeforeEach
    void start(TestInfo info) {
        browser = Browser.start();
        upstream = FakeImagesUpstream.start();
        server = TestServer.start(upstream.settings("fake", "dall-e-2"));
        testName = getClass().getSimpleName() + "-" + info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aPromptAndAPickedStyleGenerateAPictureShownWithItsSize() {
        browser.open(server.baseUrl() + "/#key=" + server.key().apiKey());
        browser.waitFor("body[data-ready]");
        browser.open(server.baseUrl() + "/#/effect/text-to-image");
        WebElement prompt = browser.waitFor("textarea[name=prompt]");
        assertThat(browser.findAll("input[type=file]")).as("a generator takes no picture").isEmpty();

        prompt.sendKeys("a lighthouse at dusk");
        assertThat(browser.find("main").getText()).contains("20 / 500 characters");
        WebElement style = browser.find("select[name=template_id]");
        java.util.List<WebElement> styles = style.findElements(org.openqa.selenium.By.tagName("option"));
        assertThat(styles).hasSizeGreaterThan(1);
        String picked = styles.get(1).getAttribute("value");
        styles.get(1).click();
        browser.find("input[name=width_ratio]").sendKeys("3");
        browser.find("input[name=height_ratio]").sendKeys("2");
        browser.find("[data-role=run]").click();

        String info = browser.waitForText("[data-role=result-info]", "px");
        browser.screenshot(testName);
        assertThat(browser.find("[data-role=progress-text]").getText()).isEqualTo("Done");
        // 3:2 with the sides snapped to multiples of 16
        assertThat(info).contains("Result: 1024 × 688 px").contains("JPG");
        BufferedImage shown = TestImages.decode(browser.bytesOf(browser.find("a[data-format=jpg]").getAttribute("href")));
        assertThat(shown.getWidth()).isEqualTo(1024);

        String sent = upstream.last().json().path("prompt").asString();
        assertThat(sent).as("the prompt reached the upstream with the style %s", picked)
                .startsWith("a lighthouse at dusk, ");
        browser.assertOnlyTalkedTo(server.baseUrl());
    }
}
