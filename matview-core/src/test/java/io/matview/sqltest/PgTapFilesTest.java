package io.matview.sqltest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.matview.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pgTAP files: run and merged into the report when pgTAP is in the database, skipped with an install
 * hint when it is not. The embedded PostgreSQL has no pgTAP extension; the tests load pgTAP's own
 * pgtap.sql (from the Debian package postgresql-NN-pgtap) into the test database instead, which
 * changes nothing for other tests. On CI (CI=true) a machine without the package fails the test.
 */
class PgTapFilesTest {
    private static final String PGTAP_FILE = """
            begin;
            select plan(3);
            select has_materialized_view('daily');
            select is((select count(*)::int from orders), 0, 'orders start empty');
            insert into orders values (1, '2024-01-01', 10, 'paid');
            select ok((select orders from paid_orders) = 1, 'a paid order counts');
            select * from finish();
            rollback;
            """;

    @TempDir
    Path dir;
    SqlTestProject project;

    @BeforeEach
    void setUp() {
        project = new SqlTestProject(dir);
    }

    /** pgTAP's install script as the Debian package ships it, for any PostgreSQL major. */
    static Optional<Path> pgTapScript() {
        Path share = Path.of("/usr/share/postgresql");
        if (!Files.isDirectory(share)) {
            return Optional.empty();
        }
        try (Stream<Path> majors = Files.list(share)) {
            return majors.map(m -> m.resolve("extension/pgtap.sql")).filter(Files::isRegularFile).sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Test
    void aPgTapFileRunsAndItsTestsJoinTheReport() {
        Optional<Path> pgTap = pgTapScript();
        assumeTrue(pgTap.isPresent() || "true".equals(System.getenv("CI")),
                "pgTAP is not installed on this machine (Debian: apt-get install postgresql-15-pgtap); with CI=true this fails");
        assertThat(pgTap).as("pgTAP's pgtap.sql under /usr/share/postgresql/*/extension (CI installs postgresql-15-pgtap)").isPresent();
        project.tests.write("a.test.sql", PGTAP_FILE);
        project.tests.write("b.test.sql", """
                select plan(2);
                select is(1 + 1, 3, 'arithmetic is off');
                select * from finish();
                """);
        project.tests.write("c.test.sql", """
                -- test: directives still work in a plain file
                -- expect: 1
                select 1;
                """);

        SqlTestReport report = project.matview.runSqlTests(SqlTestOptions.builder()
                .setupScripts(List.of(project.setup, pgTap.get())).build());

        SqlTestFileResult passing = report.files().get(0);
        assertThat(passing.pgTap()).isTrue();
        assertThat(passing.results()).extracting(SqlTestResult::name, SqlTestResult::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Materialized view daily should exist", SqlTestStatus.PASSED),
                org.assertj.core.groups.Tuple.tuple("orders start empty", SqlTestStatus.PASSED),
                org.assertj.core.groups.Tuple.tuple("a paid order counts", SqlTestStatus.PASSED));
        assertThat(passing.results().get(2).location()).endsWith("a.test.sql:6");

        SqlTestFileResult failing = report.files().get(1);
        assertThat(failing.results()).extracting(SqlTestResult::status).containsExactly(SqlTestStatus.FAILED, SqlTestStatus.FAILED);
        assertThat(failing.results().get(0).message()).contains("have: 2", "want: 3");
        assertThat(failing.results().get(1).message()).contains("planned 2 tests and ran 1");
        assertThat(report.files().get(2).status()).isEqualTo(SqlTestStatus.PASSED);
        assertThat(report.toTap()).contains("ok 1 - " + passing.results().get(0).location(), "not ok 4 - ");
        assertThat(project.count("select count(*) from orders")).isZero();
    }

    @Test
    void withoutPgTapAPgTapFileIsSkippedWithHowToInstallIt() {
        assumeTrue(TestDatabase.queryLong(project.db, "select count(*) from pg_available_extensions where name = 'pgtap'") == 0,
                "this embedded PostgreSQL has the pgTAP extension");
        project.tests.write("a.test.sql", PGTAP_FILE);

        SqlTestReport report = project.run();

        SqlTestFileResult file = report.files().get(0);
        assertThat(file.status()).isEqualTo(SqlTestStatus.SKIPPED);
        assertThat(file.results()).singleElement().satisfies(r -> assertThat(r.message())
                .contains("postgresql-" + TestDatabase.serverVersion().split("\\.")[0] + "-pgtap"));
        assertThat(report.successful()).isTrue();
        assertThat(report.count(SqlTestStatus.PASSED)).isZero();
        assertThat(report.toTap()).contains("ok 1 - ", "# SKIP pgTAP is neither installed");
        assertThat(report.summary()).contains("SKIP ", "0 passed, 0 failed, 1 skipped");
    }
}
