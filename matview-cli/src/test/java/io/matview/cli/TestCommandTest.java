package io.matview.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.cli.CommandLineTest.Result;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** {@code matview test}: TAP or a summary, JUnit XML, the exit code, and the scratch database on the embedded server. */
class TestCommandTest {
    private static final String PASSING = """
            insert into orders values (1, 10), (2, 5);

            -- test: sums the totals
            -- expect: 15
            select sum(total) from order_totals;
            """;
    private static final String FAILING = """
            insert into orders values (1, 10);

            -- test: wrong on purpose
            -- expect rows:
            --  n  | total
            --  1  | 11
            select 1 as n, total from order_totals;
            """;

    @TempDir
    Path tmp;
    Path views;
    Path schema;
    ViewFiles tests;

    @BeforeEach
    void setUp() {
        views = tmp.resolve("views");
        new ViewFiles(views).write("order_totals.sql", "select sum(total) as total from orders\n");
        schema = new ViewFiles(tmp).write("schema.sql", "create table orders (id int primary key, total int not null);\n");
        tests = new ViewFiles(views.resolve("tests"));
    }

    /** Runs {@code matview test} on a fresh database (the setup script creates the table). */
    private Result test(String... args) {
        String url = TestDatabase.url(TestDatabase.databaseName(TestDatabase.fresh()));
        String[] all = new String[args.length + 7];
        all[0] = "test";
        System.arraycopy(new String[] {"--db", url, "--views", views.toString(), "--setup", schema.toString()}, 0, all, 1, 6);
        System.arraycopy(args, 0, all, 7, args.length);
        return CommandLineTest.cli(all);
    }

    @Test
    void passingTestsPrintTapWriteJUnitXmlAndExitZero() throws Exception {
        tests.write("a.test.sql", PASSING);
        Path junit = tmp.resolve("reports/sql-tests.xml");

        Result r = test("--junit", junit.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.outLines()).containsExactly("TAP version 14", "1..1", "ok 1 - " + views.resolve("tests/a.test.sql") + ":5 sums the totals");
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("1");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(((Element) xml.getElementsByTagName("testcase").item(0)).getAttribute("name")).isEqualTo("sums the totals");
    }

    @Test
    void aFailureExitsOneWithItsPlaceNameQueryAndDiff() {
        tests.write("a.test.sql", PASSING);
        tests.write("b.test.sql", FAILING);

        Result tap = test();
        Result summary = test("--format", "summary");

        assertThat(tap.code()).isEqualTo(1);
        assertThat(tap.out()).contains("ok 1 - ", "not ok 2 - " + views.resolve("tests/b.test.sql") + ":7 wrong on purpose",
                "  query: |-\n    select 1 as n, total from order_totals", "- 1 | 11", "+ 1 | 10");
        assertThat(summary.code()).isEqualTo(1);
        assertThat(summary.out()).contains("PASS " + views.resolve("tests/a.test.sql"), "FAIL " + views.resolve("tests/b.test.sql"),
                "b.test.sql:7  wrong on purpose", "- 1 | 11", "+ 1 | 10", "1 passed, 1 failed, 0 skipped, in 2 files");
    }

    @Test
    void namedFilesRunAloneAndNoTestFilesIsAnError() {
        tests.write("a.test.sql", PASSING);
        Path other = new ViewFiles(tmp.resolve("elsewhere")).write("b.test.sql", FAILING);

        assertThat(test(views.resolve("tests/a.test.sql").toString()).code()).isZero();
        Result failing = test(other.toString());
        assertThat(failing.code()).isEqualTo(1);
        assertThat(failing.out()).contains("1..1", "not ok 1 - " + other + ":7");
        Result none = test(tmp.resolve("elsewhere/empty").toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("no SQL test file or directory");
    }

    @Test
    void withoutDbTheTestsRunInAScratchDatabaseOfTheEmbeddedServerThatIsDroppedAfterwards() {
        tests.write("a.test.sql", PASSING + """

                -- test: runs in a database of its own
                -- expect: true
                select current_database() like 'matview\\_%';
                """);
        Path data = tmp.resolve("pgdata");

        Result first = CommandLineTest.cli("test", "--views", views.toString(), "--setup", schema.toString(),
                "--embedded-data", data.toString());
        Result status = CommandLineTest.cli("status", "--views", views.toString(), "--embedded-data", data.toString());

        assertThat(first.code()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("ok 2 - ");
        assertThat(status.out()).as("the views went into the scratch database, not the embedded 'postgres'").contains("no managed views yet");
    }
}
