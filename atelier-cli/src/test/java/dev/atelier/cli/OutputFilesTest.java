package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A written result gets the mode any new file of this process gets (the umask's), not a temporary file's 0600. */
class OutputFilesTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenFileFollowsTheUmaskLikeAnyOtherFile() throws Exception {
        Path reference = Files.write(dir.resolve("reference.bin"), new byte[] {1});
        Path result = dir.resolve("out/result.png");

        OutputFiles.write(result, new byte[] {1, 2, 3});

        assertThat(Files.readAllBytes(result)).containsExactly(1, 2, 3);
        assertThat(Files.getPosixFilePermissions(result)).isEqualTo(Files.getPosixFilePermissions(reference));
        try (var left = Files.list(result.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no part file left").containsExactly("result.png");
        }
    }

    @Test
    void partFilesAreNewEachTime() throws Exception {
        Path a = OutputFiles.partFile(dir, ".part.mp4");
        Path b = OutputFiles.partFile(dir, ".part.mp4");
        assertThat(a).isNotEqualTo(b).exists();
        assertThat(a.getFileName().toString()).startsWith(".atelier-").endsWith(".part.mp4");
        assertThat(Files.getPosixFilePermissions(a))
                .isEqualTo(Files.getPosixFilePermissions(Files.write(dir.resolve("ref"), new byte[0])));
    }
}
