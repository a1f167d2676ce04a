package dev.atelier.engines.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipTokenizerTest {
    @TempDir
    Path dir;

    /** A vocabulary in CLIP's byte-level alphabet: é is the bytes C3 A9, written Ã and ©. */
    private ClipTokenizer tokenizer(String tokenizerConfig) throws Exception {
        Files.writeString(dir.resolve("vocab.json"), """
                {"!": 0, "!</w>": 1, "a</w>": 2, "c": 3, "a": 4, "t</w>": 5, "ca": 6, "cat</w>": 7, "f": 8,
                 "caf": 9, "Ã": 10, "©</w>": 11, "Ã©</w>": 12, "dog</w>": 13, "ðŁ": 14,
                 "<|startoftext|>": 49406, "<|endoftext|>": 49407}""");
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nc a\nca t</w>\nca f\nÃ ©</w>\n");
        if (tokenizerConfig != null) {
            Files.writeString(dir.resolve("tokenizer_config.json"), tokenizerConfig);
        }
        return ClipTokenizer.load(dir);
    }

    @Test
    void mapsBytesLikeGpt2() {
        char[] map = ClipTokenizer.byteMap();
        assertThat(map['a']).isEqualTo('a');
        assertThat(map[' ']).isEqualTo('\u0120'); // Ġ
        assertThat(map['\n']).isEqualTo('\u010A'); // Ċ
        assertThat(map[0xC3]).isEqualTo('Ã');
        assertThat(map[0xA9]).isEqualTo('©');
        assertThat(map[0xAD]).isEqualTo('\u0143'); // the soft hyphen is not printable: 0x100 + 67
        assertThat(new String(map).chars().distinct().count()).isEqualTo(256);
    }

    @Test
    void cleansSplitsAndMergesIncludingNonAsciiBytes() throws Exception {
        ClipTokenizer t = tokenizer(null);
        // lower-cased, whitespace collapsed; é goes through its UTF-8 bytes; "!" is its own piece
        assertThat(t.tokens("  A \t cat\nCAFÉ!")).containsExactly(2, 7, 9, 12, 1);
        // 'dog' is not reachable by the merges: its pieces are unknown and become the end token
        assertThat(t.tokens("dog")).containsExactly(49407, 49407, 49407);
        // a contraction is split off by the pre-tokenizer pattern
        assertThat(t.tokens("cat's")).containsExactly(7, 49407, 49407); // "'" and "s</w>" are not in this vocabulary
    }

    @Test
    void wrapsPadsAndTruncatesTo77() throws Exception {
        ClipTokenizer sd1 = tokenizer(null);
        int[] ids = sd1.encode("a cat");
        assertThat(ids).hasSize(77);
        assertThat(Arrays.copyOf(ids, 4)).containsExactly(49406, 2, 7, 49407);
        assertThat(ids[76]).isEqualTo(49407); // SD 1.x pads with the end token

        int[] long_ = sd1.encode("a ".repeat(100));
        assertThat(long_).hasSize(77);
        assertThat(long_[0]).isEqualTo(49406);
        assertThat(long_[76]).isEqualTo(49407);
        assertThat(Arrays.copyOfRange(long_, 1, 76)).containsOnly(2);

        ClipTokenizer sd2 = tokenizer("{\"pad_token\": \"!\", \"model_max_length\": 77}");
        int[] padded = sd2.encode("cat");
        assertThat(Arrays.copyOf(padded, 3)).containsExactly(49406, 7, 49407);
        assertThat(padded[3]).isZero(); // SD 2.x pads with "!"
        assertThat(sd2.encode("")).startsWith(49406, 49407, 0);
    }
}
