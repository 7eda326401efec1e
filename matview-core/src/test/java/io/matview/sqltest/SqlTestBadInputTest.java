package io.matview.sqltest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad test files fail as tests, at their file and line; the runner goes on with the other files. */
class SqlTestBadInputTest {
    @TempDir
    Path dir;
    SqlTestProject project;

    @BeforeEach
    void setUp() {
        project = new SqlTestProject(dir);
        project.tests.write("z_good.test.sql", """
                -- test: still runs
                -- expect: 1
                select 1;
                """);
    }

    private SqlTestReport runWith(String name, String text) {
        project.tests.write(name, text);
        SqlTestReport report = project.run();
        assertThat(report.files()).hasSize(2);
        assertThat(report.files().get(1).status()).as("the other file").isEqualTo(SqlTestStatus.PASSED);
        return report;
    }

    private static SqlTestResult onlyFailure(SqlTestReport report) {
        List<SqlTestResult> failed = report.results().stream().filter(r -> r.status() == SqlTestStatus.FAILED).toList();
        assertThat(failed).hasSize(1);
        return failed.get(0);
    }

    @Test
    void aFileThatIsNotValidSqlFailsAtItsLine() {
        SqlTestReport report = runWith("a.test.sql", """
                -- test: broken string
                -- expect: 1
                select 'never closed;
                """);

        SqlTestResult r = onlyFailure(report);
        assertThat(r.location()).endsWith("a.test.sql:3");
        assertThat(r.message()).contains("unterminated quoted string");
    }

    @Test
    void aStatementPostgresCannotParseFailsAtItsLine() {
        SqlTestReport report = runWith("a.test.sql", """
                insert into orders values (1, '2024-01-01', 1, 'paid');

                selec count(*) from orders;

                -- test: not reached
                -- expect: 1
                select count(*) from orders;
                """);

        SqlTestResult r = onlyFailure(report);
        assertThat(r.location()).endsWith("a.test.sql:3");
        assertThat(r.message()).contains("syntax error");
        assertThat(report.files().get(0).results()).extracting(SqlTestResult::status).containsExactly(SqlTestStatus.FAILED, SqlTestStatus.SKIPPED);
    }

    @Test
    void anExpectationThatCannotBeReadFailsAtItsLine() {
        SqlTestReport report = runWith("a.test.sql", """
                -- test: what is this
                -- expect roughly: 2
                select 2;
                """);

        SqlTestResult r = onlyFailure(report);
        assertThat(r.location()).endsWith("a.test.sql:2");
        assertThat(r.name()).isEqualTo("what is this");
        assertThat(r.message()).contains("cannot read the expectation", "-- expect rows:");
    }

    @Test
    void aTableRowWithTheWrongNumberOfCellsFailsAtItsLine() {
        SqlTestReport report = runWith("a.test.sql", """
                -- test: ragged
                -- expect rows:
                --  a | b
                --  1
                select 1 as a, 2 as b;
                """);

        SqlTestResult r = onlyFailure(report);
        assertThat(r.location()).endsWith("a.test.sql:4");
        assertThat(r.message()).contains("1 cells", "2 columns");
    }

    @Test
    void anExpectedValueOfTheWrongTypeFails() {
        SqlTestReport report = runWith("a.test.sql", """
                -- test: not a date
                -- expect: yesterday-ish
                select current_date;
                """);

        assertThat(onlyFailure(report).message()).contains("cannot read the expected value 'yesterday-ish' as date");
    }

    @Test
    void aFixtureViolatingAConstraintFailsAtItsLineAndSkipsTheRest() {
        SqlTestReport report = runWith("a.test.sql", """
                insert into orders values (1, '2024-01-01', 1, 'paid');
                insert into orders values (1, '2024-01-02', 1, 'paid');

                -- test: not reached
                -- expect: 2
                select count(*) from orders;
                """);

        SqlTestResult r = onlyFailure(report);
        assertThat(r.location()).endsWith("a.test.sql:2");
        assertThat(r.message()).contains("the fixture failed", "orders_pkey");
        SqlTestResult skipped = report.files().get(0).results().get(1);
        assertThat(skipped.status()).isEqualTo(SqlTestStatus.SKIPPED);
        assertThat(skipped.message()).contains("line 2");
    }

    @Test
    void aViewThatFailsToRefreshFailsAtTheRefreshLine() {
        project.views.write("share.sql", """
                -- materialized
                select day, 100 / sum(amount)::int as share from orders group by day
                """);
        SqlTestReport report = runWith("a.test.sql", """
                insert into orders values (1, '2024-01-01', 0, 'paid');
                refresh materialized view share;

                -- test: not reached
                -- expect: 1
                select count(*) from share;
                """);

        SqlTestResult r = onlyFailure(report);
        assertThat(r.location()).endsWith("a.test.sql:2");
        assertThat(r.message()).contains("the refresh failed", "division by zero");
    }

    @Test
    void aDirectiveWithoutAQueryFails() {
        SqlTestReport report = runWith("a.test.sql", """
                select 1;
                -- test: dangling
                -- expect: 1
                """);

        SqlTestResult r = onlyFailure(report);
        assertThat(r.location()).endsWith("a.test.sql:2");
        assertThat(r.message()).contains("no query follows");
    }

    @Test
    void aFileWithoutAssertionFailsRatherThanPassing() {
        SqlTestReport report = runWith("a.test.sql", "insert into orders values (1, '2024-01-01', 1, 'paid');\n");

        assertThat(onlyFailure(report).message()).contains("no assertion");
    }

    @Test
    void aTestPathThatDoesNotExistIsAnError() {
        assertThatThrownBy(() -> project.matview.runSqlTests(SqlTestOptions.builder().paths(List.of(dir.resolve("nope"))).build()))
                .isInstanceOfSatisfying(MatviewException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SQL_TEST_FILES));
    }

    @Test
    void aFailingSetupScriptIsAnErrorAtItsLineAndKeepsNothing() {
        Path setup = project.tests.write("../../bad-setup.sql", "create table kept (id int);\ncreate tabel oops (id int);\n");

        assertThatThrownBy(() -> project.matview.runSqlTests(SqlTestOptions.builder().setupScripts(List.of(setup)).build()))
                .isInstanceOfSatisfying(MatviewException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SQL_TEST_SETUP);
                    assertThat(e.where()).endsWith("bad-setup.sql:2");
                });
        assertThat(project.count("select count(*) from pg_tables where tablename = 'kept'")).isZero();
    }
}
