package dev.atelier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where fields sit on the wire in each family, checked against the shapes of CONTRACTS A.3–A.5. */
class WireTest {
    private static final Wire.Ref ID = new Wire.Ref("f1", null);
    private static final Wire.Ref URL = new Wire.Ref(null, URI.create("https://example.com/a.jpg"));

    @Test
    void legacyRunBodiesCarryRequestIdPayloadFileSetsAndOneAction() {
        Map<String, Object> body = Wire.runBody(ApiFamily.LEGACY, 7, List.of(ID), List.of(), List.of(new Wire.Ref("m", null)),
                Map.of("scale", 2), "png");

        assertThat(body).containsEntry("request_id", 7L).containsEntry("output_ext", "png");
        assertThat(body.get("payload")).isEqualTo(Map.of(
                "file_sets", Map.of("src_ids", List.of("f1"), "mask_ids", List.of("m")),
                "actions", List.of(Map.of("id", 0, "params", Map.of("scale", 2)))));
    }

    @Test
    void legacyBodiesRefuseUrlInputs() {
        assertThatThrownBy(() -> Wire.runBody(ApiFamily.LEGACY, 0, List.of(URL), List.of(), List.of(), Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v2");
    }

    @Test
    void v2RunBodiesAreFlatWithSingularOrPluralInputFields() {
        Map<String, Object> one = Wire.runBody(ApiFamily.V2, 3, List.of(ID), List.of(URL), List.of(), Map.of("scale", 4),
                null);
        assertThat(one).containsOnly(Map.entry("src_file_id", "f1"), Map.entry("ref_file_url", URL.url().toString()),
                Map.entry("scale", 4), Map.entry("request_id", 3L));

        Map<String, Object> many = Wire.runBody(ApiFamily.V2, 4, List.of(ID, URL, new Wire.Ref("f2", null)), List.of(),
                List.of(), Map.of(), "webp");
        assertThat(many).containsEntry("src_file_ids", List.of("f1", "f2"))
                .containsEntry("src_file_urls", List.of(URL.url().toString())).containsEntry("output_ext", "webp");
    }

    @Test
    void v2BodiesRefuseParametersThatWouldOverwriteInputFields() {
        assertThatThrownBy(() -> Wire.runBody(ApiFamily.V2, 0, List.of(ID), List.of(), List.of(),
                Map.of("src_file_id", "other"), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statusesOfBothFamiliesReadTheSameWay() {
        var legacy = Transport.JSON.readTree("""
                {"status":200,"result":{"polling_interval":1500,"status":"success","error":null,"results":[{"id":0,
                "data":[{"dst_id":"d1","url":"http://x/files/d1"}]}],"progress":1.0,"metadata":{"engine":"e"}}}""");
        var v2 = Transport.JSON.readTree("""
                {"status":200,"data":{"task_status":"running","polling_interval":500,"progress":0.25,
                "stage":"enhancing","queue_position":0}}""");

        var lb = Wire.statusBody(ApiFamily.LEGACY, legacy);
        assertThat(Wire.status(ApiFamily.LEGACY, "t", lb)).isEqualTo(
                new TaskStatus("t", TaskState.SUCCESS, 1.0, null, -1, Duration.ofMillis(1500)));
        assertThat(Wire.outputs(ApiFamily.LEGACY, lb)).containsExactly(
                new TaskResult.Output("d1", "http://x/files/d1", Map.of()));
        assertThat(Wire.metadata(lb)).isEqualTo(Map.of("engine", "e"));

        assertThat(Wire.status(ApiFamily.V2, "t", Wire.statusBody(ApiFamily.V2, v2))).isEqualTo(
                new TaskStatus("t", TaskState.RUNNING, 0.25, "enhancing", 0, Duration.ofMillis(500)));
    }

    @Test
    void v2OutputListsAndSingleUrlsBothBecomeOutputs() {
        var list = Transport.JSON.readTree("""
                {"task_status":"success","results":{"output":[{"url":"u1","dst_id":"a","style":"x"},{"url":"u2"}]}}""");
        var single = Transport.JSON.readTree("""
                {"task_status":"success","results":{"url":"u","dst_id":"d"}}""");

        assertThat(Wire.outputs(ApiFamily.V2, list)).containsExactly(new TaskResult.Output("a", "u1", Map.of("style", "x")),
                new TaskResult.Output(null, "u2", Map.of()));
        assertThat(Wire.outputs(ApiFamily.V2, single)).containsExactly(new TaskResult.Output("d", "u", Map.of()));
    }
}
