package dev.atelier.engines.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multi-file bundles: pull over HTTP (resume, checksum failure, licence gate), unpinned files, import from a directory. */
class BundleRegistryTest {
    private static final long SEED = 20261207L;

    @TempDir
    Path tmp;

    private FakeHttpServer server;
    private final Map<String, byte[]> bundle = new LinkedHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = new FakeHttpServer();
        System.out.println("BundleRegistryTest seed " + SEED);
        SplittableRandom random = new SplittableRandom(SEED);
        for (String name : BundleImport.REQUIRED) {
            byte[] b = new byte[name.endsWith(".onnx") ? 300_000 : 2_000];
            random.nextBytes(b);
            bundle.put(name, b);
        }
        byte[] data = new byte[1_500_000];
        random.nextBytes(data);
        bundle.put("unet/model.onnx_data", data);
        bundle.forEach((name, bytes) -> server.put("/repo/" + name, bytes));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** A manifest pinning every bundle file except those named in {@code unpinned}. */
    private ModelManifest manifest(String id, boolean permissive, String... unpinned) throws Exception {
        List<ModelFile> files = new ArrayList<>();
        for (var e : bundle.entrySet()) {
            List<ModelSource> src = List.of(new ModelSource.Url(server.uri("/repo/" + e.getKey())));
            boolean pin = !List.of(unpinned).contains(e.getKey());
            files.add(pin ? new ModelFile(e.getKey(), e.getValue().length, sha256(e.getValue()), src)
                    : new ModelFile(e.getKey(), -1, null, src));
        }
        return new ModelManifest(id, "test bundle", ModelCapability.IMAGE_GENERATION, "stable-diffusion", files,
                new ModelLicense(permissive ? "MIT" : "NonCommercial", "https://example.invalid/l", "terms", permissive),
                new IoContract(List.of(), List.of(), "none"), 0);
    }

    private ModelRegistry registry(ModelManifest... manifests) {
        RegistrySettings settings = RegistrySettings.fromEnvironment(Map.of("HOME", tmp.toString()))
                .withCacheDir(tmp.resolve("cache"));
        return new ModelRegistry(tmp.resolve("models"), List.of(manifests), settings);
    }

