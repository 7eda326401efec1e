package io.matview.sqltest;

import io.matview.Matview;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;

/**
 * A small project for SQL test runs, in a test's temporary directory and a fresh database: an orders
 * table (setup script), a plain view, a materialized view with a unique key, and the test files a test writes.
 */
final class SqlTestProject {
    static final String SCHEMA = """
            create table orders (
                id     integer primary key,
                day    date    not null,
                amount numeric(10, 2) not null check (amount >= 0),
                status text    not null check (status in ('paid', 'failed'))
            );
            """;

    final DataSource db = TestDatabase.fresh();
    final ViewFiles views;
    final ViewFiles tests;
    final Path setup;
    final Matview matview;

    SqlTestProject(Path dir) {
        views = new ViewFiles(dir.resolve("views"));
        tests = new ViewFiles(dir.resolve("views/tests"));
        setup = new ViewFiles(dir).write("schema.sql", SCHEMA);
        views.write("paid_orders.sql", """
                -- description: paid orders per day
                select day, count(*) as orders, sum(amount) as revenue
                from orders
                where status = 'paid'
                group by day
                """);
        views.write("daily.sql", """
                -- materialized
                -- unique: day
                select day, count(*) as orders, sum(amount) as revenue
                from orders
                where status = 'paid'
                group by day
                """);
        matview = Matview.configure().dataSource(db).viewsDirectory(views.directory()).load();
    }

    /** Runs every test file of the views directory's tests/, after the setup script and the views. */
    SqlTestReport run() {
        return matview.runSqlTests(SqlTestOptions.builder().setupScripts(List.of(setup)).build());
    }

    /** Writes one test file and runs just it. */
    SqlTestFileResult runOne(String name, String text) {
        Path file = tests.write(name, text);
        SqlTestReport report = matview.runSqlTests(SqlTestOptions.builder().setupScripts(List.of(setup)).paths(List.of(file)).build());
        return report.files().get(0);
    }

    long count(String sql) {
        return TestDatabase.queryLong(db, sql);
    }
}
