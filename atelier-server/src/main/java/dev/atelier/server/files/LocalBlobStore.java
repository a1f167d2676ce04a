package dev.atelier.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Blobs as files under a directory, fanned out by the first two characters of the key so no directory grows huge.
 * Writes go to a temporary file in the same directory and are moved into place atomically.
 */
public final class LocalBlobStore implements BlobStore {
    private final Path root;

    public LocalBlobStore(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    private Path pathOf(String key) {
        BlobKeys.check(key);
        return root.resolve(key.substring(0, 2)).resolve(key);
    }

    @Override
    public Written put(String key, InputStream in, long maxBytes) throws IOException {
        Path target = pathOf(key);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".upload-", ".part");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long total = 0;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                    if (total > maxBytes) {
                        throw new BlobTooLargeException(maxBytes);
                    }
                    out.write(buf, 0, n);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Written(total, HexFormat.of().formatHex(sha.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        Path p = pathOf(key);
        if (!Files.exists(p)) {
            throw new NoSuchFileException(key);
        }
        return Files.newInputStream(p);
    }

    @Override
    public boolean delete(String key) throws IOException {
        return Files.deleteIfExists(pathOf(key));
    }

    @Override
    public boolean exists(String key) {
        return Files.exists(pathOf(key));
    }
}
