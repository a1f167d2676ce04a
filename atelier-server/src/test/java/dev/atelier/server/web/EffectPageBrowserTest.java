package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** The effect page in a real browser against a real server: upload, run, progress, result, chaining, errors. */
class EffectPageBrowserTest {
    private static TestServer server;
    private Browser browser;
    private String testName;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void openBrowser(TestInfo info) {
        browser = Browser.start();
        testName = getClass().getSimpleName() + "-" + info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private void openWithKey(String route) {
        browser.open(server.baseUrl() + "/#key=" + server.key().apiKey());
        browser.waitFor("body[data-ready]");
        browser.open(server.baseUrl() + "/" + route);
        browser.waitFor("body[data-ready]");
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private void choose(Path file) {
        browser.find("input[type=file]").sendKeys(file.toAbsolutePath().toString());
    }

    @Test
    void enhancesAnUploadedPhotoShowsTheResultWithItsSizeAndChainsIt() throws IOException {
        openWithKey("#/effect/enhance");
        assertThat(browser.driver().getCurrentUrl()).as("the key left the address bar").doesNotContain("key=");
        assertThat(browser.find("#key-link").getText()).contains(server.key().apiKey().substring(0, 8));
        assertThat(browser.find("h1").getText()).isEqualTo("Photo enhance");

        BufferedImage original = TestImages.picture(96, 64);
        choose(file("photo.jpg", TestImages.encode(original, "jpg")));
        browser.waitForText("[data-role=upload-status]", "Uploaded");
        assertThat(browser.find("[data-role=source-info]").getText()).contains("photo.jpg", "96 × 64 px");

        browser.find("select[name=scale] option[value='2']").click();
        browser.find("[data-role=run]").click();
        String info = browser.waitForText("[data-role=result-info]", "px");
        browser.screenshot(testName + "-result");

        assertThat(info).contains("Result: 192 × 128 px", "JPG");
        assertThat(browser.find("[data-role=progress-text]").getText()).isEqualTo("Done");
        assertThat(browser.js("return document.querySelector('[data-role=after]').naturalWidth")).isEqualTo(192L);
        WebElement jpg = browser.find("a[data-format=jpg]");
        assertThat(jpg.getAttribute("download")).endsWith(".jpg");
        assertThat(browser.findAll("[data-format=webp]")).hasSize(1);
        assertThat(browser.findAll("[data-format=png]")).hasSize(1);

        BufferedImage result = TestImages.decode(browser.bytesOf(jpg.getAttribute("href")));
        assertThat(result.getWidth()).isEqualTo(192);
        assertThat(result.getHeight()).isEqualTo(128);
        assertThat(psnr(original, scaled(result, 96, 64))).as("the shown result is the photo, enlarged")
                .isGreaterThan(24.0);

        // Chain: the result becomes the input (its dst_id), nothing is uploaded again.
        browser.find("[data-role=use-as-input]").click();
        assertThat(browser.waitForText("[data-role=source-info]", "a result, file id")).contains("192 × 128 px");
        browser.find("select[name=scale] option[value='1']").click();
        browser.find("select[name=output_ext] option[value='png']").click();
        browser.find("[data-role=run]").click();
        String chained = browser.waitForText("[data-role=result-info]", "PNG");
        browser.screenshot(testName + "-chained");
        assertThat(chained).contains("Result: 192 × 128 px", "PNG");

        browser.assertOnlyTalkedTo(server.baseUrl());
        assertThat(browser.requests()).as("the recorder sees the page's own requests")
                .anyMatch(u -> u.endsWith("/s2s/v2.0/features"))
                .anyMatch(u -> u.contains("/uploads/"))
                .anyMatch(u -> u.contains("/s2s/v2.0/task/enhance/"))
                .anyMatch(u -> u.contains("/files/"))
                .filteredOn(u -> u.contains("/uploads/")).hasSize(1);
    }

    @Test
    void aCorruptUploadShowsTheDocumentedErrorInWords() throws IOException {
        openWithKey("#/effect/enhance");
        choose(file("broken.jpg", "this is not a JPEG at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        browser.waitForText("[data-role=upload-status]", "Uploaded");
        assertThat(browser.find("[data-role=source]").getText()).contains("This browser cannot display this file");

        browser.find("[data-role=run]").click();
        browser.waitFor("[data-role=error-code]");
        browser.screenshot(testName);

        assertThat(browser.find("[data-role=error-code]").getText()).isEqualTo("error_decode_image");
        assertThat(browser.find("[data-role=error-words]").getText())
                .isEqualTo("The file could not be read as an image: it is damaged or not in a supported format.");
        assertThat(browser.find("[data-role=progress-text]").getText()).isEqualTo("Failed");
        assertThat(browser.findAll("[data-role=result]").getFirst().isDisplayed()).isFalse();
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void aWrongKeyPastedOnTheKeyPageShowsInvalidApiKeyWithWhatToDo() throws IOException {
        browser.open(server.baseUrl() + "/#/key");
        WebElement input = browser.waitFor("[data-role=key-input]");
        input.sendKeys("atk_not_a_key_of_this_server", Keys.ENTER);
        assertThat(browser.waitForText("[data-role=key-state]", "saved")).contains("atk_not_");

        browser.open(server.baseUrl() + "/#/effect/enhance");
        browser.waitFor("[data-role=run]");
        choose(file("photo.png", TestImages.png(32, 32)));
        browser.waitFor("[data-role=error-code]");
        browser.screenshot(testName);

        assertThat(browser.find("[data-role=error-code]").getText()).isEqualTo("InvalidApiKey");
        assertThat(browser.find("[data-role=error]").getText())
                .contains("The server does not recognise this API key", "Go to the API key page");
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void keyboardAloneReachesTheSettingsAndRunsTheEffect() throws IOException {
        openWithKey("#/effect/enhance");
        choose(file("photo.png", TestImages.png(40, 30)));
        browser.waitForText("[data-role=upload-status]", "Uploaded");

        WebElement scale = browser.find("select[name=scale]");
        WebElement run = browser.find("[data-role=run]");
        Actions keys = new Actions(browser.driver());
        for (int i = 0; i < 40 && !browser.driver().switchTo().activeElement().equals(scale); i++) {
            keys.sendKeys(Keys.TAB).perform();
        }
        assertThat(browser.driver().switchTo().activeElement()).as("Tab reaches the scale").isEqualTo(scale);
        keys.sendKeys(Keys.ARROW_DOWN).perform(); // 1 → 2
        for (int i = 0; i < 10 && !browser.driver().switchTo().activeElement().equals(run); i++) {
            keys.sendKeys(Keys.TAB).perform();
        }
        assertThat(browser.driver().switchTo().activeElement()).as("Tab reaches Run").isEqualTo(run);
        keys.sendKeys(Keys.ENTER).perform();

        String info = browser.waitForText("[data-role=result-info]", "px");
        assertThat(info).contains("Result: 80 × 60 px");
        WebElement slider = browser.find(".compare-slider");
        slider.sendKeys(Keys.HOME);
        assertThat(browser.js("return document.querySelector('[data-role=after]').style.clipPath"))
                .isEqualTo("inset(0px 0px 0px 0%)");
        browser.screenshot(testName);
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void onAPhoneSizedScreenNothingOverflowsAndDropAndPasteBothTakeAnImage() {
        browser.phoneSized();
        openWithKey("#/effect/enhance");
        byte[] png = TestImages.png(48, 36);
        String base64 = java.util.Base64.getEncoder().encodeToString(png);
        browser.js("""
                const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));
                const dt = new DataTransfer();
                dt.items.add(new File([bytes], 'dropped.png', {type: 'image/png'}));
                document.querySelector('[data-role=dropzone]').dispatchEvent(
                  new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));""", base64);
        assertThat(browser.waitForText("[data-role=source-info]", "dropped.png")).contains("48 × 36 px");
        browser.waitForText("[data-role=upload-status]", "Uploaded");

        browser.js("""
                const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));
                const dt = new DataTransfer();
                dt.items.add(new File([bytes], 'pasted.png', {type: 'image/png'}));
                document.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));""",
                base64);
        assertThat(browser.waitForText("[data-role=source-info]", "pasted.png")).contains("48 × 36 px");
        browser.waitForText("[data-role=upload-status]", "Uploaded");
        browser.screenshot(testName);

        assertThat(browser.js("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
        assertThat(browser.find("[data-role=run]").isDisplayed()).isTrue();
        assertThat(browser.find("header nav").isDisplayed()).isTrue();
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void theContentSecurityPolicyBlocksARequestToAnotherHost() {
        openWithKey("#/");
        Object outcome = browser.jsAsync("""
                const done = arguments[arguments.length - 1];
                fetch('http://127.0.0.2:9/elsewhere').then(() => done('fetched'), e => done('blocked: ' + e));""");
        assertThat((String) outcome).startsWith("blocked");
        assertThat(browser.console()).anyMatch(m -> m.contains("Content Security Policy"));
        assertThat(browser.requests()).noneMatch(u -> u.contains("127.0.0.2"));
    }

    private static BufferedImage scaled(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(img.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        return out;
    }

    private static double psnr(BufferedImage a, BufferedImage b) {
        double se = 0;
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) {
                    int d = ((p >> s) & 255) - ((q >> s) & 255);
                    se += d * d;
                    n++;
                }
            }
        }
        return 10 * Math.log10(255.0 * 255.0 / (se / n));
    }
}
