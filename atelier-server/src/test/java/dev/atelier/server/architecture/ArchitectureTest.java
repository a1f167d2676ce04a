package dev.atelier.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.client.AtelierClient;
import dev.atelier.engines.EngineException;
import dev.atelier.imaging.Image;
import dev.atelier.server.AtelierServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.NameAndTypeEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of issue 16, checked on the compiled classes (every class, method and field reference in the
 * constant pool, descriptors and signatures included, so a fully qualified name in code counts as much as an import):
 * only the HTTP adapters see the adapters' packages, no module has a package cycle, no main source file is over 500
 * lines.
 */
class ArchitectureTest {
    /**
     * The HTTP adapters: the YouCam and OpenAI doors, the playground, the admin API, and the composition root that
     * installs them.
     */
    private static final Set<String> ADAPTERS = Set.of("dev.atelier.server.api", "dev.atelier.server.web",
            "dev.atelier.server.admin", "dev.atelier.server");
    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([a-zA-Z0-9_/$]+)[;<]");

    @Test
    void noClassOutsideTheHttpAdaptersUsesTheAdaptersPackages() {
        Map<String, Set<String>> refs = classReferences(moduleOf(AtelierServer.class));
        List<String> offences = new ArrayList<>();
        refs.forEach((from, targets) -> {
            if (isAdapter(packageOf(from))) {
                return;
            }
            for (String to : targets) {
                if (packageOf(to).equals("dev.atelier.server.api") || packageOf(to).startsWith("dev.atelier.server.api.")) {
                    offences.add(from + " -> " + to);
                }
            }
        });
        assertThat(offences).as("classes outside %s that use the adapters' packages", ADAPTERS).isEmpty();
    }

    @Test
    void noModuleHasAPackageCycle() {
        // atelier-cli is one package and not on this classpath; the SDK is (a test dependency)
        for (Path module : List.of(moduleOf(Image.class), moduleOf(EngineException.class),
                moduleOf(AtelierServer.class), moduleOf(AtelierClient.class))) {
            Map<String, Set<String>> packages = new TreeMap<>();
            classReferences(module).forEach((from, targets) -> {
                Set<String> out = packages.computeIfAbsent(packageOf(from), p -> new TreeSet<>());
                for (String to : targets) {
                    out.add(packageOf(to));
                }
            });
            packages.values().forEach(out -> out.retainAll(packages.keySet())); // this module's packages only
            packages.forEach((p, out) -> out.remove(p));
            assertThat(cycles(packages)).as("package cycles in %s", module).isEmpty();
        }
    }

    @Test
    void noMainSourceFileIsOver500Lines() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> long_ = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("atelier-")).toList()) {
                Path main = module.resolve("src/main/java");
                if (!Files.isDirectory(main)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(main)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        long lines;
                        try (Stream<String> s = Files.lines(f)) {
                            lines = s.count();
                        }
                        if (lines > 500) {
                            long_.add(root.relativize(f) + " (" + lines + " lines)");
                        }
                    }
                }
            }
        }
        assertThat(long_).as("main source files over 500 lines").isEmpty();
    }

    @Test
    void everyServerPackageSaysWhatLivesThereInAPackageInfo() throws IOException {
        Path main = Path.of("src/main/java").toAbsolutePath();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(main)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                boolean hasTypes;
                try (Stream<Path> files = Files.list(d)) {
                    hasTypes = files.anyMatch(f -> f.toString().endsWith(".java"));
                }
                Path info = d.resolve("package-info.java");
                if (hasTypes && (!Files.exists(info) || !Files.readString(info).contains("/**"))) {
                    missing.add(main.relativize(d).toString().replace('/', '.'));
                }
            }
        }
        assertThat(missing).as("server packages without a package-info.java paragraph").isEmpty();
    }

    @Test
    void theCycleFinderFindsACycle() { // the rule above would pass vacuously if cycles() could not see one
        Map<String, Set<String>> g = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"),
                "d", Set.of("a")));
        assertThat(cycles(g)).containsExactly(List.of("a", "b", "c"));
    }

    // ---- reading classes

    private static boolean isAdapter(String pkg) {
        return pkg.equals("dev.atelier.server") || ADAPTERS.stream().filter(a -> !a.equals("dev.atelier.server"))
                .anyMatch(a -> pkg.equals(a) || pkg.startsWith(a + "."));
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    /** Where a module's classes are: its {@code target/classes} directory or its jar. */
    private static Path moduleOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every class of the module (binary name with dots) and the classes it references. */
    private static Map<String, Set<String>> classReferences(Path module) {
        Map<String, Set<String>> out = new TreeMap<>();
        try {
            if (Files.isDirectory(module)) {
                try (Stream<Path> files = Files.walk(module)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        read(Files.readAllBytes(f), out);
                    }
                }
            } else {
                try (JarFile jar = new JarFile(module.toFile())) {
                    for (var entry : java.util.Collections.list(jar.entries())) {
                        if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF")) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                read(in.readAllBytes(), out);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(out).as("classes found in %s", module).isNotEmpty();
        return out;
    }

    private static void read(byte[] bytes, Map<String, Set<String>> out) {
        ClassModel model = ClassFile.of().parse(bytes);
        String self = dotted(model.thisClass().asInternalName());
        if (self.endsWith("module-info") || self.endsWith("package-info")) {
            return;
        }
        Set<String> refs = out.computeIfAbsent(self, k -> new TreeSet<>());
        for (PoolEntry e : model.constantPool()) {
            switch (e) {
                case ClassEntry c -> {
                    String name = c.asInternalName();
                    if (!name.startsWith("[")) {
                        refs.add(dotted(name));
                    } else {
                        descriptorTypes(name, refs);
                    }
                }
                case NameAndTypeEntry nt -> descriptorTypes(nt.type().stringValue(), refs);
                case Utf8Entry u -> {
                    String s = u.stringValue(); // field and method descriptors, generic signatures
                    if (s.indexOf('L') >= 0 && s.indexOf(';') > 0 && !s.contains(" ")) {
                        descriptorTypes(s, refs);
                    }
                }
                default -> { }
            }
        }
        refs.remove(self);
    }

    private static void descriptorTypes(String descriptor, Set<String> refs) {
        Matcher m = TYPE_IN_DESCRIPTOR.matcher(descriptor);
        while (m.find()) {
            refs.add(dotted(m.group(1)));
        }
    }

    private static String dotted(String internalName) {
        String name = internalName.replace('/', '.');
        int dollar = name.indexOf('$');
        return dollar < 0 ? name : name.substring(0, dollar); // a nested class belongs to its top-level class
    }

    // ---- cycles (Tarjan's strongly connected components)

    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<List<String>> found = new ArrayList<>();
        int[] counter = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                strongConnect(v, graph, index, low, stack, onStack, found, counter);
            }
        }
        return found;
    }

    private static void strongConnect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<List<String>> found,
            int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, graph, index, low, stack, onStack, found, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                component.sort(null);
                found.add(component);
            }
        }
    }
}
