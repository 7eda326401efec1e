package io.matview.sqltest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each expectation checks, how values compare by type, and what a failure says. */
class SqlTestAssertionsTest {
    @TempDir
    Path dir;
    SqlTestProject project;

    @BeforeEach
    void setUp() {
        project = new SqlTestProject(dir);
    }

    private static List<SqlTestStatus> statuses(SqlTestFileResult file) {
        return file.results().stream().map(SqlTestResult::status).toList();
    }

    @Test
    void valuesCompareByTypeNotByHowTheyAreWritten() {
        SqlTestFileResult file = project.runOne("types.test.sql", """
                -- test: numeric 2 equals 2.00
                -- expect: 2
                select 2.00::numeric(10, 2);

                -- test: a date written without leading zeros
                -- expect: 2024-1-5
                select date '2024-01-05';

                -- test: true as t
                -- expect: true
                select true;

                -- test: a timestamp with a time zone, in another notation
                -- expect: 2024-01-05T10:00:00Z
                select timestamptz '2024-01-05 10:00:00+00';

                -- test: null
                -- expect: null
                select null::int;

                -- test: a quoted string keeps its spaces and the word null
                -- expect: ' null '
                select ' null '::text;

                -- test: rows, with an empty cell as NULL and float against numeric text
                -- expect rows:
                --  n   | d          | note
                --  1.0 | 2024-01-05 |
                --  2.5 | 2024-01-06 | ''
                select * from (values (1::float8, date '2024-01-05', null::text), (2.50::float8, date '2024-01-06', '')) v(n, d, note);
                """);

        assertThat(file.results()).allSatisfy(r -> assertThat(r.status()).as(r.name() + ": " + r.message()).isEqualTo(SqlTestStatus.PASSED));
        assertThat(file.results()).hasSize(7);
    }

    @Test
    void aDifferentValueFails() {
        SqlTestFileResult file = project.runOne("wrong.test.sql", """
                -- test: two is not three
                -- expect: 3
                select 2;

                -- test: null is not zero
                -- expect: 0
                select null::int;

                -- test: empty is not one row
                -- expect empty
                select 1;
                """);

        assertThat(statuses(file)).containsOnly(SqlTestStatus.FAILED).hasSize(3);
        assertThat(file.results().get(0).message()).contains("expected 3, got 2");
        assertThat(file.results().get(1).message()).contains("got NULL");
    }

    @Test
    void rowOrderCountsOnlyWhenTheQueryHasOrderBy() {
        String table = """
                -- expect rows:
                --  n
                --  2
                --  1
                """;
        SqlTestFileResult file = project.runOne("order.test.sql", "-- test: unordered\n" + table
                + "select n from (values (1), (2)) v(n);\n\n-- test: ordered\n" + table
                + "select n from (values (1), (2)) v(n) order by n;\n\n-- test: order by inside a window only\n" + table
                + "select n from (select n, row_number() over (order by n) from (values (1), (2)) v(n)) w;\n");

        assertThat(statuses(file)).containsExactly(SqlTestStatus.PASSED, SqlTestStatus.FAILED, SqlTestStatus.PASSED);
        assertThat(file.results().get(1).message()).contains("in the query's order");
    }

    @Test
    void aRowsFailureSaysWhereWhatAndShowsTheDiff() {
        SqlTestFileResult file = project.runOne("diff.test.sql", """
                insert into orders values (1, '2024-01-01', 10, 'paid'), (2, '2024-01-02', 5, 'paid'), (3, '2024-01-02', 1, 'failed');

                -- test: revenue per day
                -- expect rows:
                --  day        | orders | revenue
                --  2024-01-01 | 1      | 10
                --  2024-01-02 | 2      | 6
                select day, orders, revenue from paid_orders order by day;
                """);

        SqlTestResult r = file.results().get(0);
        assertThat(r.status()).isEqualTo(SqlTestStatus.FAILED);
        assertThat(r.location()).endsWith("diff.test.sql:8");
        assertThat(r.name()).isEqualTo("revenue per day");
        assertThat(r.query()).isEqualTo("select day, orders, revenue from paid_orders order by day");
        assertThat(r.diff()).isEqualTo("""
                  2024-01-01 | 1 | 10
                - 2024-01-02 | 2 | 6
                + 2024-01-02 | 1 | 5""");
        assertThat(project.matview.runSqlTests(SqlTestOptions.builder().paths(List.of(r.file())).build()).summary())
                .contains("diff.test.sql:8  revenue per day", "select day, orders, revenue from paid_orders order by day",
                        "- 2024-01-02 | 2 | 6", "+ 2024-01-02 | 1 | 5", "0 passed, 1 failed, 0 skipped, in 1 file");
    }

    @Test
    void theColumnsMustBeTheOnesTheTableNames() {
        SqlTestFileResult file = project.runOne("columns.test.sql", """
                -- test: named columns
                -- expect rows:
                --  a | c
                --  1 | 2
                select 1 as a, 2 as b;
                """);

        assertThat(file.results().get(0).status()).isEqualTo(SqlTestStatus.FAILED);
        assertThat(file.results().get(0).message()).contains("[a, b]", "[a, c]");
    }

    @Test
    void anExpectedErrorMatchesBySqlstateOrByPartOfTheMessage() {
        SqlTestFileResult file = project.runOne("errors.test.sql", """
                -- test: negative amounts are refused
                -- expect error: 23514
                insert into orders values (1, '2024-01-01', -1, 'paid');

                -- test: by message, in any case
                -- expect error: VIOLATES CHECK CONSTRAINT
                insert into orders values (1, '2024-01-01', 1, 'lost');

                -- test: the transaction goes on after an expected error
                -- expect: 0
                select count(*) from orders;

                -- test: another error than expected
                -- expect error: 23505
                select 1 / 0;

                -- test: no error at all
                -- expect error: 23514
                select 1;
                """);

        assertThat(statuses(file)).containsExactly(SqlTestStatus.PASSED, SqlTestStatus.PASSED, SqlTestStatus.PASSED,
                SqlTestStatus.FAILED, SqlTestStatus.FAILED);
        assertThat(file.results().get(3).actual()).contains("22012");
        assertThat(file.results().get(4).message()).contains("an error was expected");
    }

    @Test
    void aNamedStatementWithoutExpectationMustSucceed() {
        SqlTestFileResult file = project.runOne("succeeds.test.sql", """
                -- test: a paid order is accepted
                insert into orders values (1, '2024-01-01', 1, 'paid');

                -- test: a lost one is not
                insert into orders values (2, '2024-01-01', 1, 'lost');
                """);

        assertThat(statuses(file)).containsExactly(SqlTestStatus.PASSED, SqlTestStatus.FAILED);
        assertThat(file.results().get(1).message()).contains("orders_status_check");
    }
}
