package dev.atelier.server.accounts;

import dev.atelier.server.errors.Refusal;
import dev.atelier.server.errors.RefusalCode;
import dev.atelier.server.security.ServerSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;

/**
 * Creates credentials and turns bearer tokens into {@link Principal}s.
 *
 * <p>Two token kinds are accepted on every route (CONTRACTS D.1): the API key itself, and the access token that the
 * legacy {@code client/auth} exchange issues for an RSA-encrypted {@code id_token}. Access tokens are stateless:
 * {@code atv1.<payload>.<hmac>} with the key id and expiry in the payload, so every node of a deployment that shares
 * the server secret can verify them without a database round trip; the key's status is still checked on each use.
 */
public final class Credentials {
    private static final String TOKEN_PREFIX = "atv1.";
    private static final String TOKEN_PURPOSE = "access-token";
    private static final String SEAL_PURPOSE = "rsa-private-key";
    private static final String BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyStore keys;
    private final ServerSecret secret;
    private final InstantSource clock;
    private final Duration accessTokenTtl;
    private final Duration clockSkew;

    public Credentials(KeyStore keys, ServerSecret secret, InstantSource clock, Duration accessTokenTtl,
            Duration clockSkew) {
        this.keys = keys;
        this.secret = secret;
        this.clock = clock;
        this.accessTokenTtl = accessTokenTtl;
        this.clockSkew = clockSkew;
    }

    /** Creates a key named {@code name}; the returned API key is shown once and only its hash is stored. */
    public CreatedKey create(String name, Instant expiresAt) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw Refusal.invalid("key name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        KeyPair rsa = rsaKeyPair();
        String apiKey = "atk_" + ServerSecret.randomToken(32);
        String clientId = randomBase62(32);
        String publicKey = Base64.getEncoder().encodeToString(rsa.getPublic().getEncoded());
        String sealed = secret.seal(SEAL_PURPOSE, rsa.getPrivate().getEncoded());
        ApiKey key = new ApiKey("key_" + randomBase62(16), name, hash(apiKey), apiKey.substring(0, 8), clientId,
                publicKey, sealed, KeyStatus.ACTIVE, clock.instant(), expiresAt);
        keys.insert(key);
        return new CreatedKey(name, apiKey, clientId, publicKey);
    }

