package dev.atelier.engines.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteInferenceSettingsTest {

    @Test
    void modelsAreIdsWithAnOptionalRemoteName() {
        RemoteInferenceSettings s = RemoteInferenceSettings.fromEnvironment(Map.of(
                "ATELIER_INFERENCE_URL", "http://triton:8000/", "ATELIER_INFERENCE_MODELS", " isnet-fp16=isnet , face-mesh",
                "ATELIER_INFERENCE_TOKEN", "secret", "ATELIER_INFERENCE_TIMEOUT", "45"));
        assertThat(s.baseUrl()).hasToString("http://triton:8000");
        assertThat(s.models()).containsExactly(Map.entry("isnet-fp16", "isnet"), Map.entry("face-mesh", "face-mesh"));
        assertThat(s.remoteName("isnet-fp16")).contains("isnet");
        assertThat(s.remoteName("blazeface-back")).isEmpty();
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.toString()).doesNotContain("secret");
    }

    @Test
    void nothingRunsRemotelyByDefault() {
        RemoteInferenceSettings s = RemoteInferenceSettings.fromEnvironment(Map.of());
        assertThat(s.models()).isEmpty();
        assertThat(s.baseUrl()).isNull();
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void badSettingsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> RemoteInferenceSettings.fromEnvironment(Map.of("ATELIER_INFERENCE_MODELS", "isnet")))
                .hasMessageContaining("ATELIER_INFERENCE_URL");
        assertThatThrownBy(() -> RemoteInferenceSettings.fromEnvironment(Map.of("ATELIER_INFERENCE_URL", "ftp://x")))
                .hasMessageContaining("http");
        assertThatThrownBy(() -> RemoteInferenceSettings.fromEnvironment(Map.of("ATELIER_INFERENCE_URL", "http://x",
                "ATELIER_INFERENCE_MODELS", "=isnet"))).hasMessageContaining("id=remote-name");
        assertThatThrownBy(() -> RemoteInferenceSettings.fromEnvironment(Map.of("ATELIER_INFERENCE_TIMEOUT", "soon")))
                .hasMessageContaining("ATELIER_INFERENCE_TIMEOUT");
    }
}
