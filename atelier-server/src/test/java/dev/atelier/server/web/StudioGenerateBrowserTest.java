package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.FakeImagesUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Generation in the studio, against a fake OpenAI-compatible upstream: the prompt box sits on the canvas, Ctrl+Enter
 * generates, the results fill a grid there, and one becomes the picture the next effect works on.
 */
class StudioGenerateBrowserTest {
    @RegisterExtension
    static final PlaygroundSession session = PlaygroundSession.serverPerTest();
    private FakeImagesUpstream upstream;

    @AfterEach
    void stopUpstream() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aPromptOnTheCanvasGeneratesAGridOfResultsAndOneBecomesTheInput() {
        upstream = FakeImagesUpstream.start();
        session.start(upstream.settings("fake", "dall-e-2"));
        Browser browser = session.browser();
        session.openWithKey("#/");
        browser.driver().navigate().refresh();
        browser.waitFor("[data-role=studio]");

        browser.find("[data-role=feature-card][data-feature=text-to-image-youcam]").click();
        WebElement prompt = browser.waitFor("[data-role=stage] textarea[name=prompt]");
        assertThat(browser.find("[data-role=run]").getText()).isEqualTo("Generate");
        prompt.sendKeys("a lighthouse at dusk");
        new Actions(browser.driver()).keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL).perform();

        WebElement first = browser.waitFor("[data-role=result-grid] li img");
        assertThat((Long) browser.js("return arguments[0].naturalWidth", first)).isPositive();
        assertThat(upstream.received()).anySatisfy(r -> assertThat(new String(r.body())).contains("a lighthouse at dusk"));
        session.screenshot();

        browser.find("[data-role=result-grid] [data-role=use-as-input]").click();
        assertThat(browser.waitForText("[data-role=canvas-info]", "a result, file id")).contains("px");
        assertThat(browser.find("[data-role=feature-card][aria-pressed=true]").getAttribute("data-feature"))
                .as("a picture goes on to an effect that takes one").isNotEqualTo("text-to-image-youcam");
        browser.assertOnlyTalkedTo(session.baseUrl());
    }
}
