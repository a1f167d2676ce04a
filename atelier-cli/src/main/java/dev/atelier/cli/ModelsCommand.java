package dev.atelier.cli;

import dev.atelier.engines.models.ModelException;
import dev.atelier.engines.models.ModelInfo;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.RegistrySettings;
import dev.atelier.server.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atelier models}: the checksum-pinned model registry on this machine. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List, pull, verify, remove and import models.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Pull.class, ModelsCommand.Verify.class,
                ModelsCommand.Remove.class, ModelsCommand.Import.class})
final class ModelsCommand {
    static ModelRegistry registry(Common common) {
        Settings s = common.settings(Map.of());
        return new ModelRegistry(s.modelsDir(), ModelRegistry.manifests(s.source().asMap()),
                RegistrySettings.fromEnvironment(s.source().asMap()));
    }

    static Map<String, Object> json(ModelInfo m) {
        Map<String, Object> j = m.wire();
        j.put("detail", m.detail());
        return j;
    }

    static void print(ModelInfo m) {
        print(List.of(m));
    }

    /** One aligned row per model under a header: id, state, capability, size, licence. */
    static void print(List<ModelInfo> models) {
        Table t = new Table(List.of("ID", "STATE", "CAPABILITY", "SIZE", "LICENSE"), 3);
        for (ModelInfo m : models) {
            t.row(m.id(), m.state().name().toLowerCase(Locale.ROOT), m.capability().name().toLowerCase(Locale.ROOT),
                    ByteProgressBar.human(m.size()), m.license().id());
        }
        t.print(System.out);
    }

    /** A state change's outcome: the model as JSON with {@code --json}, else its table row. */
    static void report(ModelInfo m, boolean json) {
        if (json) {
            System.out.println(KeysCommand.JSON.writeValueAsString(json(m)));
        } else {
            print(m);
        }
    }

    /** Runs a registry action, turning a {@link ModelException} into its code and message and exit code 1. */
    static int guarded(Callable<Integer> action) throws Exception {
        try {
            return action.call();
        } catch (ModelException e) {
            System.err.println("atelier: " + e.code().wireName() + ": " + e.getMessage());
            return 1;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Known models and their state here.")
    static final class ListModels implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (ModelRegistry r = registry(common)) {
                List<ModelInfo> all = r.list();
                if (json) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    all.forEach(m -> rows.add(json(m)));
                    System.out.println(KeysCommand.JSON.writeValueAsString(rows));
                } else {
                    print(all);
                }
            }
            return 0;
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = "Download a model (resumable), verify every checksum and install it atomically.")
    static final class Pull implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(paramLabel = "ID", description = "Model id, e.g. isnet-fp16.")
        String id;

        @Option(names = "--accept-license", description = "Accept the model's licence (required when not permissive).")
        boolean acceptLicense;

        @Option(names = "--json", description = "Print the installed model as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return guarded(() -> {
                try (ModelRegistry r = registry(common)) {
                    ModelInfo before = r.info(id);
                    if (!before.license().permissive()) {
                        System.err.println("Licence of " + id + ": " + before.license().id() + " — "
                                + before.license().summary() + " (" + before.license().url() + ")");
                    }
                    ByteProgressBar bar = new ByteProgressBar(System.err);
                    ModelInfo m = r.pull(id, acceptLicense, bar::update);
                    bar.finish(id + ": " + m.state().name().toLowerCase(Locale.ROOT));
                    if (json) {
                        System.out.println(KeysCommand.JSON.writeValueAsString(json(m)));
                    }
                }
                return 0;
            });
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check installed files against their checksums.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(paramLabel = "ID", arity = "0..1", description = "Model id (default: every installed model).")
        String id;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return guarded(() -> {
                try (ModelRegistry r = registry(common)) {
                    List<ModelInfo> checked = new ArrayList<>();
                    if (id != null) {
                        checked.add(r.verify(id));
                    } else {
                        for (ModelInfo m : r.list()) {
                            if (m.state() != dev.atelier.engines.models.ModelState.MISSING) {
                                checked.add(r.verify(m.id()));
                            }
                        }
                    }
                    boolean ok = checked.stream().allMatch(m -> m.state() == dev.atelier.engines.models.ModelState.INSTALLED);
                    if (json) {
                        System.out.println(KeysCommand.JSON.writeValueAsString(checked.stream().map(ModelsCommand::json).toList()));
                    } else {
                        print(checked);
                    }
                    return ok ? 0 : 1;
                }
            });
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove an installed model.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--json", description = "Print JSON: id, removed.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return guarded(() -> {
                try (ModelRegistry r = registry(common)) {
                    boolean removed = r.remove(id);
                    System.out.println(json ? KeysCommand.JSON.writeValueAsString(Map.of("id", id, "removed", removed))
                            : removed ? "removed " + id : id + " was not installed");
                }
                return 0;
            });
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Install a model file obtained elsewhere; it must match a known model's checksum.",
                    "With a directory and --id: install a diffusion bundle in the optimum ONNX layout (a known bundle's"
                            + " pinned files must match their pins; any other id gets a manifest of its own)."})
    static final class Import implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(paramLabel = "FILE|DIR")
        Path file;

        @Option(names = "--id", paramLabel = "NAME", description = "The bundle's model id (required for a directory).")
        String id;

        @Option(names = "--accept-license", description = "Accept the model's licence (required when not permissive).")
        boolean acceptLicense;

        @Option(names = "--json", description = "Print the installed model as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return guarded(() -> {
                try (ModelRegistry r = registry(common)) {
                    if (java.nio.file.Files.isDirectory(file)) {
                        if (id == null) {
                            System.err.println("atelier: a directory is imported as a bundle: add --id NAME");
                            return ExitCodes.USAGE;
                        }
                        ByteProgressBar bar = new ByteProgressBar(System.err);
                        ModelInfo m = r.importBundle(file, id, acceptLicense, bar::update);
                        bar.finish(id + ": " + m.state().name().toLowerCase(Locale.ROOT));
                        report(m, json);
                    } else {
                        report(r.importFile(file, acceptLicense), json);
                    }
                }
                return 0;
            });
        }
    }
}
