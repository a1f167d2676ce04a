package dev.atelier.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import tools.jackson.databind.JsonNode;

/** Where the bearer credential comes from: an API key as is, or a legacy access token obtained and refreshed. */
sealed interface Auth permits Auth.ApiKey, Auth.Legacy {

    /** The bearer value to send now. */
    String bearer(Transport transport);

    /** Forget {@code token} if it is the current one (the server refused it). */
    void invalidate(String token);

    /** Whether {@link #invalidate} can lead to a different credential. */
    boolean refreshable();

    /** An API key (v2), sent as the bearer on every route. */
    record ApiKey(String key) implements Auth {
        @Override
        public String bearer(Transport transport) {
            return key;
        }

        @Override
        public void invalidate(String token) {}

        @Override
        public boolean refreshable() {
            return false;
        }
    }

    /**
     * The legacy flow (CONTRACTS A.1): {@code id_token} = Base64(RSA/PKCS#1 v1.5 of
     * {@code client_id=<id>&timestamp=<ms>}) under the key's public key, exchanged at {@code /s2s/v1.0/client/auth}
     * for an access token that is reused until shortly before it expires.
     */
    final class Legacy implements Auth {
        /** Refresh this long before the stated expiry so a token never lapses mid-request. */
        private static final Duration MARGIN = Duration.ofSeconds(60);

        private final String clientId;
        private final PublicKey publicKey;
        private String token;
        private Instant refreshAt = Instant.MIN;

        Legacy(String clientId, String publicKey) {
            this.clientId = clientId;
            this.publicKey = parse(publicKey);
        }

        private static PublicKey parse(String key) {
            String b64 = key.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            try {
                return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                throw new IllegalArgumentException("the public key must be the Base64 (or PEM) X.509 RSA public key "
                        + "that 'atelier keys create' printed: " + e.getMessage(), e);
            }
        }

        @Override
        public synchronized String bearer(Transport transport) {
            Instant now = transport.clock().instant();
            if (token == null || !now.isBefore(refreshAt)) {
                JsonNode result = transport.postJson("/s2s/v1.0/client/auth",
                        Map.of("client_id", clientId, "id_token", idToken(now)), false).path("result");
                String t = result.path("access_token").asString(null);
                if (t == null) {
                    throw new IllegalStateException("the server's client/auth answer has no result.access_token");
                }
                long ttl = result.path("expires_in").asLong(7200);
                Duration margin = Duration.ofSeconds(Math.min(MARGIN.toSeconds(), ttl / 10));
                token = t;
                refreshAt = now.plusSeconds(ttl).minus(margin);
            }
            return token;
        }

        String idToken(Instant now) {
            try {
                Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
                rsa.init(Cipher.ENCRYPT_MODE, publicKey);
                byte[] plain = ("client_id=" + clientId + "&timestamp=" + now.toEpochMilli())
                        .getBytes(StandardCharsets.UTF_8);
                return Base64.getEncoder().encodeToString(rsa.doFinal(plain));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("RSA encryption failed: " + e.getMessage(), e);
            }
        }

        @Override
        public synchronized void invalidate(String t) {
            if (t != null && t.equals(token)) {
                token = null;
            }
        }

        @Override
        public boolean refreshable() {
            return true;
        }
    }
}
