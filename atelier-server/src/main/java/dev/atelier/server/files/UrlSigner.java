package dev.atelier.server.files;

import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.security.ServerSecret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Signs and checks expiring URLs for uploads and downloads: {@code <path>?expires=<epoch s>&signature=<hmac>}, the
 * HMAC covering the method, the path and the expiry, so a download link cannot be turned into an upload link or
 * pointed at another file.
 */
public final class UrlSigner {
    private static final String PURPOSE = "signed-url";

    private final ServerSecret secret;
    private final InstantSource clock;
    private final Supplier<String> publicBase;

    /** @param publicBase the scheme, host and port clients reach the server at (asked per URL: the port may be 0 until bound) */
    public UrlSigner(ServerSecret secret, InstantSource clock, Supplier<String> publicBase) {
        this.secret = secret;
        this.clock = clock;
        this.publicBase = publicBase;
    }

    /** The absolute signed URL for {@code method path}, valid until {@code expires}. */
    public String sign(String method, String path, Instant expires) {
        long exp = expires.getEpochSecond();
        return publicBase.get() + path + "?expires=" + exp + "&signature=" + signature(method, path, exp);
    }

    /** Checks a signed request; throws the matching 403 {@link Refusal} when it is not valid now. */
    public void verify(String method, String path, String expires, String signature) {
        if (expires == null || signature == null) {
            throw new Refusal(RefusalCode.INVALID_SIGNATURE, "This URL is not signed: use the URL the API returned");
        }
        long exp;
        byte[] given;
        try {
            exp = Long.parseLong(expires);
            given = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new Refusal(RefusalCode.INVALID_SIGNATURE, "The URL signature is malformed");
        }
        if (!secret.verify(PURPOSE, payload(method, path, exp), given)) {
            throw new Refusal(RefusalCode.INVALID_SIGNATURE, "The URL signature does not match");
        }
        if (clock.instant().getEpochSecond() >= exp) {
            throw new Refusal(RefusalCode.URL_EXPIRED, "This URL expired at " + Instant.ofEpochSecond(exp)
                    + "; ask the API for a new one");
        }
    }

    private String signature(String method, String path, long exp) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret.sign(PURPOSE, payload(method, path, exp)));
    }

    private static byte[] payload(String method, String path, long exp) {
        return (method + "\n" + path + "\n" + exp).getBytes(StandardCharsets.UTF_8);
    }
}
