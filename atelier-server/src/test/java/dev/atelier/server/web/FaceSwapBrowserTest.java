package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.metrics.Metrics;
import dev.atelier.server.testing.RealModels;
import dev.atelier.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

/**
 * Face swap from the page, on the real astronaut photo with the real face models: the form the listing describes
 * (a source, references, and face_mapping as rows, one per reference), run end to end. Skips without the models or
 * the photo (fails under ATELIER_REQUIRE_MODELS=1).
 */
class FaceSwapBrowserTest {
    @RegisterExtension
    static final PlaygroundSession session = PlaygroundSession.serverPerTest();

    @Test
    void aPhotoAndAReferenceWithOneMappingRowSwapTheFaceAndKeepTheRest() {
        var models = RealModels.modelsDir("blazeface-back", "face-mesh");
        byte[] astronaut = RealModels.photo("astronaut.png");
        TestServer server = session.start(Map.of("ATELIER_MODELS_DIR", models.toString()));
        Browser browser = session.browser();
        session.openWithKey("#/effect/face-swap");
        browser.waitFor("[data-role=rows-face_mapping]");
        assertThat(browser.find("main").getText()).contains("face_mapping", "index = the reference's place");

        List<WebElement> pickers = browser.findAll("input[type=file]");
        assertThat(pickers).as("one picker for the photo, one for the references").hasSize(2);
        pickers.get(0).sendKeys(session.file("astronaut.png", astronaut).toString());
        browser.waitForText("[data-role=source] [data-role=upload-status]", "Uploaded");
        pickers.get(1).sendKeys(session.file("reference.png", mirrored(astronaut)).toString());
        browser.waitForText("[data-role=refs] [data-role=upload-status]", "Uploaded");
        List<String> mapping = browser.findAll("[data-role=rows-face_mapping] input").stream()
                .map(e -> e.getAttribute("aria-label") + "=" + e.getDomProperty("value")).toList();
        assertThat(mapping).as("one row for the one reference, pairing it with the leftmost face")
                .containsExactly("face_mapping 1: index=0", "face_mapping 1: position=0");

        browser.find("select[name=output_ext] option[value=png]").click();
        browser.find("[data-role=run]").click();
        String info = browser.waitForText("[data-role=result-info]", "px");
        session.screenshot();

        Image original = Codecs.decode(astronaut, DecodeLimits.defaults()).withoutAlpha();
        assertThat(info).contains("Result: " + original.width() + " × " + original.height() + " px", "PNG");
        Image shown = Codecs.decode(browser.bytesOf(browser.find("[data-role=result] a[data-format=png]")
                .getAttribute("href")), DecodeLimits.defaults()).withoutAlpha();
        // The reference is the face mirrored: the face region changes, the rest stays as it was.
        double psnr = Metrics.psnr(shown, original);
        double changed = changedFraction(shown, original);
        System.out.println("face swap from the page: PSNR " + psnr + ", " + changed * 100 + " % of pixels changed");
        assertThat(psnr).as("the photo is kept around the face").isGreaterThan(22);
        assertThat(changed).as("a face's worth of pixels changed").isBetween(0.005, 0.3);
        assertThat(browser.find("[data-role=result]").getText()).contains("classical-face-swap");
        assertThat(browser.find("[data-role=gallery-settings]").getText())
                .contains("1 source, 1 reference", "face_mapping", "[{\"index\":0,\"position\":0}]");
        browser.assertOnlyTalkedTo(server.baseUrl());
    }

    /**
     * The photo mirrored, red and blue swapped: the same person, but the swap now lays the face's other half (and,
     * before its colour matching, other colours) onto the face.
     */
    private static byte[] mirrored(byte[] png) {
        java.awt.image.BufferedImage img = dev.atelier.server.testing.TestImages.decode(png);
        java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(img.getWidth(), img.getHeight(),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(img.getWidth() - 1 - x, y);
                out.setRGB(x, y, (p & 0xFF) << 16 | (p & 0xFF00) | (p >> 16) & 0xFF);
            }
        }
        return dev.atelier.server.testing.TestImages.encode(out, "png");
    }

    /** The share of pixels where some channel moved by more than 24 of 255. */
    private static double changedFraction(Image a, Image b) {
        java.awt.image.BufferedImage x = dev.atelier.server.testing.TestImages.decode(
                Codecs.encodeLossless(a, dev.atelier.imaging.ImageFormat.PNG));
        java.awt.image.BufferedImage y = dev.atelier.server.testing.TestImages.decode(
                Codecs.encodeLossless(b, dev.atelier.imaging.ImageFormat.PNG));
        long changed = 0;
        for (int j = 0; j < x.getHeight(); j++) {
            for (int i = 0; i < x.getWidth(); i++) {
                int p = x.getRGB(i, j);
                int q = y.getRGB(i, j);
                for (int s = 0; s < 24; s += 8) {
                    if (Math.abs(((p >> s) & 255) - ((q >> s) & 255)) > 24) {
                        changed++;
                        break;
                    }
                }
            }
        }
        return (double) changed / ((long) x.getWidth() * x.getHeight());
    }
}
