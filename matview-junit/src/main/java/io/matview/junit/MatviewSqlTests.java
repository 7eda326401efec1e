package io.matview.junit;

import io.matview.Matview;
import io.matview.sqltest.SqlTestFileResult;
import io.matview.sqltest.SqlTestOptions;
import io.matview.sqltest.SqlTestResult;
import io.matview.sqltest.SqlTestRun;
import io.matview.sqltest.SqlTestStatus;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Matview's SQL test files as JUnit 5 dynamic tests: one container per file, one test per assertion,
 * each linked to its file and line. In a test class:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> sql() {
 *     return MatviewSqlTests.from("views").dynamicTests();
 * }
 * }</pre>
 *
 * <p>The views are applied, and the tests run, on a fresh database of an embedded PostgreSQL (one server
 * per JVM, started on first use), or on the {@link #dataSource(DataSource) data source} given, e.g. a
 * Testcontainers PostgreSQL: give the tests a database of their own, since the views are applied to it.
 */
public final class MatviewSqlTests {
    private final Path viewsDirectory;
    private DataSource dataSource;
    private String defaultSchema = "public";
    private final List<Path> tests = new ArrayList<>();
    private final List<Path> setupScripts = new ArrayList<>();

    private MatviewSqlTests(Path viewsDirectory) {
        this.viewsDirectory = Objects.requireNonNull(viewsDirectory);
    }

    /** The SQL tests of the views in {@code viewsDirectory} (relative to the working directory, the module's in Maven). */
    public static MatviewSqlTests from(String viewsDirectory) {
        return from(Path.of(viewsDirectory));
    }

    public static MatviewSqlTests from(Path viewsDirectory) {
        return new MatviewSqlTests(viewsDirectory);
    }

    /** Runs on this database instead of the embedded PostgreSQL; Matview does not close it. */
    public MatviewSqlTests dataSource(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource);
        return this;
    }

    /** The schema of views whose file name has none; {@code public} by default. */
    public MatviewSqlTests defaultSchema(String defaultSchema) {
        this.defaultSchema = Objects.requireNonNull(defaultSchema);
        return this;
    }

    /** Test files or directories to run instead of the views directory's {@code tests/}. */
    public MatviewSqlTests tests(Path... paths) {
        tests.addAll(Arrays.asList(paths));
        return this;
    }

    /** SQL scripts run once before the views are applied: the tables the views read (a schema.sql, migrations). */
    public MatviewSqlTests setupScripts(Path... scripts) {
        setupScripts.addAll(Arrays.asList(scripts));
        return this;
    }

    /**
     * One container per test file, run when JUnit reaches it; the database is prepared now and released
     * when JUnit closes the stream, after the last file.
     */
    public Stream<DynamicNode> dynamicTests() {
        TestDatabase database = dataSource != null ? TestDatabase.given(dataSource) : EmbeddedServer.freshDatabase();
        Matview matview = null;
        SqlTestRun run;
        try {
            matview = Matview.configure().dataSource(database.dataSource()).viewsDirectory(viewsDirectory).defaultSchema(defaultSchema).load();
            run = matview.openSqlTests(SqlTestOptions.builder().paths(tests).setupScripts(setupScripts).build());
        } catch (RuntimeException e) {
            close(matview, null, database);
            throw e;
        }
        Matview opened = matview;
        return run.files().stream()
                .<DynamicNode>map(file -> DynamicContainer.dynamicContainer(displayName(file), file.toUri(),
                        Stream.of(file).flatMap(f -> assertions(run.run(f)))))
                .onClose(() -> close(opened, run, database));
    }

    private static Stream<DynamicNode> assertions(SqlTestFileResult file) {
        return file.results().stream().map(r -> DynamicTest.dynamicTest(r.name(), lineUri(r), () -> verdict(r)));
    }

    static void verdict(SqlTestResult r) {
        if (r.status() == SqlTestStatus.SKIPPED) {
            throw new TestAbortedException(r.location() + ": " + r.name() + ": skipped: " + r.message());
        }
        if (r.status() == SqlTestStatus.FAILED) {
            throw new AssertionFailedError(failure(r), r.expected(), r.actual());
        }
    }

    /** What a failure says: where, which assertion, why, the query, and expected against actual (or their diff). */
    private static String failure(SqlTestResult r) {
        StringBuilder out = new StringBuilder(r.location()).append(": ").append(r.name());
        if (r.message() != null) {
            out.append(": ").append(r.message());
        }
        if (!r.query().isEmpty()) {
            out.append("\nquery:\n").append(r.query().indent(2).stripTrailing());
        }
        if (r.diff() != null) {
            out.append("\nrows (- expected, + actual):\n").append(r.diff().indent(2).stripTrailing());
        } else {
            if (r.expected() != null) {
                out.append("\nexpected: ").append(r.expected());
            }
            if (r.actual() != null) {
                out.append("\nactual:   ").append(r.actual());
            }
        }
        return out.toString().stripTrailing();
    }

    private String displayName(Path file) {
        Path base = viewsDirectory.toAbsolutePath().normalize();
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : file.toString();
    }

    /** The file at the assertion's line, in the form IDEs open ({@code file:///…?line=N}). */
    private static URI lineUri(SqlTestResult r) {
        return URI.create(r.file().toAbsolutePath().toUri() + "?line=" + r.line());
    }

    private static void close(Matview matview, SqlTestRun run, TestDatabase database) {
        try (database) {
            try (matview) {
                if (run != null) {
                    run.close();
                }
            }
        }
    }
}
