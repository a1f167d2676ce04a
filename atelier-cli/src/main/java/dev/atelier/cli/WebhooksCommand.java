package dev.atelier.cli;

import dev.atelier.server.accounts.ApiKey;
import dev.atelier.server.config.Settings;
import dev.atelier.server.files.AddressGuard;
import dev.atelier.server.security.ServerSecret;
import dev.atelier.server.store.Database;
import dev.atelier.server.store.JdbiKeyStore;
import dev.atelier.server.store.JdbiWebhookStore;
import dev.atelier.server.webhooks.CreatedEndpoint;
import dev.atelier.server.webhooks.Delivery;
import dev.atelier.server.webhooks.Endpoint;
import dev.atelier.server.webhooks.WebhookSettings;
import dev.atelier.server.webhooks.Webhooks;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code atelier webhooks}: manage the webhook endpoints of keys (works while the server runs). */
@Command(name = "webhooks", mixinStandardHelpOptions = true, description = "Manage webhook endpoints of keys (on --data, or a server's admin API with --server).",
        subcommands = {WebhooksCommand.Add.class, WebhooksCommand.ListEndpoints.class, WebhooksCommand.Remove.class,
                WebhooksCommand.Deliveries.class})
final class WebhooksCommand {
    private static final tools.jackson.core.type.TypeReference<List<Map<String, Object>>> ROWS =
            new tools.jackson.core.type.TypeReference<>() {};

    private static final class Session implements AutoCloseable {
        final Database db;
        final Webhooks webhooks;
        final JdbiKeyStore keys;

        Session(Settings settings) {
            this.db = Database.open(settings.databaseUrl(), null);
            try {
                ServerSecret secret = ServerSecret.load(settings.secret(), settings.previousSecrets(),
                        settings.dataDir());
                this.keys = new JdbiKeyStore(db);
                this.webhooks = new Webhooks(new JdbiWebhookStore(db), secret, InstantSource.system(),
                        new AddressGuard(settings.fetchAllowlist()),
                        WebhookSettings.from(settings.source()).maxEndpoints());
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
        }

        ApiKey key(String name) {
            return keys.byName(name).orElseThrow(() -> new IllegalArgumentException(
                    "no key named '" + name + "' (list them with: ./atelier keys list)"));
        }

        @Override
        public void close() {
            db.close();
        }
    }

    static Map<String, Object> json(Endpoint e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("url", e.url());
        m.put("status", e.status().name().toLowerCase(Locale.ROOT));
        m.put("created_at", e.createdAt().toString());
        m.put("disabled_reason", e.disabledReason());
        return m;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add an endpoint to a key; prints its whsec_ signing secret (once).")
    static final class Add implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--key", required = true, description = "The key's name.")
        String key;

        @Option(names = "--url", required = true, description = "Where to POST task outcomes (http or https).")
        String url;

        @Option(names = "--json", description = "Print JSON: id, url, status, secret.")
        boolean json;

        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() {
            if (admin.remote()) {
                JsonNode c = admin.post("/admin/v1/keys/" + key + "/webhooks", Map.of("url", url));
                if (json) {
                    System.out.println(KeysCommand.JSON.writeValueAsString(c));
                } else {
                    printAdded(key, c.path("id").asString(), c.path("url").asString(), c.path("secret").asString());
                }
                return 0;
            }
            try (Session s = new Session(common.settings(Map.of()))) {
                CreatedEndpoint c = s.webhooks.add(s.key(key).id(), url);
                if (json) {
                    Map<String, Object> m = WebhooksCommand.json(c.endpoint());
                    m.put("secret", c.secret());
                    System.out.println(KeysCommand.JSON.writeValueAsString(m));
                } else {
                    printAdded(key, c.endpoint().id(), c.endpoint().url(), c.secret());
                }
            }
            return 0;
        }
    }

    private static void printAdded(String key, String id, String url, String secret) {
        System.out.println("Added webhook " + id + " for '" + key + "': " + url);
        System.out.println("  secret: " + secret);
        System.out.println("          shown once: verify the webhook-signature header with it");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a key's endpoints.")
    static final class ListEndpoints implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--key", required = true, description = "The key's name.")
        String key;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() {
            List<Map<String, Object>> endpoints;
            if (admin.remote()) {
                endpoints = KeysCommand.JSON.convertValue(admin.get("/admin/v1/keys/" + key + "/webhooks")
                        .path("endpoints"), ROWS);
            } else {
                try (Session s = new Session(common.settings(Map.of()))) {
                    endpoints = s.webhooks.list(s.key(key).id()).stream().map(WebhooksCommand::json).toList();
                }
            }
            if (json) {
                System.out.println(KeysCommand.JSON.writeValueAsString(endpoints));
            } else if (endpoints.isEmpty()) {
                System.out.println("No webhooks for '" + key + "': ./atelier webhooks add --key " + key + " --url URL");
            } else {
                for (Map<String, Object> e : endpoints) {
                    System.out.printf("%-24s %-9s %s%n", e.get("id"), e.get("status"), e.get("url"));
                }
            }
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove an endpoint (pending deliveries are cancelled).")
    static final class Remove implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(index = "0", paramLabel = "ID", description = "The endpoint id (wh_...).")
        String id;

        @Mixin
        AdminOptions admin;

        @Option(names = "--json", description = "Print JSON: id, removed.")
        boolean json;

        @Override
        public Integer call() {
            if (admin.remote()) {
                admin.delete("/admin/v1/webhooks/" + id);
            } else {
                try (Session s = new Session(common.settings(Map.of()))) {
                    if (!s.webhooks.remove(id)) {
                        throw new IllegalArgumentException("no webhook endpoint " + id);
                    }
                }
            }
            System.out.println(json ? KeysCommand.JSON.writeValueAsString(Map.of("id", id, "removed", true))
                    : "Removed " + id);
            return 0;
        }
    }

    @Command(name = "deliveries", mixinStandardHelpOptions = true, description = "Show recent deliveries to an endpoint.")
    static final class Deliveries implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(index = "0", paramLabel = "ID", description = "The endpoint id (wh_...).")
        String id;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() {
            if (admin.remote()) {
                print(KeysCommand.JSON.convertValue(admin.get("/admin/v1/webhooks/" + id + "/deliveries")
                        .path("deliveries"), ROWS));
                return 0;
            }
            try (Session s = new Session(common.settings(Map.of()))) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Delivery d : s.webhooks.deliveries(id, 50)) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", d.id());
                    m.put("task_id", d.taskId());
                    m.put("state", d.state().name().toLowerCase(Locale.ROOT));
                    m.put("attempts", d.attempts());
                    m.put("last_status", d.lastStatus());
                    m.put("last_error", d.lastError());
                    rows.add(m);
                }
                print(rows);
            }
            return 0;
        }

        private void print(List<Map<String, Object>> rows) {
            if (json) {
                System.out.println(KeysCommand.JSON.writeValueAsString(rows));
            } else {
                for (Map<String, Object> r : rows) {
                    System.out.printf("%-30s %-10s %2s attempts  %s%n", r.get("id"), r.get("state"),
                            r.get("attempts"), r.get("last_error") == null ? "" : r.get("last_error"));
                }
            }
        }
    }
}
