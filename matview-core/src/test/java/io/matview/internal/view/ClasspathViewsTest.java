package io.matview.internal.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.matview.view.QualifiedName;
import io.matview.view.ViewFileException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Views read from the classpath: from a directory root and from a jar, with the resource path in errors. */
class ClasspathViewsTest {
    @TempDir
    Path tmp;

    static final String BASE = "-- materialized\n-- unique: id\nselect 1 as id\n";
    static final String ABOVE = "select id from base\n";

    /**
     * A jar holding {@code entries} (resource path, text), as a packaged application carries its views:
     * with an entry for each directory, as the jar tool and Maven write them (a class loader finds a
     * directory in a jar only by its entry).
     */
    static Path jar(Path file, Map<String, String> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            java.util.Set<String> directories = new java.util.TreeSet<>();
            for (String name : entries.keySet()) {
                for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                    directories.add(name.substring(0, slash + 1));
                }
            }
            for (String d : directories) {
                jar.putNextEntry(new JarEntry(d));
                jar.closeEntry();
            }
            for (Map.Entry<String, String> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return file;
    }

    static Path directory(Path root, Map<String, String> entries) throws IOException {
        for (Map.Entry<String, String> e : entries.entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
        return root;
    }

    static URLClassLoader loader(Path... roots) throws IOException {
        URL[] urls = new URL[roots.length];
        for (int i = 0; i < roots.length; i++) {
            urls[i] = roots[i].toUri().toURL();
        }
        return new URLClassLoader(urls, null);
    }

    private static List<String> order(ViewSet set) {
        return set.inDependencyOrder().stream().map(v -> v.name().toString()).toList();
    }

    @Test
    void readsTheViewsOfAJarOnTheClasspathInDependencyOrder() throws IOException {
        Path jar = jar(tmp.resolve("app.jar"), Map.of("db/views/reporting.above.sql", "select id from base\n",
                "db/views/sub/base.sql", BASE, "db/other/ignored.sql", "select nonsense from", "db/views/readme.txt", "x"));
        try (URLClassLoader loader = loader(jar)) {
            ViewSet set = ClasspathViews.load("classpath:db/views/", loader, "public");

            assertThat(order(set)).containsExactly("public.base", "reporting.above");
            assertThat(set.get(new QualifiedName("public", "base")).orElseThrow().source().file())
                    .isEqualTo(Path.of("classpath:db/views/sub/base.sql"));
        }
    }

    @Test
    void readsTheViewsOfADirectoryOnTheClasspath() throws IOException {
        Path root = directory(tmp.resolve("classes"), Map.of("db/views/base.sql", BASE, "db/views/above.sql", ABOVE));
        try (URLClassLoader loader = loader(root)) {
            assertThat(order(ClasspathViews.load("classpath:/db/views", loader, "public"))).containsExactly("public.base", "public.above");
        }
    }

    @Test
    void joinsTheViewsOfEveryClasspathRootAndTheFirstOfTwoEqualPathsWins() throws IOException {
        Path classes = directory(tmp.resolve("classes"), Map.of("db/views/above.sql", ABOVE, "db/views/base.sql", BASE));
        Path jar = jar(tmp.resolve("lib.jar"), Map.of("db/views/base.sql", "select nonsense from", "db/views/lib_view.sql", "select 2 as x\n"));
        try (URLClassLoader loader = loader(classes, jar)) {
            ViewSet set = ClasspathViews.load("classpath:db/views/", loader, "public");

            assertThat(order(set)).containsExactlyInAnyOrder("public.base", "public.above", "public.lib_view");
            assertThat(set.get(new QualifiedName("public", "base")).orElseThrow().query()).contains("select 1 as id");
        }
    }

    @Test
    void anErrorInAViewOnTheClasspathNamesItsResourceAndLine() throws IOException {
        Path jar = jar(tmp.resolve("app.jar"), Map.of("db/views/bad.sql", "-- materialized\n-- refresh: every fortnight\nselect 1\n"));
        try (URLClassLoader loader = loader(jar)) {
            assertThatThrownBy(() -> ClasspathViews.load("classpath:db/views/", loader, "public"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> {
                        assertThat(e.where()).isEqualTo("classpath:db/views/bad.sql:2");
                        assertThat(e.code()).isEqualTo(ErrorCode.VIEW_FILE);
                    });
        }
    }

    @Test
    void aLocationMissingFromTheClasspathIsAnErrorSayingWhereToPutTheFiles() throws IOException {
        try (URLClassLoader loader = loader(tmp)) {
            assertThatThrownBy(() -> ClasspathViews.load("classpath:db/views/", loader, "public"))
                    .isInstanceOfSatisfying(MatviewException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.VIEWS_DIRECTORY_MISSING);
                        assertThat(e.getMessage()).contains("classpath:db/views/").contains("src/main/resources/db/views/");
                    });
        }
    }

    @ParameterizedTest
    @CsvSource({"classpath:db/views/, db/views/", "classpath:/db/views, db/views/", "db/views, db/views/", "classpath:, ''"})
    void aLocationBecomesOneResourceDirectory(String location, String directory) {
        assertThat(ClasspathViews.directoryOf(location)).isEqualTo(directory);
    }
}
