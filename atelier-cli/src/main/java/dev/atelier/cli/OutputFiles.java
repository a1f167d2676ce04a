package dev.atelier.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * How the commands write the files they make: through a part file in the target's folder moved over the final name,
 * so a crash never leaves half an image under it, and with the mode any file the user writes gets (the umask's).
 */
final class OutputFiles {
    private static final SecureRandom NAMES = new SecureRandom();

    private OutputFiles() {}

    /** Writes {@code bytes} to {@code target} through a part file; creates the folder when missing. */
    static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = partFile(dir, ".part");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A new empty file in {@code dir} for an output being written. Not {@link Files#createTempFile}: that makes the
     * file mode 0600 whatever the umask, and the move keeps it, so a result would be unreadable to the group where
     * every other file the user writes is readable. Created with the default mode, the file follows the umask.
     */
    static Path partFile(Path dir, String suffix) throws IOException {
        for (;;) {
            Path p = dir.resolve(".atelier-" + Long.toUnsignedString(NAMES.nextLong(), 36) + suffix);
            try {
                Files.newByteChannel(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return p;
            } catch (FileAlreadyExistsException taken) {
                // another writer's part file: draw again
            }
        }
    }
}
