package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** The effect page in a real browser against a real server: upload, run, progress, result, chaining, errors. */
class EffectPageBrowserTest {
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
    void enhancesAnUploadedPhotoShowsTheResultWithItsSizeAndChainsIt() throws IOException {
        session.openWithKey("#/effect/enhance");
        assertThat(browser.driver().getCurrentUrl()).as("the key left the address bar").doesNotContain("key=");
        assertThat(browser.find("#key-link").getText()).contains(server.key().apiKey().substring(0, 8));
        assertThat(browser.find("h1").getText()).isEqualTo("Photo enhance");

        BufferedImage original = TestImages.picture(96, 64);
        session.choose(session.file("photo.jpg", TestImages.encode(original, "jpg")));
        browser.waitForText("[data-role=upload-status]", "Uploaded");
        assertThat(browser.find("[data-role=source-info]").getText()).contains("photo.jpg", "96 × 64 px");

        browser.find("select[name=scale] option[value='2']").click();
        browser.find("[data-role=run]").click();
        String info = browser.waitForText("[data-role=result-info]", "px");
        session.screenshot("result");

        assertThat(info).contains("Result: 192 × 128 px", "JPG");
        assertThat(browser.find("[data-role=progress-text]").getText()).isEqualTo("Done");
        assertThat(browser.js("return document.querySelector('[data-role=after]').naturalWidth")).isEqualTo(192L);
        WebElement jpg = browser.find("a[data-format=jpg]");
        assertThat(jpg.getAttribute("download")).endsWith(".jpg");
        assertThat(browser.findAll("[data-role=result] [data-format=webp]")).hasSize(1);
        assertThat(browser.findAll("[data-role=result] [data-format=png]")).hasSize(1);

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
        session.screenshot("chained");
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
    void objectRemovalTakesAPaintedMaskAndFillsTheRegion() throws IOException {
        session.openWithKey("#/effect/obj-removal");
        BufferedImage original = TestImages.picture(120, 80); // a red oval around (44, 29), radii 20 x 13
        session.choose(session.file("photo.png", TestImages.encode(original, "png")));
        browser.waitForText("[data-role=upload-status]", "Uploaded");
        browser.paintStroke(120, 80, 36, 30, 29, 58, 29);

        browser.find("[data-role=run]").click();
        String info = browser.waitForText("[data-role=result-info]", "px");
        session.screenshot();
        assertThat(info).contains("Result: 120 × 80 px");

        BufferedImage result = TestImages.decode(browser.bytesOf(browser.find("a[data-format=jpg]").getAttribute("href")));
        int redBefore = redPixels(original, 24, 16, 64, 43);
        int redAfter = redPixels(result, 24, 16, 64, 43);
        assertThat(redBefore).isGreaterThan(300);
        assertThat(redAfter).as("red pixels left where the oval was painted over").isLessThan(redBefore / 10);
        assertThat(psnr(crop(original, 0, 56, 120, 24), crop(result, 0, 56, 120, 24)))
                .as("outside the mask the photo is kept").isGreaterThan(25.0);
        assertThat(browser.requests()).as("the mask went up through the File API like the photo")
                .filteredOn(u -> u.contains("/uploads/")).hasSize(2);
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void aFeatureWithSeveralOutputsOffersEachVariant() throws IOException {
        String feature = server.anonymous().get("/s2s/v2.0/features").json().path("data").path("features")
                .valueStream().filter(f -> f.path("result_shape").asString().equals("output_list")
                        && f.path("availability").path("available").asBoolean())
                .findFirst().orElseThrow().path("feature").asString();
        session.openWithKey("#/effect/" + feature);
        session.choose(session.file("photo.png", TestImages.png(64, 48)));
        browser.waitForText("[data-role=upload-status]", "Uploaded");
        browser.find("[data-role=run]").click();
        browser.waitForText("[data-role=result-info]", "px");
        java.util.List<WebElement> variants = browser.findAll(".variants button");
        assertThat(variants).as("one button per output").hasSizeGreaterThan(1);

        String first = browser.find("[data-role=result-info]").getText();
        String firstUrl = browser.find("[data-role=after]").getAttribute("src");
        variants.get(1).click();
        session.screenshot();
        assertThat(browser.find("[data-role=after]").getAttribute("src")).isNotEqualTo(firstUrl);
        assertThat(browser.find("[data-role=result-info]").getText()).contains("Result: 64 × 48 px")
                .isNotEqualTo(first); // another file id
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void aCorruptUploadShowsTheDocumentedErrorInWords() throws IOException {
        session.openWithKey("#/effect/enhance");
        session.choose(session.file("broken.jpg", "this is not a JPEG at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        browser.waitForText("[data-role=upload-status]", "Uploaded");
        assertThat(browser.find("[data-role=source]").getText()).contains("This browser cannot display this file");

        browser.find("[data-role=run]").click();
        browser.waitFor("[data-role=error-code]");
        session.screenshot();

        assertThat(browser.find("[data-role=error-code]").getText()).isEqualTo("error_decode_image");
        assertThat(browser.find("[data-role=error-words]").getText())
                .isEqualTo("The file could not be read as an image: it is damaged or not in a supported format.");
        assertThat(browser.find("[data-role=progress-text]").getText()).isEqualTo("Failed");
        assertThat(browser.findAll("[data-role=result]").getFirst().isDisplayed()).isFalse();
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    /** The page's own table (the module the error view uses) has words for every code the server can send. */
    @Test
    void everyCodeTheServerCanSendIsExplainedInWordsByThePage() {
        session.openWithKey("#/");
        java.util.List<String> codes = new java.util.ArrayList<>();
        for (dev.atelier.server.errors.RefusalCode c : dev.atelier.server.errors.RefusalCode.values()) {
            codes.add(dev.atelier.server.api.YouCamErrors.wireCode(c));
        }
        for (dev.atelier.engines.EngineCode e : dev.atelier.engines.EngineCode.values()) {
            codes.add(e.wire());
        }
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> words = (java.util.Map<String, Object>) browser.jsAsync("""
                const done = arguments[arguments.length - 1];
                import('/ui/errors.js').then(m => done(Object.fromEntries(arguments[0].map(c => [c, m.explain(c)]))),
                  e => done({error: String(e)}));""", codes);
        assertThat(words).doesNotContainKey("error").containsOnlyKeys(codes);
        assertThat(words).allSatisfy((code, text) -> assertThat((String) text).as("words for %s", code)
                .isNotBlank().endsWith("."));
        assertThat(new java.util.HashSet<>(words.values())).as("each code has its own explanation")
                .hasSameSizeAs(codes.stream().distinct().toList());
    }

    /**
     * A list parameter (face swap's face_mapping) as the listing describes it: rows of number fields, one per
     * reference once references are added, rows removed and added by buttons, read back as the JSON list.
     */
    @Test
    void aListOfObjectsParameterIsEditedAsRowsOfNumbers() {
        session.openWithKey("#/");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> out = (java.util.Map<String, Object>) browser.jsAsync("""
                const done = arguments[arguments.length - 1];
                import('/ui/object-list-field.js').then(m => {
                  const f = m.objectListField({name: 'face_mapping', type: 'array', required: true,
                    description: 'Which reference goes on which face',
                    items: {type: 'object', properties: {index: {type: 'integer'}, position: {type: 'integer'}},
                      required: ['index', 'position']}});
                  document.querySelector('main').append(f.element);
                  const first = f.read();
                  f.setRows(3);
                  const three = f.read();
                  document.querySelector('[aria-label="Remove face_mapping 2"]').click();
                  const inputs = document.querySelectorAll('.object-row input');
                  inputs[3].value = '-1'; inputs[2].value = '-1';
                  const edited = f.read();
                  document.querySelector('[data-role=add-face_mapping]').click();
                  let error = null;
                  try { f.read(); } catch (e) { error = e.code + ': ' + e.message; }
                  done({first, three, edited, error, labels: [...document.querySelectorAll('.object-row input')]
                    .map(i => i.getAttribute('aria-label'))});
                }, e => done({failed: String(e)}));""");
        session.screenshot();
        assertThat(out).doesNotContainKey("failed");
        assertThat(out.get("first")).isEqualTo(java.util.List.of(java.util.Map.of("index", 0L, "position", 0L)));
        assertThat(out.get("three")).isEqualTo(java.util.List.of(java.util.Map.of("index", 0L, "position", 0L),
                java.util.Map.of("index", 1L, "position", 1L), java.util.Map.of("index", 2L, "position", 2L)));
        assertThat(out.get("edited")).as("the second row removed, the third set to skip (-1/-1)")
                .isEqualTo(java.util.List.of(java.util.Map.of("index", 0L, "position", 0L),
                        java.util.Map.of("index", -1L, "position", -1L)));
        assertThat((String) out.get("error")).isEqualTo(
                "InvalidParameters: Fill in every index of face_mapping, or remove the row.");
        assertThat(((java.util.List<?>) out.get("labels")).stream().map(String::valueOf).toList()).startsWith("face_mapping 1: index", "face_mapping 1: position")
                .endsWith("face_mapping 3: index", "face_mapping 3: position");
        assertThat(browser.find(".object-list").getText()).contains("face_mapping", "Which reference goes on which face");
    }

    @Test
    void aPastedKeyIsCheckedAndAWrongOneShowsInvalidApiKeyWithWhatToDo() throws IOException {
        browser.open(server.baseUrl() + "/#/key");
        WebElement input = browser.waitFor("[data-role=key-input]");
        input.sendKeys(server.key().apiKey(), Keys.ENTER);
        assertThat(browser.waitForText("[data-role=key-check]", "This key works")).contains("not metered");

        input.clear();
        input.sendKeys("atk_not_a_key_of_this_server", Keys.ENTER);
        assertThat(browser.waitForText("[data-role=key-state]", "atk_not_")).contains("saved");
        assertThat(browser.waitFor("[data-role=error-code]").getText()).isEqualTo("InvalidApiKey");
        session.screenshot("key-page");

        browser.open(server.baseUrl() + "/#/effect/enhance");
        browser.waitFor("[data-role=run]");
        session.choose(session.file("photo.png", TestImages.png(32, 32)));
        browser.waitFor("[data-role=error-code]");
        session.screenshot();

        assertThat(browser.find("[data-role=error-code]").getText()).isEqualTo("InvalidApiKey");
        assertThat(browser.find("[data-role=error]").getText())
                .contains("The server does not recognise this API key", "Go to the API key page");
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void keyboardAloneReachesTheSettingsAndRunsTheEffect() throws IOException {
        session.openWithKey("#/effect/enhance");
        session.choose(session.file("photo.png", TestImages.png(40, 30)));
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
        session.screenshot();
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void onAPhoneSizedScreenNothingOverflowsAndDropAndPasteBothTakeAnImage() {
        browser.phoneSized();
        session.openWithKey("#/effect/enhance");
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
        session.screenshot();

        assertThat(browser.js("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
        assertThat(browser.find("[data-role=run]").isDisplayed()).isTrue();
        assertThat(browser.find("header nav").isDisplayed()).isTrue();
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    @Test
    void aLinkCarryingAnotherKeyAsksBeforeReplacingTheSavedOne() {
        session.openWithKey("#/");
        String other = server.createKey("someone-else").apiKey();
        browser.open(server.baseUrl() + "/#key=" + other);
        WebElement dialog = browser.waitFor("[role=alertdialog]");
        session.screenshot();
        assertThat(dialog.getText()).contains(other.substring(0, 8), server.key().apiKey().substring(0, 8));
        assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo("Keep my key");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        assertThat(browser.findAll("[role=alertdialog]")).isEmpty();
        assertThat(browser.find("#key-link").getText()).contains(server.key().apiKey().substring(0, 8));

        browser.open(server.baseUrl() + "/#key=" + other);
        browser.waitFor("[role=alertdialog]");
        browser.find("[role=alertdialog] button:not(.primary)").click();
        browser.waitForText("#key-link", other.substring(0, 8));
    }

    @Test
    void theContentSecurityPolicyBlocksARequestToAnotherHost() {
        session.openWithKey("#/");
        Object outcome = browser.jsAsync("""
                const done = arguments[arguments.length - 1];
                fetch('http://127.0.0.2:9/elsewhere').then(() => done('fetched'), e => done('blocked: ' + e));""");
        assertThat((String) outcome).startsWith("blocked");
        assertThat(browser.console()).anyMatch(m -> m.contains("Content Security Policy"));
        assertThat(browser.requests()).noneMatch(u -> u.contains("127.0.0.2"));
    }

    private static int redPixels(BufferedImage img, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int p = img.getRGB(x, y);
                int r = (p >> 16) & 255;
                int g = (p >> 8) & 255;
                int b = p & 255;
                n += r > 150 && g < 100 && b < 100 ? 1 : 0;
            }
        }
        return n;
    }

    private static BufferedImage crop(BufferedImage img, int x, int y, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(img.getSubimage(x, y, w, h), 0, 0, null);
        return out;
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
