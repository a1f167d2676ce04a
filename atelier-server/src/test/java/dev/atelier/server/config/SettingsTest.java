package dev.atelier.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @Test
    void everySettingTheServerReadsIsDocumented() throws IOException {
        Path doc = Path.of("..", "docs", "configuration.md");
        String text = Files.readString(doc);
        for (String name : Settings.names(dev.atelier.server.AtelierServer.settingsGroups())) {
            assertThat(text).as("docs/configuration.md must document " + name).contains("`" + name + "`");
        }
    }

    @Test
    void defaultsAreSafe() {
        Settings s = Settings.from(SettingsSource.of(Map.of()));
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.pollingWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.downloadUrlTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(s.maxUploadBytes()).isEqualTo(10L << 20);
        assertThat(s.fetchAllowlist()).isEmpty();
        assertThat(s.databaseUrl()).startsWith("jdbc:sqlite:").endsWith("atelier.db");
    }

    @Test
    void valuesParseWithUnitsAndPropertiesFilesUseEitherSpelling(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("atelier.properties");
        Files.writeString(file, "atelier.polling-window=30s\nATELIER_MAX_UPLOAD_BYTES=5MB\n");
        SettingsSource source = SettingsSource.of(SettingsSource.readProperties(file))
                .with(Map.of("ATELIER_FETCH_ALLOWLIST", "10.0.0.0/8, images.local"));
        Settings s = Settings.from(source);
        assertThat(s.pollingWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.maxUploadBytes()).isEqualTo(5L << 20);
        assertThat(s.fetchAllowlist()).containsExactly("10.0.0.0/8", "images.local");
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> Settings.from(SettingsSource.of(Map.of("ATELIER_PORT", "eighty"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("ATELIER_PORT");
        assertThatThrownBy(() -> Settings.from(SettingsSource.of(Map.of("ATELIER_POLLING_WINDOW", "soon"))))
                .hasMessageContaining("ATELIER_POLLING_WINDOW");
        assertThatThrownBy(() -> Settings.from(SettingsSource.of(Map.of("ATELIER_SECRET", "short"))))
                .hasMessageContaining("at least 32");
    }
}
