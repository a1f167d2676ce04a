package dev.atelier.engines.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxSettingsTest {
    @Test
    void theOptimisationLevelIsAllUnlessSetAndAnyCaseIsAccepted() {
        assertThat(OnnxSettings.defaults().optimization()).isEqualTo(OnnxSettings.Optimization.ALL);
        assertThat(OnnxSettings.fromEnvironment(Map.of("ATELIER_ONNX_OPTIMIZATION", " Extended ")).optimization())
                .isEqualTo(OnnxSettings.Optimization.EXTENDED);
        assertThat(OnnxSettings.defaults().withOptimization(OnnxSettings.Optimization.BASIC).withCpuArena(true)
                .optimization()).isEqualTo(OnnxSettings.Optimization.BASIC);
    }

    @Test
    void anUnknownOptimisationLevelIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> OnnxSettings.fromEnvironment(Map.of("ATELIER_ONNX_OPTIMIZATION", "max")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ATELIER_ONNX_OPTIMIZATION").hasMessageContaining("'max'");
    }
}
