package dev.atelier.cli;

import dev.atelier.client.Account;
import dev.atelier.client.AtelierClient;
import dev.atelier.client.ConnectionException;
import dev.atelier.client.RequestException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code atelier credits show --server}: the calling key's balance, grants and latest history, through the SDK. */
final class ServerCredits {
    private ServerCredits() {}

    static int show(ServerOptions remote, boolean json) {
        URI server = remote.server;
        AtelierClient client;
        try {
            client = remote.client();
        } catch (IllegalArgumentException e) {
            return fail(json, ExitCodes.USAGE, "usage", e.getMessage());
        }
        try (client) {
            Account.Credits c = client.account().credits();
            List<Account.HistoryEntry> history = client.account().creditHistory(10, null).entries();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("server", server.toString());
                m.put("metered", c.metered());
                m.put("available", c.available());
                m.put("reserved", c.reserved());
                List<Map<String, Object>> grants = new ArrayList<>();
                for (Account.Grant g : c.grants()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", g.id());
                    row.put("type", g.type());
                    row.put("remaining", g.units());
                    row.put("expires_at", g.expiresAt() == null ? null : g.expiresAt().toString());
                    grants.add(row);
                }
                m.put("grants", grants);
                List<Map<String, Object>> h = new ArrayList<>();
                for (Account.HistoryEntry e : history) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("at", e.at().toString());
                    row.put("action", e.action());
                    row.put("target_id", e.targetId());
                    row.put("units", Double.isNaN(e.units()) ? null : e.units());
                    h.add(row);
                }
                m.put("history", h);
                System.out.println(KeysCommand.JSON.writeValueAsString(m));
                return ExitCodes.OK;
            }
            System.out.println(c.metered()
                    ? c.available() + " units available, " + c.reserved() + " held by running tasks"
                    : "unlimited (never granted units; usage is recorded)");
            for (Account.Grant g : c.grants()) {
                System.out.printf("  grant %-20d %-13s %10s %s%n", g.id(), g.type(), g.units(),
                        g.expiresAt() == null ? "never expires" : "expires " + g.expiresAt());
            }
            for (Account.HistoryEntry e : history) {
                System.out.printf("  %s %-22s %10s %s%n", e.at(), e.action(), Double.isNaN(e.units()) ? "" : e.units(),
                        e.targetId() == null ? "" : e.targetId());
            }
            return ExitCodes.OK;
        } catch (RequestException e) {
            return fail(json, e.code().isAuthentication() ? ExitCodes.UNREACHABLE : ExitCodes.FAILED,
                    e.wireCode() == null ? "http_" + e.httpStatus() : e.wireCode(), e.getMessage());
        } catch (ConnectionException e) {
            return fail(json, ExitCodes.UNREACHABLE, "unreachable", e.getMessage());
        }
    }

    private static int fail(boolean json, int code, String error, String message) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("exit_code", code);
            m.put("error", error);
            m.put("error_message", message);
            System.out.println(KeysCommand.JSON.writeValueAsString(m));
        }
        System.err.println("atelier credits: " + message);
        return code;
    }
}
