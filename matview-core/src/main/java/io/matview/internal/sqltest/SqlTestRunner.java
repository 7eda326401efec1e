package io.matview.internal.sqltest;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.matview.internal.db.DatabaseErrors;
import io.matview.internal.db.SqlResource;
import io.matview.internal.view.SqlScript;
import io.matview.sqltest.SqlTestFileResult;
import io.matview.sqltest.SqlTestIsolation;
import io.matview.sqltest.SqlTestOptions;
import io.matview.sqltest.SqlTestResult;
import io.matview.sqltest.SqlTestRun;
import io.matview.sqltest.SqlTestStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Runs SQL test files against a database: the setup scripts and the views applied once, then each
 * file in a transaction that is rolled back, or in a throwaway copy of the database when it refreshes
 * (Matview's refresh commits on its own connection) or runs a statement PostgreSQL refuses in a
 * transaction block.
 */
public final class SqlTestRunner implements SqlTestRun {
    /** PostgreSQL's "cannot run inside a transaction block" (active_sql_transaction). */
    private static final String IN_TRANSACTION_BLOCK = "25001";
    private static final AtomicInteger THROWAWAY = new AtomicInteger();

    /** What the runner needs of Matview: apply the views, refresh through Matview's refresher. */
    public interface Views {
        void apply(DataSource database);

        void refresh(DataSource database, String view, boolean concurrently);
    }

    private final DataSource database;
    private final Function<String, DataSource> otherDatabase;
    private final Views views;
    private final List<Path> files;
    private final String databaseName;
    private final PgTap.Presence pgTap;

    /**
     * @param database the database to apply to and test in, without a pool: a throwaway copy needs
     *     the database free of other sessions
     * @param otherDatabase a data source for another database on the same server, by name; {@code null}
     *     when it cannot be made, which fails the files that need a throwaway database
     */
    public static SqlTestRunner open(DataSource database, Function<String, DataSource> otherDatabase, Views views,
            Path testsDirectory, SqlTestOptions options) {
        List<Path> files = discover(options.paths().isEmpty() ? List.of(testsDirectory) : options.paths(), !options.paths().isEmpty());
        for (Path script : options.setupScripts()) {
            setup(database, script);
        }
        if (options.applyViews()) {
            views.apply(database);
        }
        return new SqlTestRunner(database, otherDatabase, views, files);
    }

    private SqlTestRunner(DataSource database, Function<String, DataSource> otherDatabase, Views views, List<Path> files) {
        this.database = database;
        this.otherDatabase = otherDatabase;
        this.views = views;
        this.files = files;
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                var rs = s.executeQuery(SqlResource.load(SqlTestRunner.class, "database.sql"))) {
            rs.next();
            this.databaseName = rs.getString("name");
            this.pgTap = rs.getBoolean("pgtap_installed") ? PgTap.Presence.INSTALLED
                    : rs.getBoolean("pgtap_available") ? PgTap.Presence.AVAILABLE : PgTap.Presence.ABSENT;
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e);
        }
    }

    /**
     * The {@code *.test.sql} files below each directory, and each file named as it is, in path order.
     * A directory that does not exist is no error when it is the default one (a project without tests).
     */
    public static List<Path> discover(List<Path> paths, boolean named) {
        List<Path> found = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isRegularFile(p)) {
                found.add(p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".test.sql")).sorted().forEach(found::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + p, e);
                }
            } else if (named) {
                throw new MatviewException(ErrorCode.SQL_TEST_FILES, "no SQL test file or directory " + p, p.toString(),
                        "name test files (*.test.sql) or directories that hold them");
            }
        }
        return List.copyOf(found);
    }

    private static void setup(DataSource database, Path script) {
        String text;
        try {
            text = Files.readString(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MatviewException(ErrorCode.SQL_TEST_SETUP, "cannot read the setup script: " + e.getMessage(), script.toString(),
                    "name a readable SQL script", e);
        }
        SqlScript parsed;
        try {
            parsed = SqlScript.parse(text);
        } catch (SqlScript.SyntaxError e) {
            throw new MatviewException(ErrorCode.SQL_TEST_SETUP, e.getMessage(), script + ":" + e.line(), "fix the setup script");
        }
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            for (SqlScript.Statement st : parsed.statements()) {
                try (Statement s = c.createStatement()) {
                    s.execute(st.sql());
                } catch (SQLException e) {
                    c.rollback();
                    throw new MatviewException(ErrorCode.SQL_TEST_SETUP, "the setup script failed: " + e.getMessage(),
                            script + ":" + st.line(), "fix the setup script; nothing of it was kept", e);
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e);
        }
    }

    @Override
    public List<Path> files() {
        return files;
    }

    @Override
    public SqlTestFileResult run(Path file) {
        long started = System.nanoTime();
        TestFile test;
        try {
            test = TestFileParser.parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return result(file, SqlTestIsolation.TRANSACTION, false, started,
                    List.of(fileFailure(file, 1, "cannot read the file: " + e.getMessage())));
        }
        if (test.pgTap() && pgTap == PgTap.Presence.ABSENT) {
            return result(file, SqlTestIsolation.TRANSACTION, true, started, List.of(new SqlTestResult(file, 1, "pgTAP file", "",
                    SqlTestStatus.SKIPPED, null, null, null, PgTap.installHint(database))));
        }
        if (test.refreshes()) {
            return result(file, SqlTestIsolation.THROWAWAY_DATABASE, test.pgTap(), started, inThrowawayDatabase(test));
        }
        FileRun.Outcome outcome = inTransaction(test);
        if (outcome.refusedInTransaction()) {
            return result(file, SqlTestIsolation.THROWAWAY_DATABASE, test.pgTap(), started, inThrowawayDatabase(test));
        }
        return result(file, SqlTestIsolation.TRANSACTION, test.pgTap(), started, outcome.results());
    }

    private static SqlTestFileResult result(Path file, SqlTestIsolation isolation, boolean pgTap, long started, List<SqlTestResult> results) {
        List<SqlTestResult> all = results;
        if (results.isEmpty()) {
            all = List.of(fileFailure(file, 1, "the file has no assertion: write '-- expect…' before a query "
                    + "(or '-- test: NAME' before a statement that must succeed)"));
        }
        return new SqlTestFileResult(file, isolation, pgTap, all, Duration.ofNanos(System.nanoTime() - started));
    }

    static SqlTestResult fileFailure(Path file, int line, String message) {
        return new SqlTestResult(file, line, "the file", "", SqlTestStatus.FAILED, null, null, null, message);
    }

    private FileRun.Outcome inTransaction(TestFile test) {
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            try {
                return new FileRun(test, c, true, pgTap, null).run();
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            return new FileRun.Outcome(List.of(fileFailure(test.file(), 1, "cannot reach the database: " + e.getMessage())), false);
        }
    }

    private List<SqlTestResult> inThrowawayDatabase(TestFile test) {
        if (otherDatabase == null) {
            return List.of(fileFailure(test.file(), 1, "this file needs a throwaway database (it refreshes, or runs a statement that "
                    + "cannot run in a transaction), and Matview cannot connect to another database through the data source it was "
                    + "given: configure Matview with a database URL or a PostgreSQL data source (PGSimpleDataSource)"));
        }
        String name = "matview_sqltest_" + ProcessHandle.current().pid() + "_" + THROWAWAY.incrementAndGet();
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name + " template " + quote(databaseName));
        } catch (SQLException e) {
            return List.of(fileFailure(test.file(), 1, "cannot make the throwaway database for this file (it refreshes, or runs a "
                    + "statement that cannot run in a transaction) as a copy of " + databaseName + ": " + e.getMessage()
                    + ("55006".equals(e.getSQLState()) ? " (PostgreSQL copies a database only while no other session is connected "
                    + "to it: close them, or give the tests a database of their own)" : "")));
        }
        try {
            DataSource throwaway = otherDatabase.apply(name);
            try (Connection c = throwaway.getConnection()) {
                c.setAutoCommit(true);
                return new FileRun(test, c, false, pgTap, (view, concurrently) -> views.refresh(throwaway, view, concurrently)).run().results();
            } catch (SQLException e) {
                return List.of(fileFailure(test.file(), 1, "cannot reach the throwaway database " + name + ": " + e.getMessage()));
            }
        } finally {
            try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + name + " with (force)");
            } catch (SQLException e) {
                // the file's result stands; the leftover database is named for this process and counter
                System.getLogger(SqlTestRunner.class.getName()).log(System.Logger.Level.WARNING,
                        "cannot drop the throwaway database " + name + ": " + e.getMessage());
            }
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static boolean refusedInTransaction(SQLException e) {
        return IN_TRANSACTION_BLOCK.equals(e.getSQLState());
    }

    @Override
    public void close() {
        // the runner holds no connection between files
    }
}
