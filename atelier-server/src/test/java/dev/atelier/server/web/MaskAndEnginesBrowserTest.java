package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The mask brush (on the mask maker page, the same module effects with a mask use) and the engines page, in a real
 * browser against a real server. Masks are checked pixel by pixel against the painted geometry.
 */
class MaskAndEnginesBrowserTest {
    private static final int W = 200;
    private static final int H = 120;

    @RegisterExtension
    static final PlaygroundSession session = PlaygroundSession.sharedServer();
    private TestServer server;
    private Browser browser;

    @BeforeEach
    void attach() {
        server = session.server();
        browser = session.browser();
    }

    /** Opens the mask maker on a W×H photo with the brush set to {@code size} image pixels. */
    private WebElement maskMakerWithBrush(int size) throws IOException {
        browser.open(server.baseUrl() + "/#/mask");
        browser.waitFor("body[data-ready]");
        session.choose(session.file("photo.png", TestImages.png(W, H)));
        WebElement canvas = browser.waitFor("[data-role=mask-canvas]");
        browser.brushSize(size);
        assertThat(browser.find(".mask-tools output").getText()).isEqualTo(size + " px");
        return canvas;
    }

    private void drag(WebElement canvas, double x0, double y0, double x1, double y1) {
        browser.drag(canvas, W, H, x0, y0, x1, y1);
    }

