package dev.atelier.server.web;

import dev.atelier.server.accounts.Credentials;
import dev.atelier.server.accounts.DuplicateKeyNameException;
import dev.atelier.server.errors.Refusal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The local-only API key {@code atelier serve} prints so a person can open the playground without creating a key
 * first.
 *
 * <p>Only when the server listens on a loopback interface: then only this machine can use the key anyway. The key is
 * an ordinary API key (hashed in the key store like any other, named {@value #KEY_NAME}), created on the first start
 * and kept in {@code <data>/}{@value #FILE} readable by the owner only, beside {@code secret.key} which already grants
 * more than the key does. Later starts print the same key while it still authenticates; when it was disabled or the
 * file removed, a new one is created.
 */
public final class PlaygroundKey {
    static final String KEY_NAME = "playground-local";
    static final String FILE = "playground.key";

    private PlaygroundKey() {}

    /** What {@link #forServe} did. */
    public sealed interface Outcome {
        /** Lines for the terminal, given the server's base URL. */
        String describe(String baseUrl);
    }

    /** A key is ready; {@code created} when this start made it. */
    public record Ready(String apiKey, boolean created, Path file) implements Outcome {
        @Override
        public String describe(String baseUrl) {
            return "Playground: " + baseUrl + "/#key=" + apiKey + "\n"
                    + "  (a local-only API key" + (created ? ", created now" : "") + "; kept in " + file + ")";
        }
    }

    /** No key: the server listens on an interface other machines can reach. */
    public record NotLoopback(String host) implements Outcome {
        @Override
        public String describe(String baseUrl) {
            return "Playground: " + baseUrl + "/  (listening on " + host + ", not loopback, so no local key is printed:"
                    + " create one with ./atelier keys create --name me)";
        }
    }

    /** Returns the local key, creating it when needed, if and only if {@code host} is a loopback address. */
    public static Outcome forServe(Credentials credentials, Path dataDir, String host) {
        if (!isLoopback(host)) {
            return new NotLoopback(host);
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.isRegularFile(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (authenticates(credentials, stored)) {
                    return new Ready(stored, false, file);
                }
            }
            String apiKey = create(credentials);
            write(file, apiKey);
            return new Ready(apiKey, true, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the playground key in " + file, e);
        }
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean authenticates(Credentials credentials, String apiKey) {
        if (apiKey.isEmpty()) {
            return false;
        }
        try {
            credentials.authenticate("Bearer " + apiKey, false);
            return true;
        } catch (Refusal e) {
            return false;
        }
    }

    /** A new key under the first free name: {@code playground-local}, then {@code playground-local-2}, … */
    private static String create(Credentials credentials) {
        for (int n = 1; n <= 1000; n++) {
            try {
                return credentials.create(n == 1 ? KEY_NAME : KEY_NAME + "-" + n, null).apiKey();
            } catch (DuplicateKeyNameException taken) {
                // an older playground key (disabled, or its file was removed): try the next name
            }
        }
        throw new IllegalStateException("1000 playground keys exist already; remove some with ./atelier keys");
    }

    private static void write(Path file, String apiKey) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
        try {
            restrictToOwner(tmp);
            Files.writeString(tmp, apiKey + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data directory's own permissions protect it
        }
    }
}
