package dev.atelier.cli;

import dev.atelier.server.config.Settings;
import dev.atelier.server.config.SettingsSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command shares: where the data lives. Flags win over environment variables. */
final class Common {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: $ATELIER_DATA or ./data).")
    Path data;

    Settings settings(Map<String, String> extra) {
        Map<String, String> overrides = new HashMap<>(extra);
        if (data != null) {
            overrides.put("ATELIER_DATA", data.toString());
        }
        return Settings.from(SettingsSource.fromEnvironment().with(overrides));
    }
}
