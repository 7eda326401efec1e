package io.matview.cli;

import io.matview.Matview;
import io.matview.sqltest.SqlTestOptions;
import io.matview.sqltest.SqlTestReport;
import io.matview.sqltest.SqlTestStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "test", description = {
    "Runs SQL test files (*.test.sql, and pgTAP files) against the views, on real PostgreSQL.",
    "Applies the views to a scratch database first: a new database on the embedded PostgreSQL, dropped afterwards,",
    "or the --db database as it is (give the tests a database of their own). Each file runs in a transaction that",
    "is rolled back, or in a throwaway copy of the database when it refreshes. Prints TAP, or a summary on a terminal.",
    "Exit code 1 when any test failed, or when there was no test to run."})
final class TestCommand extends DatabaseCommand {
    enum Format { tap, summary }

    @Parameters(paramLabel = "FILE|DIR", arity = "0..*",
            description = "Test files, or directories searched for *.test.sql (default: the views directory's tests/).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--setup", paramLabel = "FILE",
            description = "SQL script to run once before the views are applied, e.g. the tables they read (repeatable, in order).")
    List<Path> setup = new ArrayList<>();

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML, for CI servers.")
    Path junit;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "tap or summary (default: summary on a terminal, TAP otherwise).")
    Format format;

    @Override
    int run(Matview matview) throws Exception {
        SqlTestOptions options = SqlTestOptions.builder().paths(paths).setupScripts(setup).build();
        if (matview.sqlTestFiles(options).isEmpty()) {
            err().println("error: no SQL test files (*.test.sql) in " + (paths.isEmpty() ? matview.sqlTestsDirectory() : paths));
            err().println("  hint: write tests in the views directory's tests/, or name files and directories after 'matview test'");
            return 1;
        }
        SqlTestReport report = database.embedded() ? inScratchDatabase(matview, options) : matview.runSqlTests(options);
        Format chosen = format != null ? format : System.console() != null ? Format.summary : Format.tap;
        out().print(chosen == Format.tap ? report.toTap() : report.summary());
        out().flush();
        if (junit != null) {
            write(junit, report.toJUnitXml());
        }
        return report.count(SqlTestStatus.FAILED) == 0 ? 0 : 1;
    }

    /** On the embedded PostgreSQL, the views go into a database made for this run and dropped after it. */
    private SqlTestReport inScratchDatabase(Matview server, SqlTestOptions options) throws SQLException {
        String scratch = "matview_test_" + ProcessHandle.current().pid();
        sql(server, "drop database if exists " + scratch + " with (force)");
        sql(server, "create database " + scratch);
        try {
            return database.matview(err(), scratch, database.views).runSqlTests(options);
        } finally {
            sql(server, "drop database if exists " + scratch + " with (force)");
        }
    }

    private static void sql(Matview matview, String sql) throws SQLException {
        try (Connection c = matview.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
