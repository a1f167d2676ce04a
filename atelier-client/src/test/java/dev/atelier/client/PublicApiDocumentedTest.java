package dev.atelier.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type, constructor and method of the SDK has a Javadoc comment (the build's doclint checks the
 * comments' syntax and references; this checks that they exist, which doclint can only demand together with every
 * {@code @param} and {@code @return}).
 */
class PublicApiDocumentedTest {
    private static final Pattern PUBLIC_DECLARATION = Pattern.compile(
            "^\\s*public\\s+(?!.*\\s=\\s).*(class|interface|enum|record|\\(.*)");

    @Test
    void everyPublicDeclarationHasAJavadocComment() throws IOException {
        List<String> undocumented = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (!PUBLIC_DECLARATION.matcher(line).find() || line.contains("@Override")) {
                        continue;
                    }
                    int j = i - 1;
                    while (j >= 0 && lines.get(j).strip().startsWith("@")) {
                        j--; // annotations between the comment and the declaration
                    }
                    boolean overrides = j >= 0 && lines.get(j + 1).strip().startsWith("@Override");
                    if (!overrides && (j < 0 || !lines.get(j).strip().endsWith("*/"))) {
                        undocumented.add(f.getFileName() + ":" + (i + 1) + ": " + line.strip());
                    }
                }
            }
        }
        assertThat(undocumented).as("public declarations without Javadoc").isEmpty();
    }
}