    private Path writeBundleDir(String name) throws IOException {
        Path dir = tmp.resolve(name);
        for (var e : bundle.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        return dir;
    }

    @Test
    void pullsEveryFileIntoItsSubdirectoryResumingAnInterruptedOne() throws Exception {
        server.cutNextAfter("/repo/unet/model.onnx_data", 600_000);
        List<String> stages = new CopyOnWriteArrayList<>();
        try (ModelRegistry r = registry(manifest("tiny-sd", true))) {
            assertThatThrownBy(() -> r.pull("tiny-sd", false, (s, d, t) -> stages.add(s)))
                    .isInstanceOf(ModelException.class)
                    .satisfies(e -> assertThat(((ModelException) e).code()).isEqualTo(ModelError.DOWNLOAD_FAILED));
            assertThat(r.info("tiny-sd").state()).isEqualTo(ModelState.MISSING);
            assertThatThrownBy(() -> r.directory("tiny-sd")).isInstanceOf(ModelException.class);

            ModelInfo info = r.pull("tiny-sd", false, (s, d, t) -> stages.add(s));

            assertThat(info.state()).isEqualTo(ModelState.INSTALLED);
            Path dir = r.directory("tiny-sd");
            for (var e : bundle.entrySet()) {
                assertThat(Files.readAllBytes(dir.resolve(e.getKey()))).isEqualTo(e.getValue());
            }
            // The cut drops the connection, so the client may keep fewer bytes than were written before it: the
            // resume must start exactly where its partial file ended, somewhere in (0, 600000].
            List<String> ranges = server.requests.stream()
                    .filter(q -> q.path().equals("/repo/unet/model.onnx_data")).map(FakeHttpServer.Request::range)
                    .toList();
            assertThat(ranges).hasSize(2);
            assertThat(ranges.getFirst()).isNull();
            assertThat(ranges.getLast()).startsWith("bytes=").endsWith("-");
            long resumedAt = Long.parseLong(ranges.getLast().substring(6, ranges.getLast().length() - 1));
            assertThat(resumedAt).isPositive().isLessThanOrEqualTo(600_000);
            assertThat(stages).anyMatch(s -> s.contains("tiny-sd/unet/model.onnx_data"));
            assertThat(r.verify("tiny-sd").state()).isEqualTo(ModelState.INSTALLED);
            assertThat(r.remove("tiny-sd")).isTrue();
            assertThat(dir).doesNotExist();
        }
    }

    @Test
    void aFileWithTheWrongChecksumIsNeverInstalled() throws Exception {
        ModelManifest m = manifest("tiny-sd", true);
        server.put("/repo/vae_decoder/model.onnx", new byte[300_000]); // same size, other bytes
        try (ModelRegistry r = registry(m)) {
            assertThatThrownBy(() -> r.pull("tiny-sd", false, ProgressListener.none()))
                    .isInstanceOf(ModelException.class)
                    .satisfies(e -> assertThat(((ModelException) e).code()).isEqualTo(ModelError.CHECKSUM_MISMATCH))
                    .hasMessageContaining("vae_decoder/model.onnx");
            Path dir = tmp.resolve("models/tiny-sd");
            assertThat(dir.resolve("vae_decoder/model.onnx")).doesNotExist();
            assertThat(dir.resolve("vae_decoder/model.onnx.part")).doesNotExist();
            assertThat(r.info("tiny-sd").state()).isEqualTo(ModelState.MISSING);
            assertThat(r.info("tiny-sd").detail()).contains("vae_decoder/model.onnx is missing");
        }
    }

    @Test
    void aRestrictedLicenceStopsThePullBeforeAnyDownload() throws Exception {
        try (ModelRegistry r = registry(manifest("tiny-nc", false))) {
            assertThatThrownBy(() -> r.pull("tiny-nc", false, ProgressListener.none()))
                    .isInstanceOf(ModelException.class)
                    .satisfies(e -> assertThat(((ModelException) e).code()).isEqualTo(ModelError.LICENSE_NOT_ACCEPTED))
                    .hasMessageContaining("--accept-license");
            assertThat(server.requests).isEmpty();
            assertThat(r.pull("tiny-nc", true, ProgressListener.none()).state()).isEqualTo(ModelState.INSTALLED);
            assertThat(tmp.resolve("models/tiny-nc/.license-accepted")).exists();
        }
    }

    @Test
    void unpinnedFilesAreNotDownloadedButAdoptedOnImport() throws Exception {
        ModelManifest m = manifest("tiny-lcm", true, "vae_decoder/model.onnx", "tokenizer/vocab.json");
        try (ModelRegistry r = registry(m)) {
            assertThatThrownBy(() -> r.pull("tiny-lcm", false, ProgressListener.none()))
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining("vae_decoder/model.onnx, tokenizer/vocab.json")
                    .hasMessageContaining("./atelier models import DIR --id tiny-lcm");
            assertThat(server.requestsFor("/repo/vae_decoder/model.onnx")).isZero();
            assertThat(r.info("tiny-lcm").state()).isEqualTo(ModelState.MISSING);

            Path src = writeBundleDir("hand-fetched");
            assertThat(r.importBundle(src, "tiny-lcm", false, ProgressListener.none()).state())
                    .isEqualTo(ModelState.INSTALLED);
            Path vocab = r.directory("tiny-lcm").resolve("tokenizer/vocab.json");
            Files.writeString(vocab, "{\"tampered\": 1}".repeat(125)); // 2000 bytes: same size, other bytes
            assertThat(r.verify("tiny-lcm").state()).isEqualTo(ModelState.CORRUPT);
        }
    }

    @Test
    void importingAPinnedBundleRefusesAFileThatDiffersFromItsPin() throws Exception {
        Path src = writeBundleDir("wrong");
        Files.write(src.resolve("unet/model.onnx"), new byte[300_000]);
        try (ModelRegistry r = registry(manifest("tiny-sd", true))) {
            assertThatThrownBy(() -> r.importBundle(src, "tiny-sd", false, ProgressListener.none()))
                    .isInstanceOf(ModelException.class)
                    .satisfies(e -> assertThat(((ModelException) e).code()).isEqualTo(ModelError.CHECKSUM_MISMATCH));
            assertThat(tmp.resolve("models/tiny-sd")).doesNotExist();
            try (var left = Files.list(tmp.resolve("models"))) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".staging"));
            }
        }
    }

    @Test
    void aNewBundleImportedUnderItsOwnIdIsKnownToTheNextRegistry() throws Exception {
        Path src = writeBundleDir("my-export");
        Files.writeString(src.resolve(".DS_Store"), "hidden files are skipped");
        List<Long> progress = new CopyOnWriteArrayList<>();
        try (ModelRegistry r = registry()) {
            ModelInfo info = r.importBundle(src, "my-sd", false, (s, d, t) -> progress.add(d));
            assertThat(info.state()).isEqualTo(ModelState.INSTALLED);
            assertThat(info.capability()).isEqualTo(ModelCapability.IMAGE_GENERATION);
            assertThat(progress).isNotEmpty().last().isEqualTo(bundle.values().stream().mapToLong(b -> b.length).sum());
        }
        try (ModelRegistry again = registry()) {
            assertThat(again.info("my-sd").state()).isEqualTo(ModelState.INSTALLED);
            assertThat(again.manifest("my-sd").orElseThrow().files()).extracting(ModelFile::name)
                    .containsExactlyElementsOf(bundle.keySet().stream().sorted().toList());
            assertThat(again.directory("my-sd").resolve(".DS_Store")).doesNotExist();
            assertThat(again.remove("my-sd")).isTrue();
        }
        try (ModelRegistry third = registry()) {
            assertThat(third.manifest("my-sd")).isEmpty();
        }
    }

    @Test
    void aDirectoryWithoutTheBundleLayoutIsRefusedNamingWhatIsMissing() throws Exception {
        Path src = writeBundleDir("partial");
        Files.delete(src.resolve("tokenizer/merges.txt"));
        try (ModelRegistry r = registry()) {
            assertThatThrownBy(() -> r.importBundle(src, "partial", false, ProgressListener.none()))
                    .isInstanceOf(ModelException.class).hasMessageContaining("tokenizer/merges.txt");
        }
    }

    @Test
    void fileNamesNeverLeaveTheModelDirectory() {
        for (String bad : List.of("../x.onnx", "/etc/passwd", "unet/../../x", "unet//model.onnx", ".hidden/x",
                "a\\b")) {
            assertThatThrownBy(() -> new ModelFile(bad, 1, "0".repeat(64), List.of()))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theBuiltInLcmBundlePinsWhatItsPublicPagesGiveAndNothingElse() {
        ModelManifest lcm = ModelRegistry.builtInManifests().stream()
                .filter(m -> m.id().equals("lcm-dreamshaper-v7")).findFirst().orElseThrow();
        assertThat(lcm.capability()).isEqualTo(ModelCapability.IMAGE_GENERATION);
        assertThat(lcm.files().stream().filter(ModelFile::pinned).map(ModelFile::name))
                .containsExactlyInAnyOrder("text_encoder/model.onnx", "unet/model.onnx", "unet/model.onnx_data",
                        "vae_encoder/model.onnx");
        assertThat(lcm.files()).allSatisfy(f -> assertThat(((ModelSource.Url) f.sources().getFirst()).uri()
                .toString()).startsWith("https://huggingface.co/SimianLuo/LCM_Dreamshaper_v7/resolve/"
                + "4721097975058205c4edcdece2cc574b7dd7bc04/"));
        assertThat(lcm.size()).isEqualTo(492_588_002L + 1_951_153L + 3_438_411_520L + 136_775_724L);
        assertThat(lcm.license().permissive()).isFalse();
        assertThat(new String(ManifestJson.write(lcm).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .contains("\"sha256\" : null");
    }
}
