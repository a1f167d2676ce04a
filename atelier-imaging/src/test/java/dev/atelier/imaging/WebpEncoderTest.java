package dev.atelier.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebpEncoderTest {

    @Test
    void missingLibraryNamesTheDebianPackage() {
        assertThatThrownBy(() -> new WebpEncoder("libwebp-not-installed.so.99"))
                .isInstanceOfSatisfying(ImagingException.class,
                        e -> assertThat(e.error()).isEqualTo(ImagingError.NATIVE_LIBRARY_MISSING))
                .hasMessageContaining("apt-get install libwebp7");
    }

    @Test
    void pictureBeyondWebpLimitsFailsToEncodeCleanly() {
        NeedsNative.webp();
        Image tooWide = Image.create(WebpEncoder.MAX_DIMENSION + 1, 1, 3);
        assertThatThrownBy(() -> Codecs.encode(tooWide, ImageFormat.WEBP, 80))
                .isInstanceOfSatisfying(ImagingException.class,
                        e -> assertThat(e.error()).isEqualTo(ImagingError.ENCODE_FAILED));
    }
}
