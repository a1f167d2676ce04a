package dev.atelier.engines.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.onnx.RemoteInferenceSettings;
import dev.atelier.engines.routing.RoutingSettings;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one syntax for durations and sizes, and the old names that stay readable with their old bare units. */
class SettingValuesTest {

    @Test
    void durationsTakeEveryUnitAndABareNumberCountsTheNamesUnit() {
        assertThat(SettingValues.parseDuration("X", "500ms", ChronoUnit.SECONDS)).isEqualTo(Duration.ofMillis(500));
        assertThat(SettingValues.parseDuration("X", "30s", ChronoUnit.SECONDS)).isEqualTo(Duration.ofSeconds(30));
        assertThat(SettingValues.parseDuration("X", "2m", ChronoUnit.SECONDS)).isEqualTo(Duration.ofMinutes(2));
        assertThat(SettingValues.parseDuration("X", " 1H ", ChronoUnit.SECONDS)).isEqualTo(Duration.ofHours(1));
        assertThat(SettingValues.parseDuration("X", "7d", ChronoUnit.SECONDS)).isEqualTo(Duration.ofDays(7));
        assertThat(SettingValues.parseDuration("X", "90", ChronoUnit.SECONDS)).isEqualTo(Duration.ofSeconds(90));
        assertThat(SettingValues.parseDuration("X", "90", ChronoUnit.MILLIS)).isEqualTo(Duration.ofMillis(90));
    }

    @Test
    void sizesAreBinaryAndABareNumberCountsTheNamesUnit() {
        assertThat(SettingValues.parseBytes("X", "10MB", 1)).isEqualTo(10L << 20);
        assertThat(SettingValues.parseBytes("X", "10 MiB", 1)).isEqualTo(10L << 20);
        assertThat(SettingValues.parseBytes("X", "512kb", 1)).isEqualTo(512L << 10);
        assertThat(SettingValues.parseBytes("X", "2GB", 1)).isEqualTo(2L << 30);
        assertThat(SettingValues.parseBytes("X", "100B", 1)).isEqualTo(100);
        assertThat(SettingValues.parseBytes("X", "100", 1)).isEqualTo(100);
        assertThat(SettingValues.parseBytes("X", "100", 1L << 20)).isEqualTo(100L << 20);
    }

    @Test
    void badValuesNameTheSettingAndWhatItTakes() {
        assertThatThrownBy(() -> SettingValues.parseDuration("ATELIER_X", "soon", ChronoUnit.SECONDS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ATELIER_X")
                .hasMessageContaining("500ms");
        assertThatThrownBy(() -> SettingValues.parseDuration("ATELIER_X", "1.5s", ChronoUnit.SECONDS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SettingValues.parseBytes("ATELIER_Y", "10 potatoes", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ATELIER_Y");
        assertThatThrownBy(() -> SettingValues.parseBytes("ATELIER_Y", "99999999999999999999", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> SettingValues.parseBytes("ATELIER_Y", "9000000000GB", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
    }

    @Test
    void oldNamesStayReadableWithTheirOldUnitsAndTheNewNameWins() {
        OnnxSettings old = OnnxSettings.fromEnvironment(Map.of("ATELIER_ONNX_IDLE_SECONDS", "60",
                "ATELIER_ONNX_MEMORY_MB", "512", "ATELIER_ONNX_QUEUE_SECONDS", "5"));
        assertThat(old.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(old.memoryBudgetBytes()).isEqualTo(512L << 20);
        assertThat(old.queueTimeout()).isEqualTo(Duration.ofSeconds(5));

        OnnxSettings current = OnnxSettings.fromEnvironment(Map.of("ATELIER_ONNX_IDLE", "2m",
                "ATELIER_ONNX_MEMORY", "1GB", "ATELIER_ONNX_QUEUE_TIMEOUT", "500ms",
                "ATELIER_ONNX_MEMORY_MB", "512"));
        assertThat(current.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(current.memoryBudgetBytes()).as("the new name wins").isEqualTo(1L << 30);
        assertThat(current.queueTimeout()).isEqualTo(Duration.ofMillis(500));

        assertThat(OnnxSettings.defaults().memoryBudgetBytes()).isEqualTo(3072L << 20);
        assertThat(OnnxSettings.defaults().idleTimeout()).isEqualTo(Duration.ofSeconds(600));

        RoutingSettings routing = RoutingSettings.from(Map.of("ATELIER_ROUTING_COOLDOWN_MS", "1500",
                "ATELIER_ROUTING_MAX_RETRY_AFTER", "3s"));
        assertThat(routing.cooldown()).isEqualTo(Duration.ofMillis(1500));
        assertThat(routing.maxRetryAfterWait()).isEqualTo(Duration.ofSeconds(3));

        assertThat(RemoteInferenceSettings.fromEnvironment(Map.of("ATELIER_INFERENCE_TIMEOUT", "45")).timeout())
                .as("whole seconds, as before").isEqualTo(Duration.ofSeconds(45));
        assertThat(RemoteInferenceSettings.fromEnvironment(Map.of("ATELIER_INFERENCE_TIMEOUT", "1500ms")).timeout())
                .isEqualTo(Duration.ofMillis(1500));
    }
}
