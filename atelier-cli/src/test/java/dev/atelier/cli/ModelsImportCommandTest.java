package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atelier models import DIR --id NAME}: a diffusion bundle from a local directory. */
class ModelsImportCommandTest {
    @TempDir
    Path data;

    @TempDir
    Path bundle;

    private record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void aBundleDirectoryIsImportedUnderItsIdAndListedAsAnImageGenerator() throws Exception {
        for (String name : List.of("text_encoder/model.onnx", "unet/model.onnx", "vae_decoder/model.onnx",
                "tokenizer/vocab.json", "tokenizer/merges.txt", "scheduler/scheduler_config.json")) {
            Path p = bundle.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "content of " + name);
        }
        Run noId = run("models", "import", bundle.toString(), "--data", data.toString());
        assertThat(noId.exit()).isEqualTo(2);
        assertThat(noId.err()).contains("--id");

        Run imported = run("models", "import", bundle.toString(), "--id", "my-sd", "--data", data.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("my-sd").contains("installed");

        Run listed = run("models", "list", "--json", "--data", data.toString());
        assertThat(listed.out()).contains("\"my-sd\"").contains("image_generation");

        Files.delete(bundle.resolve("tokenizer/merges.txt"));
        Run partial = run("models", "import", bundle.toString(), "--id", "other", "--data", data.toString());
        assertThat(partial.exit()).isEqualTo(1);
        assertThat(partial.err()).contains("tokenizer/merges.txt");
    }
}
