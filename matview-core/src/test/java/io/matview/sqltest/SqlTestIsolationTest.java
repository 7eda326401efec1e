package io.matview.sqltest;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each file runs alone: in a rolled-back transaction, or in a throwaway copy of the applied database; nothing persists. */
class SqlTestIsolationTest {
    @TempDir
    Path dir;
    SqlTestProject project;

    @BeforeEach
    void setUp() {
        project = new SqlTestProject(dir);
    }

    @Test
    void aFileWithoutRefreshRunsInATransactionThatIsRolledBack() {
        SqlTestFileResult file = project.runOne("plain.test.sql", """
                insert into orders values (1, '2024-01-01', 10, 'paid'), (2, '2024-01-01', 5, 'failed');

                -- test: counts only paid orders
                -- expect: 1
                select orders from paid_orders where day = '2024-01-01';
                """);

        assertThat(file.status()).isEqualTo(SqlTestStatus.PASSED);
        assertThat(file.isolation()).isEqualTo(SqlTestIsolation.TRANSACTION);
        assertThat(file.results()).extracting(SqlTestResult::name).containsExactly("counts only paid orders");
        assertThat(project.count("select count(*) from orders")).isZero();
    }

    @Test
    void aFileThatRefreshesRunsInAThrowawayDatabaseThatIsDroppedAfterwards() {
        SqlTestFileResult file = project.runOne("refresh.test.sql", """
                insert into orders values (1, '2024-01-01', 10, 'paid'), (2, '2024-01-02', 7.5, 'paid');
                refresh materialized view daily;

                -- test: the refresh saw the fixture
                -- expect rows:
                --  day        | orders | revenue
                --  2024-01-01 | 1      | 10
                --  2024-01-02 | 1      | 7.5
                select day, orders, revenue from daily;

                insert into orders values (3, '2024-01-02', 1, 'paid');
                refresh materialized view concurrently daily;

                -- test: a concurrent refresh too
                -- expect: 8.5
                select revenue from daily where day = '2024-01-02';
                """);

        assertThat(file.results()).allSatisfy(r -> assertThat(r.status()).as(r.message()).isEqualTo(SqlTestStatus.PASSED));
        assertThat(file.isolation()).isEqualTo(SqlTestIsolation.THROWAWAY_DATABASE);
        assertThat(project.count("select count(*) from orders")).isZero();
        assertThat(project.count("select count(*) from daily")).isZero();
        assertThat(TestDatabase.queryLong(TestDatabase.server().getPostgresDatabase(),
                "select count(*) from pg_database where datname like 'matview\\_sqltest\\_%'")).isZero();
    }

    @Test
    void aStatementPostgresRefusesInATransactionMovesTheFileToAThrowawayDatabase() {
        SqlTestFileResult file = project.runOne("vacuum.test.sql", """
                insert into orders values (1, '2024-01-01', 10, 'paid');
                vacuum analyze orders;

                -- test: the fixture is there after the vacuum
                -- expect: 1
                select count(*) from orders;
                """);

        assertThat(file.results()).allSatisfy(r -> assertThat(r.status()).as(r.message()).isEqualTo(SqlTestStatus.PASSED));
        assertThat(file.isolation()).isEqualTo(SqlTestIsolation.THROWAWAY_DATABASE);
        assertThat(project.count("select count(*) from orders")).isZero();
    }

    @Test
    void noFileSeesAnotherFilesData() {
        String text = """
                -- test: starts empty
                -- expect empty
                select * from orders;

                insert into orders values (1, '2024-01-01', 10, 'paid');
                refresh materialized view daily;

                -- test: sees only its own row
                -- expect: 1
                select count(*) from daily;
                """;
        project.tests.write("a.test.sql", text);
        project.tests.write("b.test.sql", text);
        project.tests.write("c.test.sql", text.replace("refresh materialized view daily;", "").replace("from daily", "from paid_orders"));
        project.tests.write("d.test.sql", text.replace("refresh materialized view daily;", "").replace("from daily", "from paid_orders"));

        SqlTestReport report = project.run();

        assertThat(report.files()).hasSize(4);
        assertThat(report.results()).allSatisfy(r -> assertThat(r.status()).as(r.location() + " " + r.message()).isEqualTo(SqlTestStatus.PASSED));
        assertThat(report.files()).extracting(SqlTestFileResult::isolation).containsExactly(SqlTestIsolation.THROWAWAY_DATABASE,
                SqlTestIsolation.THROWAWAY_DATABASE, SqlTestIsolation.TRANSACTION, SqlTestIsolation.TRANSACTION);
    }
}
