package dev.atelier.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's signing and sealing secret, with older secrets still accepted for verification (rotation).
 *
 * <p>One secret feeds several purposes (signed URLs, access tokens, sealed private keys); each purpose derives its
 * own key with HMAC so that a signature made for one purpose is never valid for another. Nodes of one deployment
 * share the secret through {@code ATELIER_SECRET}; a single machine generates one into its data directory.
 */
public final class ServerSecret {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int GCM_NONCE_BYTES = 12;

    private final byte[] current;
    private final List<byte[]> previous;

    private ServerSecret(byte[] current, List<byte[]> previous) {
        this.current = current;
        this.previous = previous;
    }

    public static ServerSecret of(String secret, List<String> previousSecrets) {
        return new ServerSecret(secret.getBytes(StandardCharsets.UTF_8),
                previousSecrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
    }

    /**
     * The configured secret, or the one in {@code dataDir/secret.key}, created (owner-readable only) when absent.
     */
    public static ServerSecret load(Optional<String> configured, List<String> previousSecrets, Path dataDir) {
        if (configured.isPresent()) {
            return of(configured.get(), previousSecrets);
        }
        Path file = dataDir.resolve("secret.key");
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                byte[] raw = new byte[32];
                RANDOM.nextBytes(raw);
                String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
                try {
                    Files.writeString(file, generated + "\n", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    restrictToOwner(file);
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: use theirs
                }
            }
            return of(Files.readString(file).trim(), previousSecrets);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the server secret " + file + ": " + e.getMessage(), e);
        }
    }

    private static void restrictToOwner(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the directory's own permissions apply
        }
    }

    /** HMAC-SHA256 of {@code data} under the current secret's key for {@code purpose}. */
    public byte[] sign(String purpose, byte[] data) {
        return hmac(derive(current, purpose), data);
    }

    /** True when {@code signature} is the HMAC of {@code data} under the current or a previous secret. */
    public boolean verify(String purpose, byte[] data, byte[] signature) {
        List<byte[]> all = new ArrayList<>(previous.size() + 1);
        all.add(current);
        all.addAll(previous);
        boolean ok = false;
        for (byte[] s : all) {
            // Check every secret (no early exit) so timing does not reveal which one matched.
            ok |= MessageDigest.isEqual(hmac(derive(s, purpose), data), signature);
        }
        return ok;
    }

    /** Encrypts {@code plain} with AES-256-GCM under a key derived for {@code purpose}; output is Base64. */
    public String seal(String purpose, byte[] plain) {
        try {
            byte[] nonce = new byte[GCM_NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(derive(current, "seal:" + purpose), "AES"),
                    new GCMParameterSpec(128, nonce));
            byte[] sealed = c.doFinal(plain);
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** Reverses {@link #seal}, trying the current and then the previous secrets. */
    public byte[] unseal(String purpose, String sealed) {
        byte[] in = Base64.getDecoder().decode(sealed);
        List<byte[]> all = new ArrayList<>();
        all.add(current);
        all.addAll(previous);
        for (byte[] s : all) {
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(derive(s, "seal:" + purpose), "AES"),
                        new GCMParameterSpec(128, in, 0, GCM_NONCE_BYTES));
                return c.doFinal(in, GCM_NONCE_BYTES, in.length - GCM_NONCE_BYTES);
            } catch (GeneralSecurityException wrongSecret) {
                // try the next one
            }
        }
        throw new IllegalStateException("sealed " + purpose + " cannot be opened with the configured secrets "
                + "(was ATELIER_SECRET changed without listing the old one in ATELIER_PREVIOUS_SECRETS?)");
    }

    private static byte[] derive(byte[] secret, String purpose) {
        return hmac(secret, ("atelier:" + purpose).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Random bytes, URL-safe Base64 without padding. */
    public static String randomToken(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** Lower-case hex SHA-256. */
    public static String sha256Hex(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
