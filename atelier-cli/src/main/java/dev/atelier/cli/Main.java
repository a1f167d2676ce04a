package dev.atelier.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code atelier} command. Exit codes: 0 success, 1 failure, 2 usage error, 3 server unreachable or credentials
 * refused ({@link ExitCodes}).
 */
@Command(name = "atelier", mixinStandardHelpOptions = true, version = "atelier 0.1.0",
        description = "Atelier: a self-hosted AI image studio server.",
        subcommands = {ServeCommand.class, KeysCommand.class, RunCommand.class, ModelsCommand.class,
                CreditsCommand.class, WebhooksCommand.class, GenerateCommand.class, DoctorCommand.class,
                AotTrainingCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Adds the effect list (computed when shown) before the examples of {@code atelier run --help}. */
    private static void listEffectsInRunHelp(CommandLine run) {
        run.getHelpSectionMap().put("effects", help -> RunCommand.effectsHelp(new Common()));
        java.util.List<String> keys = new java.util.ArrayList<>(run.getHelpSectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER), "effects");
        run.setHelpSectionKeys(keys);
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        listEffectsInRunHelp(cli.getSubcommands().get("run"));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("atelier: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        return cli.execute(args);
    }
}
