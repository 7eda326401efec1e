package io.matview.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.Matview;
import io.matview.testing.TestDatabase;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * PostgreSQL goes away under a running server (its connections are terminated and new ones are
 * refused): health says so within about a second, reads answer 503 with Retry-After at once (or from
 * the cache, for the newest generation known), never 500. The client gives up after 5 s: an answer
 * that waits for the driver's or the pool's long timeouts fails the test.
 */
class DatabaseDownTest {
    private static final Duration CLIENT_PATIENCE = Duration.ofSeconds(5);
    private static final String CACHED = "/api/views/orders_mv/rows?select=id&order=id&limit=3";

    @TempDir
    static Path dir;
    static Fixture f;
    static Switch database;
    static MatviewServer server;
    static Http http;
    static Http.Response cachedBefore;

    @BeforeAll
    static void startThenStopTheDatabase() throws Exception {
        f = Fixture.create(dir);
        database = new Switch(f.db);
        Matview matview = Matview.configure().dataSource(database).viewsDirectory(f.views).load();
        server = MatviewServer.start(matview, ServerSettings.builder().port(0).scheduler(false).build());
        http = new Http(server).within(CLIENT_PATIENCE);
        cachedBefore = http.get(CACHED);
        assertThat(cachedBefore.status()).isEqualTo(200);
        database.down();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthAnswers503WithinAboutASecond() {
        Http.Response r = http.get("/health");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().get("database").asText()).isEqualTo("down");
    }

    @Test
    void aReadOfAPlainViewAnswers503WithRetryAfter() {
        Http.Response r = http.get("/api/views/orders_plain/rows?limit=2");
        assertThat(r.status()).as(r.toString()).isEqualTo(503);
        assertThat(r.header("Retry-After")).hasValue(ErrorMapping.DATABASE_RETRY_AFTER);
        assertThat(r.json().get("error").asText()).isEqualTo("the database is unavailable");
        assertThat(r.header("Cache-Control")).hasValue("no-store");
    }

    @Test
    void aReadNotInTheCacheAnswers503WithRetryAfter() {
        Http.Response r = http.get("/api/views/orders_mv/rows?select=id,name&limit=4");
        assertThat(r.status()).as(r.toString()).isEqualTo(503);
        assertThat(r.header("Retry-After")).hasValue(ErrorMapping.DATABASE_RETRY_AFTER);
        assertThat(r.header("ETag")).isEmpty();
    }

    @Test
    void aCachedAnswerOfTheNewestKnownGenerationIsStillServed() {
        Http.Response r = http.get(CACHED);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(cachedBefore.body());
        assertThat(r.header("ETag")).isEqualTo(cachedBefore.header("ETag"));
    }

    @Test
    void metadataStillAnswersAndNothingIs500() {
        assertThat(http.get("/api/views").status()).isEqualTo(200);
        assertThat(http.get("/api/views/orders_mv").status()).isEqualTo(200);
        assertThat(http.get("/metrics").status()).isEqualTo(503);
        assertThat(http.get("/api/views/orders_mv/history").status()).isEqualTo(503);
    }

    /**
     * The database as the server sees it: the fixture's while up; once down, its open connections are
     * terminated and new ones go to a port nothing listens on, refused at once like a stopped server's.
     */
    static final class Switch implements DataSource {
        private final DataSource up;
        private volatile DataSource current;

        Switch(DataSource up) {
            this.up = up;
            this.current = up;
        }

        void down() throws Exception {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            PGSimpleDataSource refused = new PGSimpleDataSource();
            refused.setURL("jdbc:postgresql://localhost:" + closedPort + "/postgres");
            refused.setUser("postgres");
            String name = TestDatabase.databaseName(up);
            current = refused;
            TestDatabase.execute(TestDatabase.server().getPostgresDatabase(),
                    "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + name + "'");
        }

        @Override
        public Connection getConnection() throws SQLException {
            return current.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return current.getConnection(user, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
