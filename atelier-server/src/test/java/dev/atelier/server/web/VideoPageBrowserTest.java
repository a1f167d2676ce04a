package dev.atelier.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.video.ClipWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AI Video Enhance in the playground: a video in, progress, then input and result playing side by side. */
class VideoPageBrowserTest {
    @RegisterExtension
    static final PlaygroundSession session = PlaygroundSession.sharedServer();

    private static Image frame(int i) {
        Image img = Image.create(160, 120, 3);
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                img.set(0, x, y, (x + 4 * i) % 32 < 16 ? 0.9f : 0.1f);
                img.set(1, x, y, y / 120f);
                img.set(2, x, y, 0.4f);
            }
        }
        return img;
    }

    @Test
    void enhancesAnUploadedClipAndPlaysInputAndResultTogether() {
        Browser browser = session.browser();
        session.openWithKey("#/effect/video-enhance");
        assertThat(browser.find("h1").getText()).containsIgnoringCase("video");
        Path clip = session.file("clip.mp4", new byte[0]);
        ClipWriter.write(clip, new ClipWriter.Spec("mp4", 10, 8, true, 0), VideoPageBrowserTest::frame);
        session.choose(clip);
        browser.find("[data-role=run]").click();
        String info = browser.waitForText("[data-role=result-info]", "frames");
        assertThat(info).contains("8 frames");
        assertThat(browser.find("[data-role=progress-text]").getText()).isEqualTo("Done");
        await().until(() -> ((Number) browser.js(
                "return document.querySelector('[data-role=video-result]').readyState")).intValue() >= 1);
        assertThat(browser.js("return document.querySelector('[data-role=video-result]').videoWidth")).isEqualTo(320L);
        assertThat(browser.js("return document.querySelector('[data-role=video-input]').videoWidth")).isEqualTo(160L);
        // Playing one plays the other: they are compared in step.
        browser.js("document.querySelector('[data-role=video-input]').play(); return null;");
        await().until(() -> Boolean.FALSE.equals(browser.js(
                "return document.querySelector('[data-role=video-result]').paused")));
        session.screenshot();
        assertThat(browser.find("[data-role=download]").getAttribute("download")).endsWith(".mp4");
    }
}
