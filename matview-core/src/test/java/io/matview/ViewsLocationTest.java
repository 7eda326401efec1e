package io.matview;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.catalog.ViewStatus;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import io.matview.view.ViewFile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The views location of the builder: a packaged application applies the views its jar carries. */
class ViewsLocationTest {
    @TempDir
    Path tmp;

    @Test
    void appliesAndRefreshesTheViewsOfAJarOnTheClasspath() throws IOException {
        Path jar = tmp.resolve("app.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            // directory entries as the jar tool and Maven write them: a class loader finds a directory in a jar by its entry
            j.putNextEntry(new JarEntry("db/"));
            j.putNextEntry(new JarEntry("db/views/"));
            j.putNextEntry(new JarEntry("db/views/numbers.sql"));
            j.write("-- materialized\n-- unique: n\nselect generate_series(1, 3) as n\n".getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        DataSource db = TestDatabase.fresh();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             Matview matview = Matview.configure().dataSource(db).viewsLocation("classpath:db/views/").classLoader(loader).load()) {
            matview.apply();
            matview.refresh("numbers");

            assertThat(matview.viewFiles()).extracting(ViewFile::file).containsExactly(Path.of("classpath:db/views/numbers.sql"));
            assertThat(matview.status()).extracting(ViewStatus::name).extracting(Object::toString).containsExactly("public.numbers");
            assertThat(TestDatabase.queryLong(db, "select sum(n) from numbers")).isEqualTo(6);
            assertThat(matview.viewsLocation()).isEqualTo("classpath:db/views/");
        }
    }

    @Test
    void aFilesystemLocationIsTheViewsDirectory() {
        Path dir = new ViewFiles(tmp.resolve("views")).write("a.sql", "select 1 as a").getParent();
        try (Matview matview = Matview.configure().dataSource(TestDatabase.fresh()).viewsLocation("filesystem:" + dir).load()) {
            assertThat(matview.viewsDirectory()).isEqualTo(dir);
            assertThat(matview.viewFiles()).extracting(ViewFile::file).containsExactly(dir.resolve("a.sql"));
        }
    }
}
