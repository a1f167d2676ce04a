package dev.atelier.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSecretTest {
    private static final byte[] DATA = "payload".getBytes(StandardCharsets.UTF_8);

    @Test
    void signaturesAreBoundToTheirPurpose() {
        ServerSecret s = ServerSecret.of("a".repeat(40), List.of());
        byte[] sig = s.sign("signed-url", DATA);
        assertThat(s.verify("signed-url", DATA, sig)).isTrue();
        assertThat(s.verify("access-token", DATA, sig)).isFalse();
        assertThat(s.verify("signed-url", "other".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    }

    @Test
    void rotationKeepsOldSignaturesAndSealsValid() {
        ServerSecret old = ServerSecret.of("old-secret-old-secret-old-secret-1", List.of());
        byte[] sig = old.sign("p", DATA);
        String sealed = old.seal("k", DATA);
        ServerSecret rotated = ServerSecret.of("new-secret-new-secret-new-secret-2",
                List.of("old-secret-old-secret-old-secret-1"));
        assertThat(rotated.verify("p", DATA, sig)).isTrue();
        assertThat(rotated.unseal("k", sealed)).isEqualTo(DATA);
        ServerSecret forgotten = ServerSecret.of("new-secret-new-secret-new-secret-2", List.of());
        assertThat(forgotten.verify("p", DATA, sig)).isFalse();
        assertThatThrownBy(() -> forgotten.unseal("k", sealed)).hasMessageContaining("ATELIER_PREVIOUS_SECRETS");
    }

    @Test
    void aGeneratedSecretIsPersistedReusedAndOwnerOnly(@TempDir Path dir) throws Exception {
        ServerSecret first = ServerSecret.load(Optional.empty(), List.of(), dir);
        ServerSecret second = ServerSecret.load(Optional.empty(), List.of(), dir);
        assertThat(second.verify("p", DATA, first.sign("p", DATA))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secret.key"))))
                .isEqualTo("rw-------");
    }
}
