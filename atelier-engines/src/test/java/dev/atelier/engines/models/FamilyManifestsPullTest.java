package dev.atelier.engines.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engines.FaceParsing;
import dev.atelier.engines.ImageResult;
import dev.atelier.engines.Progress;
import dev.atelier.engines.face.BiSeNetFaceParsing;
import dev.atelier.engines.inpaint.LamaInpainting;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.superres.RealEsrganUpscaling;
import dev.atelier.engines.testing.TinyFamilies;
import dev.atelier.imaging.Image;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in manifests of the model families (BiSeNet, LaMa, Real-ESRGAN) through the real download path: each
 * manifest as shipped, its file swapped for a tiny model with the same tensors served by a local HTTP server, pulled
 * (licence gate, download, checksum, atomic install) and run by its engine. This checks the manifests' contracts
 * against the engines, and the URL sources' code, without the real multi-megabyte releases.
 */
class FamilyManifestsPullTest {
    @TempDir
    Path tmp;

    private FakeHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeHttpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The built-in manifest with its file replaced by {@code tiny}, served at {@code /releases/<id>.onnx}. */
    private ModelManifest servedTiny(String id, byte[] tiny) throws Exception {
        ModelManifest real = ModelRegistry.builtInManifests().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow();
        assertThat(real.mainFile().sources()).first().isInstanceOf(ModelSource.Url.class);
        assertThat(((ModelSource.Url) real.mainFile().sources().getFirst()).uri().getScheme()).isEqualTo("https");
        server.put("/releases/" + id + ".onnx", tiny);
        URI local = server.uri("/releases/" + id + ".onnx");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(tiny));
        ModelFile file = new ModelFile(real.mainFile().name(), tiny.length, sha, List.of(new ModelSource.Url(local)));
        return new ModelManifest(real.id(), real.description(), real.capability(), real.family(), List.of(file),
                real.license(), real.contract(), 64L << 20);
    }

    private ModelRegistry registry(ModelManifest... manifests) {
        return new ModelRegistry(tmp.resolve("models"), List.of(manifests),
                RegistrySettings.fromEnvironment(Map.of("HOME", tmp.toString())));
    }

    @Test
    void eachFamilyManifestPullsOverHttpAndRunsItsEngine() throws Exception {
        ModelManifest bisenet = servedTiny("bisenet-resnet34", TinyFamilies.bisenetColourClassifier());
        ModelManifest lama = servedTiny("lama-fp32", TinyFamilies.lamaFill(new float[] {0.2f, 0.6f, 0.4f}));
        ModelManifest esrgan = servedTiny("real-esrgan-x4", TinyFamilies.nearestSuperResolution(4, -1, -1));
        try (ModelRegistry registry = registry(bisenet, lama, esrgan)) {
            // BiSeNet's weights come with non-commercial data terms: no download before the licence is accepted.
            assertThatThrownBy(() -> registry.pull("bisenet-resnet34", false, ProgressListener.none()))
                    .isInstanceOfSatisfying(ModelException.class,
                            e -> assertThat(e.code()).isEqualTo(ModelError.LICENSE_NOT_ACCEPTED));
            assertThat(registry.pull("bisenet-resnet34", true, ProgressListener.none()).state())
                    .isEqualTo(ModelState.INSTALLED);
            assertThat(registry.pull("lama-fp32", false, ProgressListener.none()).state())
                    .isEqualTo(ModelState.INSTALLED);
            assertThat(registry.pull("real-esrgan-x4", false, ProgressListener.none()).state())
                    .isEqualTo(ModelState.INSTALLED);

            try (OnnxHost host = new OnnxHost(registry, OnnxSettings.defaults().withIntraOpThreads(1))) {
                Image red = Image.create(64, 48, 3);
                java.util.Arrays.fill(red.plane(0), 1f);
                FaceParsing.Result parsed = new BiSeNetFaceParsing(host, "bisenet-resnet34").parse(red,
                        Progress.none());
                assertThat(parsed.coverage()).containsOnlyKeys(FaceParsing.Region.HAIR);

                Image hole = Image.create(64, 48, 1);
                hole.set(0, 30, 20, 1f);
                ImageResult filled = new LamaInpainting(host, "lama-fp32").fill(red, hole, Progress.none());
                assertThat(filled.image().get(1, 30, 20)).isCloseTo(0.6f, org.assertj.core.data.Offset.offset(0.02f));

                ImageResult up = new RealEsrganUpscaling(host, "real-esrgan-x4", 4).upscale(red, 4, Progress.none());
                assertThat(up.image().width()).isEqualTo(256);
                assertThat(up.image().get(0, 200, 150)).isEqualTo(1f);
            }
        }
    }

    @Test
    void aReleaseWithOtherBytesIsRefusedByTheChecksum() throws Exception {
        ModelManifest lama = servedTiny("lama-fp32", TinyFamilies.lamaFill(new float[] {0.2f, 0.6f, 0.4f}));
        server.put("/releases/lama-fp32.onnx", TinyFamilies.lamaFill(new float[] {0.9f, 0.1f, 0.1f}));
        try (ModelRegistry registry = registry(lama)) {
            assertThatThrownBy(() -> registry.pull("lama-fp32", false, ProgressListener.none()))
                    .isInstanceOfSatisfying(ModelException.class,
                            e -> assertThat(e.code()).isEqualTo(ModelError.CHECKSUM_MISMATCH));
            assertThat(registry.info("lama-fp32").state()).isEqualTo(ModelState.MISSING);
        }
    }
}
