package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The list of all effects greys what this server cannot run and shows the command that enables it; results are kept in the
 * browser (IndexedDB) across a reload and still go on as another effect's input.
 */
class HistoryAndRemedyBrowserTest {
    @RegisterExtension
    static final PlaygroundSession session = PlaygroundSession.sharedServer();
    private TestServer server;
    private Browser browser;

    @BeforeEach
    void attach() {
        server = session.server();
        browser = session.browser();
    }

    @Test
    void aFeatureThisServerCannotRunIsGreyedWithTheCommandThatEnablesIt() {
        session.openWithKey("#/list");
        WebElement sod = browser.waitFor("[data-role=feature-card][data-feature=sod]");
        assertThat(sod.getAttribute("data-ready")).isEqualTo("false");
        assertThat(sod.getAttribute("class")).contains("unavailable");
        assertThat(sod.findElement(By.cssSelector("[data-role=remedy]")).getText())
                .contains("Not ready here: model isnet-fp16 is not installed");
        assertThat(sod.findElement(By.cssSelector("[data-role=remedy-command]")).getText())
                .isEqualTo("run: ./atelier models pull isnet-fp16 --accept-license");
        WebElement enhance = browser.find("[data-role=feature-card][data-feature=enhance]");
        assertThat(enhance.getAttribute("data-ready")).isEqualTo("true");
        assertThat(enhance.findElements(By.cssSelector("[data-role=remedy]"))).isEmpty();
        session.screenshot();
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void resultsSurviveAReloadAndStillChainIntoAnotherEffect() {
        session.openWithKey("#/effect/enhance");
        session.choose(session.file("photo.jpg", TestImages.encode(TestImages.picture(96, 64), "jpg")));
        browser.waitForText("[data-role=upload-status]", "Uploaded");
        browser.find("select[name=scale] option[value='2']").click();
        browser.find("[data-role=run]").click();
        browser.waitForText("[data-role=result-info]", "192 × 128 px");

        browser.driver().navigate().refresh();
        browser.waitFor("body[data-ready]");
        browser.open(session.baseUrl() + "/#/gallery");
        WebElement item = browser.waitFor("[data-role=gallery-item][data-feature=enhance]");
        assertThat(item.getText()).contains("192 × 128 px");
        assertThat(item.findElement(By.cssSelector("[data-role=gallery-settings]")).getText()).contains("scale", "2");
        assertThat(browser.js("return document.querySelector('[data-role=gallery-item] img').naturalWidth"))
                .as("the picture itself came back from IndexedDB").isEqualTo(192L);
        session.screenshot("gallery-after-reload");

        item.findElement(By.cssSelector("[data-role=use-in] option[value=enhance]")).click();
        item.findElement(By.cssSelector("[data-role=gallery-use]")).click();
        assertThat(browser.waitForText("[data-role=source-info]", "a result, file id")).contains("192 × 128 px");
        browser.assertOnlyTalkedTo(server.baseUrl());
    }
}
