package dev.atelier.server.api.youcam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.testing.TestClient;
import dev.atelier.server.testing.TestImages;
import dev.atelier.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A v2 field that neither the wire nor the feature reads is refused with {@code BadRequest} ("unexpected
 * parameter", CONTRACTS) naming it and the close right one, instead of being ignored; legacy bodies keep their
 * lenient params (their clients predate Atelier).
 */
class FieldErrorsTest {
    private final TestServer server = TestServer.start();
    private final TestClient c = server.client();

    @AfterEach
    void stop() {
        server.close();
    }

    private String upload() {
        return YouCamFlows.upload(c, "enhance", "image/jpeg", TestImages.jpeg(64, 64));
    }

    @Test
    void aMisspelledMaskFieldIsRefusedNamingTheRightOne() {
        String src = upload();
        TestClient.Response r = c.post("/s2s/v2.0/task/obj-removal", Map.of("src_file_id", src,
                "mask_file_id", upload()));

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().path("error_code").asString()).isEqualTo("BadRequest");
        assertThat(r.json().path("error").asString()).contains("unknown field mask_file_id for obj-removal")
                .contains("did you mean msk_file_id?");
    }

    @Test
    void aMisspelledParameterGetsItsNameAndAnUnrelatedOneTheFieldList() {
        TestClient.Response typo = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", upload(), "scael", 2));
        assertThat(typo.status()).as(typo.toString()).isEqualTo(400);
        assertThat(typo.json().path("error_code").asString()).isEqualTo("BadRequest");
        assertThat(typo.json().path("error").asString()).contains("unknown field scael").contains("did you mean scale?");

        TestClient.Response unrelated = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", upload(),
                "colour_grading", "warm"));
        assertThat(unrelated.status()).isEqualTo(400);
        assertThat(unrelated.json().path("error").asString()).contains("unknown field colour_grading")
                .doesNotContain("did you mean").contains("its fields: scale");
    }

    @Test
    void fieldsAFeatureReadsButDoesNotOfferInFormsAreNotUnknown() {
        // bg-replace reads prompt (and refuses it while no generator backs it); hair-style reads the legacy style
        // selection. On this bare node both then stop at their engines, not at the field check.
        for (var run : List.of(
                Map.entry("bg-replace", Map.<String, Object>of("src_file_id", upload(), "prompt", "a beach")),
                Map.entry("hair-style", Map.<String, Object>of("src_file_id", upload(), "style_group_id", 1,
                        "style_ids", List.of(1))))) {
            TestClient.Response r = c.post("/s2s/v2.0/task/" + run.getKey(), run.getValue());
            assertThat(r.json().path("error_code").asString()).as(r.toString()).isNotEqualTo("BadRequest");
        }
    }

    @Test
    void knownFieldsStillRunAndLegacyBodiesStayLenient() {
        TestClient.Response ok = c.post("/s2s/v2.0/task/enhance", Map.of("src_file_id", upload(), "scale", 2,
                "output_ext", "png", "request_id", 0));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);

        TestClient.Response legacy = c.post("/s2s/v1.0/task/enhance", Map.of("request_id", 7, "payload", Map.of(
                "file_sets", Map.of("src_ids", List.of(upload())),
                "actions", List.of(Map.of("id", 0, "params", Map.of("scale", 2, "hd", true))))));
        assertThat(legacy.status()).as(legacy.toString()).isEqualTo(200);
    }
}
