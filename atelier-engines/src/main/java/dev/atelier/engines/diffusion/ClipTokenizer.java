package dev.atelier.engines.diffusion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CLIP's byte-level BPE tokenizer, from a bundle's {@code tokenizer/vocab.json} and {@code merges.txt}: whitespace
 * collapsed and lower-cased, split by CLIP's pre-tokenizer pattern, each piece's UTF-8 bytes mapped to printable
 * characters (GPT-2's byte map), merged by rank with {@code </w>} marking a word's end, then wrapped in the start and
 * end tokens and padded or truncated to the context length (77). Thread-safe.
 */
public final class ClipTokenizer {
    static final String START = "<|startoftext|>";
    static final String END = "<|endoftext|>";
    private static final Pattern PIECES = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final char[] BYTE_TO_CHAR = byteMap();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Integer> vocab;
    private final Map<String, Integer> ranks;
    private final int startId;
    private final int endId;
    private final int padId;
    private final int length;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    ClipTokenizer(Map<String, Integer> vocab, List<String> merges, String padToken, int length) {
        this.vocab = Map.copyOf(vocab);
        Map<String, Integer> r = new HashMap<>();
        for (int i = 0; i < merges.size(); i++) {
            r.putIfAbsent(merges.get(i), i);
        }
        this.ranks = Map.copyOf(r);
        this.startId = id(START);
        this.endId = id(END);
        this.padId = vocab.getOrDefault(padToken, endId);
        if (length < 2) {
            throw new IllegalArgumentException("context length must be at least 2, got " + length);
        }
        this.length = length;
    }

    private int id(String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IllegalArgumentException("the vocabulary has no " + token);
        }
        return id;
    }

    /**
     * Reads {@code vocab.json} and {@code merges.txt} from {@code dir}; the pad token and context length come from
     * {@code tokenizer_config.json} when present (SD 2.x pads with {@code !}, SD 1.x with the end token).
     */
    public static ClipTokenizer load(Path dir) throws IOException {
        Map<String, Integer> vocab = new HashMap<>();
        JsonNode v = JSON.readTree(Files.readString(dir.resolve("vocab.json")));
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        List<String> merges = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("merges.txt"), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#version")) {
                merges.add(line.strip());
            }
        }
        String pad = END;
        int length = 77;
        Path config = dir.resolve("tokenizer_config.json");
        if (Files.isRegularFile(config)) {
            JsonNode c = JSON.readTree(Files.readString(config));
            JsonNode p = c.path("pad_token");
            pad = p.isString() ? p.asString() : p.path("content").asString(pad);
            int max = c.path("model_max_length").asInt(77);
            length = max > 0 && max <= 1024 ? max : 77;
        }
        return new ClipTokenizer(vocab, merges, pad, length);
    }

    /** The context length every encoding has. */
    public int length() {
        return length;
    }

    /** Start token, up to {@code length - 2} prompt tokens, end token, then padding: exactly {@link #length()} ids. */
    public int[] encode(String text) {
        int[] out = new int[length];
        Arrays.fill(out, padId);
        out[0] = startId;
        int n = 1;
        for (int id : tokens(text)) {
            if (n == length - 1) {
                break; // truncated: the end token still closes the sequence
            }
            out[n++] = id;
        }
        out[n] = endId;
        return out;
    }

    /** The prompt's token ids without start, end or padding. */
    public List<Integer> tokens(String text) {
        String clean = WHITESPACE.matcher(text == null ? "" : text).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
        List<Integer> ids = new ArrayList<>();
        Matcher m = PIECES.matcher(clean);
        while (m.find()) {
            for (int id : cache.computeIfAbsent(m.group(), this::bpe)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** One pre-tokenized piece through the byte map and the merges; unknown results become the end token. */
    private int[] bpe(String piece) {
        if (piece.equals(START) || piece.equals(END)) {
            return new int[] {vocab.get(piece)};
        }
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        List<String> word = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            word.add(String.valueOf(BYTE_TO_CHAR[b & 0xff]));
        }
        word.set(word.size() - 1, word.getLast() + "</w>");
        while (word.size() > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer rank = ranks.get(word.get(i) + " " + word.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            String a = word.get(best);
            String b = word.get(best + 1);
            List<String> merged = new ArrayList<>(word.size());
            for (int i = 0; i < word.size(); i++) {
                if (i + 1 < word.size() && word.get(i).equals(a) && word.get(i + 1).equals(b)) {
                    merged.add(a + b);
                    i++;
                } else {
                    merged.add(word.get(i));
                }
            }
            word = merged;
        }
        int[] ids = new int[word.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocab.getOrDefault(word.get(i), endId);
        }
        return ids;
    }

    /** GPT-2's reversible map from bytes to printable characters: printable Latin-1 stays, the rest from U+0100. */
    static char[] byteMap() {
        char[] map = new char[256];
        boolean[] printable = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            printable[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            printable[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            printable[b] = true;
        }
        int next = 0;
        for (int b = 0; b < 256; b++) {
            map[b] = printable[b] ? (char) b : (char) (256 + next++);
        }
        return map;
    }
}
