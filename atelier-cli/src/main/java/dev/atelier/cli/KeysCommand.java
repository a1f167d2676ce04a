package dev.atelier.cli;

import dev.atelier.server.Admin;
import dev.atelier.server.accounts.ApiKey;
import dev.atelier.server.accounts.CreatedKey;
import dev.atelier.server.config.SettingsSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/** {@code atelier keys}: create and list credentials. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class})
final class KeysCommand {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key: prints the API key (once), the client_id and the RSA public key for legacy clients.")
    static final class Create implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--name", required = true, description = "A unique name for the key.")
        String name;

        @Option(names = "--expires", paramLabel = "DURATION", description = "Lifetime, e.g. 30d or 12h (default: never).")
        String expires;

        @Option(names = "--json", description = "Print JSON: name, api_key, client_id, public_key.")
        boolean json;

        @Mixin
        AdminOptions server;

        @Override
        public Integer call() {
            Instant expiresAt = Optional.ofNullable(expires)
                    .map(e -> Instant.now().plus(SettingsSource.of(Map.of("EXPIRES", e)).duration("EXPIRES", Duration.ZERO)))
                    .orElse(null);
            if (server.remote()) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", name);
                if (expiresAt != null) {
                    body.put("expires_at", expiresAt.toString());
                }
                tools.jackson.databind.JsonNode k = server.post("/admin/v1/keys", body);
                print(new CreatedKey(k.path("name").asString(), k.path("api_key").asString(),
                        k.path("client_id").asString(), k.path("public_key").asString()), expiresAt);
                return 0;
            }
            try (Admin admin = Admin.open(common.settings(Map.of()))) {
                print(admin.createKey(name, expiresAt), expiresAt);
            }
            return 0;
        }

        private void print(CreatedKey k, Instant expiresAt) {
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", k.name());
                m.put("api_key", k.apiKey());
                m.put("client_id", k.clientId());
                m.put("public_key", k.publicKey());
                System.out.println(JSON.writeValueAsString(m));
            } else {
                System.out.println("Created key '" + k.name() + "'"
                        + (expiresAt == null ? "" : " (expires " + expiresAt + ")"));
                System.out.println("  API key:    " + k.apiKey());
                System.out.println("              shown once: only its hash is stored");
                System.out.println("  client_id:  " + k.clientId());
                System.out.println("  public key: " + k.publicKey());
                System.out.println("              the legacy clients' \"secret key\" for /s2s/v1.0/client/auth");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never the keys themselves).")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Mixin
        AdminOptions server;

        @Override
        public Integer call() {
            List<Map<String, Object>> rows = new ArrayList<>();
            if (server.remote()) {
                rows = JSON.convertValue(server.get("/admin/v1/keys").path("keys"),
                        new tools.jackson.core.type.TypeReference<List<Map<String, Object>>>() {});
            } else {
                try (Admin admin = Admin.open(common.settings(Map.of()))) {
                    for (ApiKey k : admin.keys()) {
                        rows.add(k.wire());
                    }
                }
            }
            if (json) {
                System.out.println(JSON.writeValueAsString(rows));
            } else if (rows.isEmpty()) {
                System.out.println("No keys yet: ./atelier keys create --name NAME");
            } else {
                Table t = new Table(List.of("NAME", "CLIENT ID", "KEY", "STATUS"));
                rows.forEach(r -> t.row(r.get("name"), r.get("client_id"), r.get("api_key_hint"), r.get("status")));
                t.print(System.out);
            }
            return 0;
        }
    }
}
