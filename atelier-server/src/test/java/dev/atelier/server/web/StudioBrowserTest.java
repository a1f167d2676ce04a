package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.awt.image.BufferedImage;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The studio (the playground's home) in a real Chromium against a real server: a picture fills the canvas, an effect
 * is picked from the grid of previews, a mask is painted on the picture, the result is compared with a slider, the
 * history survives a reload and goes back to the canvas, a greyed feature says how to enable it, and the page works
 * on a phone in the dark theme. Screenshots go to target/screenshots/.
 */
class StudioBrowserTest {
    private static final int W = 240;
    private static final int H = 160;

    @RegisterExtension
    static final PlaygroundSession session = PlaygroundSession.sharedServer();
    private TestServer server;
    private Browser browser;

    @BeforeEach
    void attach() {
        server = session.server();
        browser = session.browser();
    }

    /** Opens the studio with the key saved, on a fresh load (not a fragment change still being routed). */
    private void openStudio() {
        session.openWithKey("#/");
        browser.driver().navigate().refresh();
        browser.waitFor("[data-role=studio]");
    }

    private void openPhoto() {
        openStudio();
        session.choose(session.file("photo.jpg", TestImages.encode(TestImages.picture(W, H), "jpg")));
        browser.waitFor("[data-role=canvas-image], [data-role=mask-canvas]");
        browser.waitForText("[data-role=canvas-info]", "file id");
    }

    private void pick(String feature) {
        browser.find("[data-role=feature-card][data-feature=" + feature + "]").click();
        assertThat(browser.find("[data-role=feature-card][data-feature=" + feature + "]").getAttribute("aria-pressed"))
                .isEqualTo("true");
    }

    /** Types a key with the focus on nothing in particular (a click would land on whatever is in the middle). */
    private void press(String key) {
        browser.js("document.activeElement?.blur()");
        new Actions(browser.driver()).sendKeys(key).perform();
    }

    /** How much of the stage the element covers along its tighter side (1.0 = edge to edge). */
    private double fill(String css) {
        @SuppressWarnings("unchecked")
        Map<String, Number> r = (Map<String, Number>) browser.js("""
                const e = document.querySelector(arguments[0]).getBoundingClientRect();
                const s = document.querySelector('[data-role=stage]').getBoundingClientRect();
                return {ew: e.width, eh: e.height, sw: s.width, sh: s.height};""", css);
        return Math.max(r.get("ew").doubleValue() / r.get("sw").doubleValue(),
                r.get("eh").doubleValue() / r.get("sh").doubleValue());
    }

    /** Mean absolute difference of the RGB samples (0..255) of the pixels whose distance to the stroke passes. */
    private static double meanDifference(BufferedImage a, BufferedImage b, java.util.function.DoublePredicate where) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                if (!where.test(distanceToStroke(x, y))) {
                    continue;
                }
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                    n++;
                }
            }
        }
        return sum / n;
    }

    /** Distance from (x, y) to the painted stroke (60, 58)–(116, 58). */
    private static double distanceToStroke(double x, double y) {
        double t = Math.clamp(x, 60, 116);
        return Math.hypot(x - t, y - 58);
    }

    @Test
    void openPickFromTheGridPaintAMaskRunAndCompare() {
        openPhoto();
        pick("enhance");
        assertThat(fill("[data-role=canvas-image]")).as("the picture fills the canvas").isGreaterThan(0.85);
        // the grid shows each effect's own output on the built-in sample
        WebElement preview = browser.waitFor("[data-role=feature-card][data-feature=enhance] img[data-loaded]");
        assertThat(browser.js("return arguments[0].naturalWidth", preview)).isEqualTo(192L);

        pick("obj-removal");
        assertThat(browser.find("[data-role=panel-title]").getText()).containsIgnoringCase("object removal");
        browser.paintStroke(W, H, 60, 60, 58, 116, 58); // over the whole red disc
        assertThat(fill("[data-role=mask-canvas]")).as("the mask is painted on the picture itself").isGreaterThan(0.8);
        session.screenshot("mask");

        browser.find("[data-role=run]").click();
        String info = browser.waitForText("[data-role=canvas-info]", "Result:");
        assertThat(info).contains(W + " × " + H + " px");
        WebElement after = browser.find(".compare-after");
        BufferedImage result = TestImages.decode(browser.bytesOf(after.getAttribute("src")));
        assertThat(result.getWidth()).isEqualTo(W);
        BufferedImage input = TestImages.picture(W, H);
        double painted = meanDifference(input, result, d -> d < 20);
        double far = meanDifference(input, result, d -> d > 45);
        assertThat(painted).as("the disc under the stroke was filled from around it").isGreaterThan(40);
        assertThat(far).as("far from the stroke, only encoding noise").isLessThan(8);
        assertThat(after.getAttribute("style")).contains("inset(0px 0px 0px 50%)");
        session.screenshot("compare");

        // C shows the whole result, then the split again
        press("c");
        assertThat(browser.find(".compare-after").getAttribute("style")).contains("inset(0px 0px 0px 0%)");
        press("c");
        assertThat(browser.find(".compare-after").getAttribute("style")).contains("inset(0px 0px 0px 50%)");

        browser.find("[data-role=use-as-input]").click();
        assertThat(browser.waitForText("[data-role=canvas-info]", "a result, file id")).contains(W + " × " + H);
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void theHistorySurvivesAReloadAndGoesBackToTheCanvas() {
        openPhoto();
        pick("enhance");
        browser.find("select[name=scale] option[value='2']").click();
        browser.find("[data-role=run]").click();
        browser.waitForText("[data-role=canvas-info]", (2 * W) + " × " + (2 * H) + " px");
        browser.waitFor("[data-role=history-item][data-feature=enhance]");

        browser.driver().navigate().refresh();
        browser.waitFor("[data-role=studio]");
        WebElement item = browser.waitFor("[data-role=history-item][data-feature=enhance]");
        assertThat(browser.js("return arguments[0].querySelector('img').naturalWidth", item))
                .as("the picture itself came back from IndexedDB").isEqualTo((long) 2 * W);
        session.screenshot("after-reload");

        item.findElement(By.cssSelector("[data-role=history-use]")).click();
        assertThat(browser.waitForText("[data-role=canvas-info]", "a result, file id"))
                .contains((2 * W) + " × " + (2 * H) + " px");
        assertThat(fill("[data-role=canvas-image]")).isGreaterThan(0.85);
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    /** Also the README's screenshot (docs/img/playground.png is a copy of the one this test saves). */
    @Test
    void theSamplePhotoOpensWithOneClickAndTheShuttleIsPaintedAway() {
        openStudio();
        browser.find("[data-role=use-sample]").click();
        assertThat(browser.waitForText("[data-role=canvas-info]", "file id")).contains("sample.jpg", "384 × 384 px");
        pick("obj-removal");
        browser.paintStroke(384, 384, 60, 306, 8, 306, 226); // the model shuttle at the right
        browser.find("[data-role=run]").click();
        browser.waitForText("[data-role=canvas-info]", "Result:");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> (Boolean) browser.js(
                "return document.querySelectorAll('img[data-role=preview]:not([data-loaded])').length === 0"));
        browser.waitFor("[data-role=history-item][data-feature=obj-removal]");
        browser.js("window.scrollTo(0, 0)");
        browser.windowScreenshot("StudioBrowserTest-readme");
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void shortcutsPickEffectsOpenTheirHelpAndAnotherPictureReplacesTheFirst() {
        openPhoto();
        pick("enhance");
        press("j");
        String next = browser.find("[data-role=feature-card][aria-pressed=true]").getAttribute("data-feature");
        assertThat(next).as("J picks the next ready effect").isNotEqualTo("enhance");
        press("k");
        assertThat(browser.find("[data-role=feature-card][aria-pressed=true]").getAttribute("data-feature"))
                .isEqualTo("enhance");

        press("?");
        WebElement help = browser.waitFor("[data-role=shortcuts-help]");
        assertThat(help.getText()).contains("Ctrl+Enter", "Run the effect", "Light or dark theme");
        new Actions(browser.driver()).sendKeys(Keys.ESCAPE).perform();
        assertThat(browser.js("return document.querySelector('[data-role=shortcuts-help]').open")).isEqualTo(false);

        // the mask tools from the keyboard: E eraser, B brush, ] larger, Ctrl+Z undoes the last stroke
        pick("obj-removal");
        browser.paintStroke(W, H, 20, 40, 40, 120, 40);
        browser.paintStroke(W, H, 20, 40, 100, 120, 100);
        press("e");
        assertThat(browser.find(".mask-tools button[aria-pressed=true]").getText()).isEqualTo("Eraser");
        press("b");
        assertThat(browser.find(".mask-tools button[aria-pressed=true]").getText()).isEqualTo("Brush");
        press("]");
        assertThat(browser.find(".mask-tools output").getText()).isEqualTo("26 px");
        double painted = ((Number) browser.js("return document.querySelector('[data-role=mask-canvas]')"
                + ".getContext('2d').getImageData(0, 0, " + W + ", " + H + ").data.filter((v, i) => i % 4 === 3 && v > 127).length"))
                .doubleValue();
        browser.js("document.activeElement?.blur()");
        new Actions(browser.driver()).keyDown(Keys.CONTROL).sendKeys("z").keyUp(Keys.CONTROL).perform();
        double afterUndo = ((Number) browser.js("return document.querySelector('[data-role=mask-canvas]')"
                + ".getContext('2d').getImageData(0, 0, " + W + ", " + H + ").data.filter((v, i) => i % 4 === 3 && v > 127).length"))
                .doubleValue();
        assertThat(afterUndo).as("one of two equal strokes undone").isBetween(painted * 0.4, painted * 0.6);

        // the picker stays in the page while a picture is on the canvas
        session.choose(session.file("second.png", TestImages.png(120, 200)));
        assertThat(browser.waitForText("[data-role=canvas-info]", "second.png")).contains("120 × 200 px");
        browser.waitForText("[data-role=canvas-info]", "file id");
        assertThat(fill("[data-role=mask-canvas]")).as("a tall picture fills the height, a fresh mask over it")
                .isGreaterThan(0.8);
        assertThat(browser.find(".mask-tools button[disabled]").getText()).as("nothing to undo on the new picture")
                .isEqualTo("Undo");
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void aGreyedFeatureShowsTheCommandThatEnablesIt() {
        openStudio();
        WebElement sod = browser.waitFor("[data-role=feature-card][data-feature=sod]");
        assertThat(sod.getAttribute("data-ready")).isEqualTo("false");
        assertThat(sod.getAttribute("class")).contains("unavailable");
        sod.click();
        assertThat(browser.waitFor("[data-role=remedy]").getText())
                .contains("Not ready here: model isnet-fp16 is not installed");
        assertThat(browser.find("[data-role=remedy-command]").getText())
                .isEqualTo("run: ./atelier models pull isnet-fp16 --accept-license");
        assertThat(browser.find("[data-role=run]").isEnabled()).isFalse();
        long runnable = server.anonymous().get("/s2s/v2.0/features").json().path("data").path("features").valueStream()
                .filter(f -> f.path("paths").valueStream().anyMatch(p -> p.asString().startsWith("/s2s/"))).count();
        assertThat(browser.findAll("[data-role=effect-grid] [data-role=feature-card]")).as("a tile per feature")
                .hasSize((int) runnable);
        session.screenshot();
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void onAPhoneInTheDarkThemeTheCanvasComesFirstAndNothingOverflows() {
        browser.phoneSized();
        openStudio();
        // a picture dropped anywhere on the canvas area opens there
        byte[] jpg = TestImages.encode(TestImages.picture(W, H), "jpg");
        browser.js("""
                const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));
                const dt = new DataTransfer();
                dt.items.add(new File([bytes], 'dropped.jpg', {type: 'image/jpeg'}));
                document.querySelector('[data-role=stage]').dispatchEvent(
                  new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));""",
                java.util.Base64.getEncoder().encodeToString(jpg));
        assertThat(browser.waitForText("[data-role=canvas-info]", "file id")).contains("dropped.jpg", W + " × " + H);
        assertThat(fill("[data-role=canvas-image]")).isGreaterThan(0.85);
        String before = (String) browser.js("return getComputedStyle(document.body).backgroundColor");
        press("t"); // T switches from the system's theme (headless Chromium's is light) to the other
        if (!"dark".equals(browser.js("return document.documentElement.dataset.theme"))) {
            press("t");
        }
        assertThat(before).isNotEqualTo("rgb(21, 21, 23)");
        assertThat(browser.js("return document.documentElement.dataset.theme")).isEqualTo("dark");
        assertThat(browser.js("return getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(21, 21, 23)");
        Number stageTop = (Number) browser.js("return document.querySelector('[data-role=stage]').getBoundingClientRect().top");
        Number gridTop = (Number) browser.js("return document.querySelector('[data-role=effect-grid]').getBoundingClientRect().top");
        assertThat(stageTop.doubleValue()).as("the canvas comes before the effects").isLessThan(gridTop.doubleValue());
        assertThat((Boolean) browser.js("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no sideways scrolling").isTrue();
        session.screenshot();

        browser.driver().navigate().refresh();
        browser.waitFor("[data-role=studio]");
        assertThat(browser.js("return document.documentElement.dataset.theme")).as("the choice is remembered")
                .isEqualTo("dark");
    }
}
