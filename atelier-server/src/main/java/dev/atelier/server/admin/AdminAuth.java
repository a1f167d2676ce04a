package dev.atelier.server.admin;

import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.security.ServerSecret;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards every route under {@code /admin/} with {@code Authorization: Bearer <ATELIER_ADMIN_TOKEN>}. Without that
 * setting the admin API answers 404: it does not exist until an operator turns it on. The token is compared as
 * SHA-256 digests in constant time, so neither its length nor a prefix leaks through timing.
 */
public final class AdminAuth {
    private final Optional<byte[]> tokenHash;

    public AdminAuth(Optional<String> adminToken) {
        this.tokenHash = adminToken.map(AdminAuth::hash);
    }

    /** Installs the guard; must come before any admin route. */
    public void install(RoutesConfig routes) {
        routes.before("/admin/*", this::authorize);
    }

    private void authorize(Context ctx) {
        if (tokenHash.isEmpty()) {
            throw new Refusal(RefusalCode.NOT_FOUND, "The admin API is off: set ATELIER_ADMIN_TOKEN to turn it on");
        }
        String h = ctx.header("Authorization");
        String given = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : "";
        if (!MessageDigest.isEqual(hash(given), tokenHash.get())) {
            throw new Refusal(RefusalCode.INVALID_ACCESS_TOKEN, "The admin token is missing or wrong");
        }
    }

    private static byte[] hash(String token) {
        return ServerSecret.sha256Hex(token.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
    }
}
