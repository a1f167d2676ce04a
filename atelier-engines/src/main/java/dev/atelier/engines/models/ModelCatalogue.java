package dev.atelier.engines.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalogue: every model Atelier knows by its manifest (the built-in ones, the operator's from
 * {@code ATELIER_MODEL_MANIFESTS}, and diffusion bundles imported under a new id), whether installed or not.
 */
final class ModelCatalogue {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalogue.class);
    private static final String BUILT_IN_INDEX = "/dev/atelier/engines/models/manifests.txt";

    private final Map<String, ModelManifest> manifests = new ConcurrentHashMap<>();

    /** The given manifests plus the bundles imported under {@code modelsDir} (a known id wins over an import). */
    ModelCatalogue(Path modelsDir, List<ModelManifest> known) {
        for (ModelManifest m : known) {
            if (manifests.putIfAbsent(m.id(), m) != null) {
                throw new IllegalArgumentException("two manifests with id " + m.id());
            }
        }
        for (ModelManifest m : BundleImport.importedManifests(modelsDir)) {
            if (manifests.putIfAbsent(m.id(), m) != null) {
                LOG.warn("model {}: an imported bundle has the id of a known model; the known manifest wins", m.id());
            }
        }
    }

    Optional<ModelManifest> find(String id) {
        return Optional.ofNullable(manifests.get(id));
    }

    /** The manifest with this id, or {@link ModelError#NOT_FOUND} naming the known ones. */
    ModelManifest require(String id) {
        ModelManifest m = manifests.get(id);
        if (m == null) {
            throw new ModelException(ModelError.NOT_FOUND, "unknown model " + id + "; known: "
                    + String.join(", ", all().stream().map(ModelManifest::id).toList()));
        }
        return m;
    }

    /** Every known manifest, sorted by id. */
    List<ModelManifest> all() {
        return manifests.values().stream().sorted(Comparator.comparing(ModelManifest::id)).toList();
    }

    /** Adds (or replaces) the manifest of a bundle imported under its own id. */
    void put(ModelManifest m) {
        manifests.put(m.id(), m);
    }

    /** The manifests shipped in this jar, in the order of {@code manifests.txt}. */
    static List<ModelManifest> builtInManifests() {
        List<ModelManifest> out = new ArrayList<>();
        for (String line : resource(BUILT_IN_INDEX).split("\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                out.add(ModelManifest.parse(resource("/dev/atelier/engines/models/" + name)));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The built-in manifests plus the operator's own: every {@code *.json} manifest in the directory named by
     * {@code ATELIER_MODEL_MANIFESTS} (for exports Atelier does not pin, e.g. a DDColor or Real-ESRGAN ×2 export made
     * with the upstream script). The operator's files are pinned by their own manifests like any other; an id that
     * clashes with a built-in one is refused when the registry is built.
     */
    static List<ModelManifest> manifests(Map<String, String> env) {
        List<ModelManifest> out = new ArrayList<>(builtInManifests());
        String dir = env.getOrDefault("ATELIER_MODEL_MANIFESTS", "");
        if (dir.isBlank()) {
            return List.copyOf(out);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(dir), "*.json")) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(null);
            for (Path f : sorted) {
                try {
                    out.add(ModelManifest.parse(Files.readString(f)));
                } catch (RuntimeException e) {
                    throw new ModelException(ModelError.IO, "bad model manifest " + f + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new ModelException(ModelError.IO, "cannot read ATELIER_MODEL_MANIFESTS " + dir + ": " + e, e);
        }
        return List.copyOf(out);
    }

    private static String resource(String path) {
        try (InputStream in = ModelCatalogue.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
