package dev.atelier.cli;

import dev.atelier.server.accounts.ApiKey;
import dev.atelier.server.config.Settings;
import dev.atelier.server.config.SettingsSource;
import dev.atelier.server.credits.Balance;
import dev.atelier.server.credits.CreditLedger;
import dev.atelier.server.credits.CreditSettings;
import dev.atelier.server.credits.Grant;
import dev.atelier.server.credits.GrantType;
import dev.atelier.server.credits.HistoryEntry;
import dev.atelier.server.credits.Units;
import dev.atelier.server.store.Database;
import dev.atelier.server.store.JdbiCreditLedger;
import dev.atelier.server.store.JdbiKeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atelier credits}: grant units to a key and show its balance (works while the server runs). */
@Command(name = "credits", mixinStandardHelpOptions = true, description = "Manage the units (credits) of keys.",
        subcommands = {CreditsCommand.GrantUnits.class, CreditsCommand.Show.class})
final class CreditsCommand {
    private static final tools.jackson.core.type.TypeReference<Map<String, Object>> GRANT =
            new tools.jackson.core.type.TypeReference<>() {};


    /** The ledger of the configured database, and the key named {@code name} in it. */
    private static final class Session implements AutoCloseable {
        final Database db;
        final CreditLedger ledger;
        final ApiKey key;

        Session(Settings settings, String name) {
            this.db = Database.open(settings.databaseUrl(), null);
            try {
                this.key = new JdbiKeyStore(db).byName(name).orElseThrow(() -> new IllegalArgumentException(
                        "no key named '" + name + "' (list them with: ./atelier keys list)"));
                this.ledger = new JdbiCreditLedger(db, InstantSource.system(),
                        CreditSettings.from(settings.source()).enforced());
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
        }

        @Override
        public void close() {
            db.close();
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Give units to a key.")
    static final class GrantUnits implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--key", required = true, description = "The key's name.")
        String key;

        @Option(names = "--amount", required = true, description = "Units, at most two decimals (e.g. 50 or 2.5).")
        String amount;

        @Option(names = "--expires", paramLabel = "DURATION", description = "Lifetime, e.g. 30d (default: never).")
        String expires;

        @Option(names = "--type", defaultValue = "payg", description = "payg (default) or subscription.")
        String type;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() {
            long hundredths = Units.parse(amount);
            Instant expiresAt = expires == null ? null : Instant.now().plus(
                    SettingsSource.of(Map.of("EXPIRES", expires)).duration("EXPIRES", Duration.ZERO));
            if (admin.remote()) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("amount", Units.decimal(hundredths).toPlainString());
                body.put("type", type);
                if (expiresAt != null) {
                    body.put("expires_at", expiresAt.toString());
                }
                tools.jackson.databind.JsonNode units = admin.post("/admin/v1/keys/" + key + "/credits", body);
                printGranted(KeysCommand.JSON.convertValue(units.path("grant"), GRANT), hundredths, expiresAt,
                        units.path("available").decimalValue());
                return 0;
            }
            try (Session s = new Session(common.settings(Map.of()), key)) {
                Grant g = s.ledger.grant(s.key.id(), hundredths, GrantType.parse(type), expiresAt, "cli");
                printGranted(g.wire(), hundredths, expiresAt, Units.decimal(s.ledger.balance(s.key.id()).available()));
            }
            return 0;
        }

        private void printGranted(Map<String, Object> grant, long hundredths, Instant expiresAt,
                java.math.BigDecimal balance) {
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>(grant);
                m.put("key", key);
                m.put("balance", balance);
                System.out.println(KeysCommand.JSON.writeValueAsString(m));
            } else {
                System.out.println("Granted " + Units.decimal(hundredths) + " units to '" + key + "'"
                        + (expiresAt == null ? "" : " (expire " + expiresAt + ")") + "; balance now " + balance);
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Show a key's balance, grants and history:",
                    "  from the data directory by key NAME, or from a server (--server URL --key API_KEY)."})
    static final class Show implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The key's name (local).")
        String key;

        @Mixin
        ServerOptions remote;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            if (remote.remote()) {
                return ServerCredits.show(remote, json);
            }
            if (key == null) {
                System.err.println("atelier credits show: name a key (NAME), or ask a server with --server URL --key "
                        + "API_KEY");
                return ExitCodes.USAGE;
            }
            try (Session s = new Session(common.settings(Map.of()), key)) {
                Balance b = s.ledger.balance(s.key.id());
                List<Grant> grants = s.ledger.grants(s.key.id());
                List<HistoryEntry> history = s.ledger.history(s.key.id(), 10, null).entries();
                if (json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("key", key);
                    m.put("metered", b.metered());
                    m.put("available", Units.decimal(b.available()));
                    m.put("reserved", Units.decimal(b.reserved()));
                    m.put("grants", grants.stream().map(Grant::wire).toList());
                    List<Map<String, Object>> h = new ArrayList<>();
                    for (HistoryEntry e : history) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("at", e.at().toString());
                        row.put("action", e.action());
                        row.put("target_id", e.targetId());
                        row.put("units", Units.decimal(e.units()));
                        h.add(row);
                    }
                    m.put("history", h);
                    System.out.println(KeysCommand.JSON.writeValueAsString(m));
                    return 0;
                }
                System.out.println("Key '" + key + "': " + (b.metered()
                        ? Units.decimal(b.available()) + " units available, " + Units.decimal(b.reserved())
                                + " held by running tasks"
                        : "unlimited (never granted units; usage is recorded)"));
                for (Grant g : grants) {
                    System.out.printf("  grant %-20d %-13s %10s of %-10s %s%n", g.id(), g.type().wire(),
                            Units.decimal(g.remaining()), Units.decimal(g.amount()),
                            g.expiresAt() == null ? "never expires" : "expires " + g.expiresAt());
                }
                for (HistoryEntry e : history) {
                    System.out.printf("  %s %-22s %10s %s%n", e.at(), e.action(), Units.decimal(e.units()),
                            e.targetId() == null ? "" : e.targetId());
                }
            }
            return 0;
        }
    }
}