    /**
     * The principal behind an {@code Authorization} header value, or an {@link Refusal} with the 401 code that
     * fits: {@code legacy} selects the legacy family's code for unknown tokens.
     */
    public Principal authenticate(String authorizationHeader, boolean legacy) {
        RefusalCode unknown = legacy ? RefusalCode.INVALID_ACCESS_TOKEN : RefusalCode.INVALID_API_KEY;
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            throw new Refusal(unknown, "Missing Authorization header: send 'Authorization: Bearer <token>'");
        }
        String h = authorizationHeader.trim();
        if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Refusal(unknown, "Authorization must use the Bearer scheme: 'Authorization: Bearer <token>'");
        }
        String token = h.substring(7).trim();
        if (token.startsWith("<") && token.endsWith(">")) {
            throw new Refusal(unknown, "Remove the angle brackets around the token");
        }
        if (token.startsWith(TOKEN_PREFIX)) {
            return byAccessToken(token);
        }
        String tokenHash = hash(token);
        ApiKey key = keys.byApiKeyHash(tokenHash)
                .filter(k -> MessageDigest.isEqual(k.apiKeyHash().getBytes(StandardCharsets.US_ASCII),
                        tokenHash.getBytes(StandardCharsets.US_ASCII)))
                .orElseThrow(() -> new Refusal(unknown, unknown.defaultMessage()));
        checkUsable(key, RefusalCode.INACTIVE_API_KEY, RefusalCode.EXPIRED_API_KEY);
        return new Principal(key, Principal.CredentialKind.API_KEY);
    }

    private Principal byAccessToken(String token) {
        String[] parts = token.substring(TOKEN_PREFIX.length()).split("\\.");
        Refusal invalid = new Refusal(RefusalCode.INVALID_ACCESS_TOKEN, "The access token is invalid");
        if (parts.length != 2) {
            throw invalid;
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = Base64.getUrlDecoder().decode(parts[0]);
            signature = Base64.getUrlDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw invalid;
        }
        if (!secret.verify(TOKEN_PURPOSE, payload, signature)) {
            throw invalid;
        }
        String[] fields = new String(payload, StandardCharsets.UTF_8).split("\\|");
        if (fields.length != 2) {
            throw invalid;
        }
        Instant expires = Instant.ofEpochMilli(Long.parseLong(fields[1]));
        if (!clock.instant().isBefore(expires)) {
            throw new Refusal(RefusalCode.INVALID_ACCESS_TOKEN,
                    "The access token has expired: request a new one from /s2s/v1.0/client/auth");
        }
        ApiKey key = keys.byId(fields[0]).orElseThrow(() -> invalid);
        checkUsable(key, RefusalCode.INVALID_ACCESS_TOKEN, RefusalCode.INVALID_ACCESS_TOKEN);
        return new Principal(key, Principal.CredentialKind.ACCESS_TOKEN);
    }

    /**
     * Whether the key with this id is on and unexpired now (read through the key cache): what a result URL of one
     * of its files needs besides its signature, so turning a key off also stops its links.
     */
    public boolean isUsable(String keyId) {
        return keys.byId(keyId).filter(k -> k.status() == KeyStatus.ACTIVE && !k.expiredAt(clock.instant()))
                .isPresent();
    }

    private void checkUsable(ApiKey key, RefusalCode inactive, RefusalCode expired) {
        if (key.status() != KeyStatus.ACTIVE) {
            throw new Refusal(inactive, "The key '" + key.name() + "' is inactive");
        }
        if (key.expiredAt(clock.instant())) {
            throw new Refusal(expired, "The key '" + key.name() + "' has expired");
        }
    }

    /** A token issued by {@link #exchange}: the bearer value and its lifetime in seconds. */
    public record AccessToken(String token, long expiresInSeconds) {}

    /**
     * The legacy exchange: {@code id_token} is Base64 of the RSA/PKCS#1 v1.5 encryption, under the key's public key,
     * of {@code client_id=<id>&timestamp=<epoch ms>}. Every failure gives the same answer so the endpoint tells an
     * attacker nothing about why (no padding oracle).
     */
    public AccessToken exchange(String clientId, String idToken) {
        if (clientId == null || clientId.isBlank() || idToken == null || idToken.isBlank()) {
            throw Refusal.invalid("client_id and id_token are required");
        }
        Refusal refused = new Refusal(RefusalCode.INVALID_ACCESS_TOKEN,
                "The id_token could not be verified for this client_id (check the key, the encryption and the clock)");
        ApiKey key = keys.byClientId(clientId).orElseThrow(() -> refused);
        Map<String, String> fields;
        try {
            PrivateKey privateKey = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(secret.unseal(SEAL_PURPOSE, key.privateKeySealed())));
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.DECRYPT_MODE, privateKey);
            byte[] plain = rsa.doFinal(Base64.getDecoder().decode(idToken.trim()));
            fields = parseQuery(new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw refused;
        }
        if (!MessageDigest.isEqual(clientId.getBytes(StandardCharsets.UTF_8),
                Optional.ofNullable(fields.get("client_id")).orElse("").getBytes(StandardCharsets.UTF_8))) {
            throw refused;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(fields.getOrDefault("timestamp", ""));
        } catch (NumberFormatException e) {
            throw refused;
        }
        Instant now = clock.instant();
        if (Duration.between(Instant.ofEpochMilli(timestamp), now).abs().compareTo(clockSkew) > 0) {
            throw new Refusal(RefusalCode.INVALID_ACCESS_TOKEN, "The id_token timestamp is more than "
                    + clockSkew.toSeconds() + " s away from the server clock");
        }
        checkUsable(key, RefusalCode.INACTIVE_API_KEY, RefusalCode.EXPIRED_API_KEY);
        Instant expires = now.plus(accessTokenTtl);
        byte[] payload = (key.id() + "|" + expires.toEpochMilli()).getBytes(StandardCharsets.UTF_8);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(secret.sign(TOKEN_PURPOSE, payload));
        return new AccessToken(token, accessTokenTtl.toSeconds());
    }

    private static Map<String, String> parseQuery(String q) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return out;
    }

    static String hash(String apiKey) {
        return ServerSecret.sha256Hex(apiKey.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }

    private static String randomBase62(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return sb.toString();
    }
}
