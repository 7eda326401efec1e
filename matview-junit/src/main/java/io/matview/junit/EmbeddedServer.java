package io.matview.junit;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The embedded PostgreSQL of a test JVM (zonky's {@link EmbeddedPostgres}): started on first use, stopped
 * when the JVM exits (starting one costs seconds, and it holds no test's data), with a fresh database
 * for each {@code dynamicTests()} call, dropped after its last file.
 */
final class EmbeddedServer {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private EmbeddedServer() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new MatviewException(ErrorCode.CONFIGURATION, "cannot start the embedded PostgreSQL: " + e.getMessage(), null,
                        "check that the temporary directory is writable, or give the SQL tests a data source", e);
            }
        }
        return server;
    }

    static TestDatabase freshDatabase() {
        String name = "matview_sql_tests_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        DataSource admin = server().getPostgresDatabase();
        execute(admin, "CREATE DATABASE " + name);
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(server().getJdbcUrl("postgres", name));
        return new TestDatabase() {
            @Override
            public DataSource dataSource() {
                return database;
            }

            @Override
            public void close() {
                execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        };
    }

    private static void execute(DataSource admin, String sql) {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new MatviewException(ErrorCode.DATABASE_ERROR, "the embedded PostgreSQL refused " + sql + ": " + e.getMessage(), null, null, e);
        }
    }
}
