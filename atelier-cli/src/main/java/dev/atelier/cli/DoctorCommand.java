package dev.atelier.cli;

import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.server.EffectTable;
import dev.atelier.server.effects.generate.GenerationSettings;
import dev.atelier.server.config.Settings;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.localengines.LocalEngines;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code atelier doctor}: what this machine can run and, for what it cannot, the command that enables it. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Show the JDK, native codecs, models, providers, database and blob store in use, and for every "
                + "feature: ready, or what it misses and the command that enables it.")
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Option(names = "--json", description = "Print JSON (for scripts).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Settings settings = common.settings(Map.of());
        Map<String, Object> report;
        try (LocalEngines engines = new LocalEngines(settings); ModelRegistry models = ModelsCommand.registry(common)) {
            report = Doctor.report(settings, models, EffectTable.of(engines, settings.source()).effects());
        }
        if (json) {
            System.out.println(KeysCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            Doctor.print(report, System.out);
        }
        return 0;
    }
}