    /** Exports the mask and returns the PNG the page offers for download. */
    private BufferedImage exportMask() {
        String before = browser.findAll("[data-role=mask-download]").stream().map(e -> e.getAttribute("href"))
                .findFirst().orElse("");
        browser.find("[data-role=mask-export]").click();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> !browser.find("[data-role=mask-download]").getAttribute("href").equals(before));
        byte[] png = browser.bytesOf(browser.find("[data-role=mask-download]").getAttribute("href"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        return TestImages.decode(png);
    }

    /** Distance from (x, y) to the segment (x0, y0)–(x1, y1). */
    private static double distance(double x, double y, double x0, double y0, double x1, double y1) {
        double dx = x1 - x0;
        double dy = y1 - y0;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.clamp(((x - x0) * dx + (y - y0) * dy) / len2, 0, 1);
        return Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy));
    }

    private static boolean white(BufferedImage m, int x, int y) {
        return (m.getRGB(x, y) & 0xFFFFFF) == 0xFFFFFF;
    }

    private static void assertBinary(BufferedImage m) {
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                assertThat(m.getRGB(x, y) & 0xFFFFFF).as("pixel %d,%d is black or white", x, y)
                        .isIn(0x000000, 0xFFFFFF);
            }
        }
    }

    @Test
    void aPaintedStrokeExportsAsABlackAndWhitePngOfThePhotosSize() throws IOException {
        WebElement canvas = maskMakerWithBrush(24);
        drag(canvas, 40, 60, 160, 60);
        BufferedImage mask = exportMask();
        session.screenshot();

        assertThat(mask.getWidth()).isEqualTo(W);
        assertThat(mask.getHeight()).isEqualTo(H);
        assertBinary(mask);
        int both = 0;
        int either = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean expected = distance(x + 0.5, y + 0.5, 40, 60, 160, 60) <= 12;
                boolean painted = white(mask, x, y);
                both += expected && painted ? 1 : 0;
                either += expected || painted ? 1 : 0;
            }
        }
        double iou = (double) both / either;
        assertThat(iou).as("IoU of the painted mask and the stroke's geometry").isGreaterThan(0.9);
        assertThat(browser.find("[data-role=mask-info]").getText())
                .contains(W + " × " + H + " px", "marked", "PNG");
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void theEraserCutsAStrokeAndUndoRestoresIt() throws IOException {
        WebElement canvas = maskMakerWithBrush(24);
        drag(canvas, 40, 60, 160, 60);
        browser.find(".mask-tools button:nth-of-type(2)").click(); // Eraser
        assertThat(browser.find(".mask-tools button:nth-of-type(2)").getAttribute("aria-pressed")).isEqualTo("true");
        drag(canvas, 100, 20, 100, 100);

        BufferedImage erased = exportMask();
        session.screenshot("erased");
        assertThat(white(erased, 60, 60)).as("left of the cut").isTrue();
        assertThat(white(erased, 140, 60)).as("right of the cut").isTrue();
        for (int y = 50; y <= 70; y++) {
            for (int x = 92; x <= 108; x++) {
                assertThat(white(erased, x, y)).as("erased at %d,%d", x, y).isFalse();
            }
        }

        browser.find(".mask-tools button:nth-of-type(3)").click(); // Undo
        BufferedImage restored = exportMask();
        session.screenshot("undone");
        for (int x = 50; x <= 150; x++) {
            assertThat(white(restored, x, 60)).as("restored at %d,60", x).isTrue();
        }
        assertBinary(restored);
    }

    @Test
    void theKeyboardAlonePaintsWithTheBrush() throws IOException {
        WebElement canvas = maskMakerWithBrush(10);
        // The brush starts at the centre (100, 60); each arrow moves it by half the brush size (5 px).
        canvas.sendKeys(Keys.ENTER); // a dot at the centre
        for (int i = 0; i < 6; i++) {
            canvas.sendKeys(Keys.ARROW_UP);
        }
        canvas.sendKeys(" "); // pen down at (100, 30)
        for (int i = 0; i < 8; i++) {
            canvas.sendKeys(Keys.ARROW_LEFT);
        }
        canvas.sendKeys(" "); // pen up at (60, 30)
        canvas.sendKeys("]"); // bigger brush: 10 * 1.25 + 1 → 14
        assertThat(browser.find(".mask-tools output").getText()).isEqualTo("14 px");

        BufferedImage mask = exportMask();
        session.screenshot();
        assertThat(white(mask, 100, 60)).as("the dot").isTrue();
        assertThat(white(mask, 80, 30)).as("the stroke").isTrue();
        assertThat(white(mask, 60, 30)).as("where the stroke ends").isTrue();
        assertThat(white(mask, 100, 45)).as("between dot and stroke").isFalse();
        assertThat(white(mask, 150, 100)).as("far away").isFalse();

        canvas.sendKeys(Keys.chord(Keys.CONTROL, "z"));
        BufferedImage undone = exportMask();
        assertThat(white(undone, 80, 30)).as("the stroke is undone").isFalse();
        assertThat(white(undone, 100, 60)).as("the dot stays").isTrue();
    }

    @Test
    void theEnginesPageListsEachEngineOfTheListingWithWhatItUnlocksOrHowToInstallIt() {
        tools.jackson.databind.JsonNode listing = server.anonymous().get("/s2s/v2.0/features").json().path("data");
        browser.open(server.baseUrl() + "/#/engines");
        browser.waitFor("[data-engine]");
        session.screenshot();

        assertThat(browser.find("h1").getText()).isEqualTo("Engines and what they unlock");
        assertThat(browser.findAll("[data-engine]")).hasSize(listing.path("engines").size());
        for (tools.jackson.databind.JsonNode e : listing.path("engines")) {
            String text = browser.find("[data-engine='" + e.path("id").asString() + "']").getText();
            assertThat(text).contains("Kind: " + e.path("kind").asString(), "Unlocks: ");
            if (e.path("availability").path("available").asBoolean()) {
                assertThat(text).contains("available").doesNotContain("To install");
            } else {
                assertThat(text).contains("not installed", "Missing: " + e.path("availability").path("missing").asString(),
                        "To install: " + e.path("availability").path("remedy").asString());
            }
        }
        assertThat(browser.find("main").getText()).contains("Largest upload: 10.00 MB",
                "Tasks are dropped when not polled for 10 s");

        WebElement enhance = browser.find("[data-engine='" + listing.path("engines").get(0).path("id").asString() + "']");
        enhance.findElement(org.openqa.selenium.By.linkText("Photo enhance")).click();
        browser.waitForText("h1", "Photo enhance");
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/effect/enhance");
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void theHomePageListsEveryFeatureOfTheListing() {
        tools.jackson.databind.JsonNode listing = server.anonymous().get("/s2s/v2.0/features").json().path("data");
        browser.open(server.baseUrl() + "/#/list");
        browser.waitFor(".cards");
        session.screenshot();
        long runnable = listing.path("features").valueStream().filter(f -> f.path("paths").valueStream()
                .anyMatch(p -> p.asString().startsWith("/s2s/"))).count();
        assertThat(browser.findAll(".home .card")).hasSize((int) runnable);
        assertThat(browser.find("main").getText()).contains("No API key in this browser yet", "Photo enhance",
                "Object removal");
        browser.assertOnlyTalkedTo(server.baseUrl());
    }
}
