package io.matview.internal.view;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * View files read from the classpath ({@code classpath:db/views/}), in directories and in jars alike, so
 * that an application packaged as one jar carries its views. Each file is named by its resource path
 * ({@code classpath:db/views/plan_usage.sql}), which is what errors show.
 */
public final class ClasspathViews {
    /** The prefix of a views location on the classpath, as Spring and Flyway write it. */
    public static final String PREFIX = "classpath:";

    private ClasspathViews() {
    }

    /**
     * Reads every {@code *.sql} resource below {@code location} (with or without {@link #PREFIX}) on
     * every classpath root that has it. When two roots hold the same resource path, the first on the
     * classpath wins, as it does for any resource.
     */
    public static ViewSet load(String location, ClassLoader loader, String defaultSchema) {
        String dir = directoryOf(location);
        Map<String, String> files = new TreeMap<>();
        try {
            Enumeration<URL> roots = loader.getResources(dir);
            boolean found = false;
            while (roots.hasMoreElements()) {
                found = true;
                read(roots.nextElement(), dir, files);
            }
            if (!found) {
                throw new MatviewException(ErrorCode.VIEWS_DIRECTORY_MISSING, "no views location " + PREFIX + dir
                        + " on the classpath", null, "put the view files in src/main/resources/" + dir
                        + ", or configure the views location you have");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the views location " + PREFIX + dir, e);
        }
        Map<Path, String> byPath = new TreeMap<>();
        files.forEach((resource, text) -> byPath.put(Path.of(PREFIX + resource), text));
        return ViewSet.parse(byPath, defaultSchema);
    }

    /** {@code location} as a resource directory: no prefix, no leading slash, one trailing slash. */
    static String directoryOf(String location) {
        String dir = location.startsWith(PREFIX) ? location.substring(PREFIX.length()) : location;
        dir = dir.replaceAll("^/+", "");
        return dir.isEmpty() || dir.endsWith("/") ? dir : dir + "/";
    }

    private static void read(URL root, String dir, Map<String, String> files) throws IOException {
        switch (root.getProtocol()) {
            case "file" -> readDirectory(root, dir, files);
            case "jar" -> readJar(root, dir, files);
            default -> throw new MatviewException(ErrorCode.CONFIGURATION, "cannot list the views at " + root
                    + " (" + root.getProtocol() + " resources cannot be listed)", PREFIX + dir,
                    "package the view files in a jar or a directory on the classpath");
        }
    }

    private static void readDirectory(URL root, String dir, Map<String, String> files) throws IOException {
        Path base;
        try {
            base = Path.of(root.toURI());
        } catch (URISyntaxException e) {
            throw new IOException("bad classpath directory " + root, e);
        }
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".sql")).toList()) {
                String resource = dir + base.relativize(p).toString().replace('\\', '/');
                files.putIfAbsent(resource, ViewSet.decode(Path.of(PREFIX + resource), Files.readAllBytes(p)));
            }
        }
    }

    private static void readJar(URL root, String dir, Map<String, String> files) throws IOException {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        // a cached JarFile would stay open after this read, and be shared with whoever else opened it
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : jar.stream().toList()) {
                String name = entry.getName();
                if (!entry.isDirectory() && name.startsWith(dir) && name.endsWith(".sql")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        files.putIfAbsent(name, ViewSet.decode(Path.of(PREFIX + name), in.readAllBytes()));
                    }
                }
            }
        }
    }
}
